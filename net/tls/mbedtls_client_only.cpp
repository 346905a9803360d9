// The client never holds a private key: it verifies the server's certificate chain and
// signature and derives ephemeral (EC)DH keys, nothing else. mbedTLS still links its
// private-key code, because PSA's driver dispatch and PK's method tables reach it without
// asking the configuration (an RSA private-key operation, RSA key deduction and checks,
// PKCS#1 private-key parsing and writing, ECDSA and RSA signing, RSA encryption): about
// 7 KB of flash on the board that can never run.
//
// cmake/deps.cmake links every user of mbedTLS with `-Wl,--wrap=<entry>` for the entry
// points below, so each call from another object reaches the `__wrap_<entry>` here instead;
// with nothing left calling them, --gc-sections drops the real functions and all they
// alone reach. Each replacement fails closed with the error the real function gives for
// an operation it does not support. tests/tls (ClientOnlyCrypto) shows a signature request
// refused; tests/boards/check-client-only.sh shows the code gone from the board images.
#include <cstddef>
#include <cstdint>
#include <type_traits>

extern "C" {
#include "psa_crypto_ecp.h"
#include "psa_crypto_rsa.h"
#include "rsa_alt_helpers.h"
#include "rsa_internal.h"
}

#include <mbedtls/pk.h>
#include <mbedtls/rsa.h>

extern "C" {

// Signing: the client has no certificate of its own, so no handshake signs anything.
psa_status_t __wrap_psa_sign_hash(mbedtls_svc_key_id_t /*key*/, psa_algorithm_t /*alg*/,
                                  const uint8_t* /*hash*/, size_t /*hash_length*/,
                                  uint8_t* /*signature*/, size_t /*signature_size*/,
                                  size_t* /*signature_length*/) {
    return PSA_ERROR_NOT_SUPPORTED;
}

psa_status_t __wrap_psa_sign_message(mbedtls_svc_key_id_t /*key*/, psa_algorithm_t /*alg*/,
                                     const uint8_t* /*input*/, size_t /*input_length*/,
                                     uint8_t* /*signature*/, size_t /*signature_size*/,
                                     size_t* /*signature_length*/) {
    return PSA_ERROR_NOT_SUPPORTED;
}

psa_status_t __wrap_mbedtls_psa_rsa_sign_hash(const psa_key_attributes_t* /*attributes*/,
                                              const uint8_t* /*key*/, size_t /*key_size*/,
                                              psa_algorithm_t /*alg*/, const uint8_t* /*hash*/,
                                              size_t /*hash_length*/, uint8_t* /*signature*/,
                                              size_t /*signature_size*/,
                                              size_t* /*signature_length*/) {
    return PSA_ERROR_NOT_SUPPORTED;
}

psa_status_t __wrap_mbedtls_psa_ecdsa_sign_hash(const psa_key_attributes_t* /*attributes*/,
                                                const uint8_t* /*key*/, size_t /*key_size*/,
                                                psa_algorithm_t /*alg*/, const uint8_t* /*hash*/,
                                                size_t /*hash_length*/, uint8_t* /*signature*/,
                                                size_t /*signature_size*/,
                                                size_t* /*signature_length*/) {
    return PSA_ERROR_NOT_SUPPORTED;
}

int __wrap_mbedtls_pk_sign_ext(mbedtls_pk_type_t /*pk_type*/, mbedtls_pk_context* /*ctx*/,
                               mbedtls_md_type_t /*md_alg*/, const unsigned char* /*hash*/,
                               size_t /*hash_len*/, unsigned char* /*sig*/, size_t /*sig_size*/,
                               size_t* /*sig_len*/, mbedtls_f_rng_t* /*f_rng*/, void* /*p_rng*/) {
    return MBEDTLS_ERR_PK_FEATURE_UNAVAILABLE;
}

// RSA encryption: TLS 1.3 and the ECDHE suites of TLS 1.2 never encrypt or decrypt with
// an RSA key (PK's method table still points at both).
psa_status_t __wrap_psa_asymmetric_encrypt(mbedtls_svc_key_id_t /*key*/, psa_algorithm_t /*alg*/,
                                           const uint8_t* /*input*/, size_t /*input_length*/,
                                           const uint8_t* /*salt*/, size_t /*salt_length*/,
                                           uint8_t* /*output*/, size_t /*output_size*/,
                                           size_t* /*output_length*/) {
    return PSA_ERROR_NOT_SUPPORTED;
}

psa_status_t __wrap_psa_asymmetric_decrypt(mbedtls_svc_key_id_t /*key*/, psa_algorithm_t /*alg*/,
                                           const uint8_t* /*input*/, size_t /*input_length*/,
                                           const uint8_t* /*salt*/, size_t /*salt_length*/,
                                           uint8_t* /*output*/, size_t /*output_size*/,
                                           size_t* /*output_length*/) {
    return PSA_ERROR_NOT_SUPPORTED;
}

// RSA private keys: never parsed, written, completed or checked.
int __wrap_mbedtls_rsa_parse_key(mbedtls_rsa_context* /*rsa*/, const unsigned char* /*key*/,
                                 size_t /*keylen*/) {
    return MBEDTLS_ERR_RSA_BAD_INPUT_DATA;
}

int __wrap_mbedtls_rsa_write_key(const mbedtls_rsa_context* /*rsa*/, unsigned char* /*start*/,
                                 unsigned char** /*p*/) {
    return MBEDTLS_ERR_RSA_BAD_INPUT_DATA;
}

int __wrap_mbedtls_rsa_check_pub_priv(const mbedtls_rsa_context* /*pub*/,
                                      const mbedtls_rsa_context* /*prv*/) {
    return MBEDTLS_ERR_RSA_KEY_CHECK_FAILED;
}

int __wrap_mbedtls_rsa_deduce_primes(mbedtls_mpi const* /*N*/, mbedtls_mpi const* /*E*/,
                                     mbedtls_mpi const* /*D*/, mbedtls_mpi* /*P*/,
                                     mbedtls_mpi* /*Q*/) {
    return MBEDTLS_ERR_RSA_BAD_INPUT_DATA;
}

int __wrap_mbedtls_rsa_deduce_private_exponent(mbedtls_mpi const* /*P*/, mbedtls_mpi const* /*Q*/,
                                               mbedtls_mpi const* /*E*/, mbedtls_mpi* /*D*/) {
    return MBEDTLS_ERR_RSA_BAD_INPUT_DATA;
}

int __wrap_mbedtls_rsa_validate_params(const mbedtls_mpi* /*N*/, const mbedtls_mpi* /*P*/,
                                       const mbedtls_mpi* /*Q*/, const mbedtls_mpi* /*D*/,
                                       const mbedtls_mpi* /*E*/,
                                       int (* /*f_rng*/)(void*, unsigned char*, size_t),
                                       void* /*p_rng*/) {
    return MBEDTLS_ERR_RSA_KEY_CHECK_FAILED;
}

int __wrap_mbedtls_rsa_validate_crt(const mbedtls_mpi* /*P*/, const mbedtls_mpi* /*Q*/,
                                    const mbedtls_mpi* /*D*/, const mbedtls_mpi* /*DP*/,
                                    const mbedtls_mpi* /*DQ*/, const mbedtls_mpi* /*QP*/) {
    return MBEDTLS_ERR_RSA_KEY_CHECK_FAILED;
}

}  // extern "C"

// Each replacement has exactly the signature of the function it stands in for.
#define PARLEY_SAME_SIGNATURE(entry)                                         \
    static_assert(std::is_same_v<decltype(__wrap_##entry), decltype(entry)>, \
                  #entry ": the replacement's signature differs from mbedTLS's")
PARLEY_SAME_SIGNATURE(psa_sign_hash);
PARLEY_SAME_SIGNATURE(psa_sign_message);
PARLEY_SAME_SIGNATURE(psa_asymmetric_encrypt);
PARLEY_SAME_SIGNATURE(psa_asymmetric_decrypt);
PARLEY_SAME_SIGNATURE(mbedtls_psa_rsa_sign_hash);
PARLEY_SAME_SIGNATURE(mbedtls_psa_ecdsa_sign_hash);
PARLEY_SAME_SIGNATURE(mbedtls_pk_sign_ext);
PARLEY_SAME_SIGNATURE(mbedtls_rsa_parse_key);
PARLEY_SAME_SIGNATURE(mbedtls_rsa_write_key);
PARLEY_SAME_SIGNATURE(mbedtls_rsa_check_pub_priv);
PARLEY_SAME_SIGNATURE(mbedtls_rsa_deduce_primes);
PARLEY_SAME_SIGNATURE(mbedtls_rsa_deduce_private_exponent);
PARLEY_SAME_SIGNATURE(mbedtls_rsa_validate_params);
PARLEY_SAME_SIGNATURE(mbedtls_rsa_validate_crt);
#undef PARLEY_SAME_SIGNATURE

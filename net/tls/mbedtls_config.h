// mbedTLS 3.6 build configuration for this client (MBEDTLS_CONFIG_FILE).
// Policy: a TLS 1.2/1.3 client only, certificate verification always on, AEAD suites
// only (AES-GCM, ChaCha20-Poly1305), ECDHE key exchange on x25519/secp256r1/secp384r1,
// RSA and ECDSA certificates. Everything else is left out to save flash.
// Memory: every allocation comes from one static arena (net/tls/tls_platform.h).
// Platform: time, milliseconds and entropy are routed to the HAL by tls_platform.cpp.
#pragma once

// ---- Platform --------------------------------------------------------------------
#define MBEDTLS_PLATFORM_C
#define MBEDTLS_PLATFORM_MEMORY  // mbedtls_calloc/free are pointers ...
// Until platform_init installs the arena, mbedtls_calloc refuses (no C heap fallback,
// so no malloc in a board image); see net/tls/tls_platform.cpp.
#define MBEDTLS_PLATFORM_STD_CALLOC parley_mbedtls_no_calloc
#define MBEDTLS_PLATFORM_STD_FREE parley_mbedtls_no_free
#include <stddef.h>
#ifdef __cplusplus
extern "C" {
#endif
void* parley_mbedtls_no_calloc(size_t count, size_t size);
void parley_mbedtls_no_free(void* pointer);
#ifdef __cplusplus
}
#endif
#define MBEDTLS_MEMORY_BUFFER_ALLOC_C  // ... set to a static arena allocator
// mbedTLS's default of 4 misaligns 64-bit fields on a 64-bit host (UBSan catches it);
// 8 is also what AAPCS asks of 64-bit types on Cortex-M.
#define MBEDTLS_MEMORY_ALIGN_MULTIPLE 8
#define MBEDTLS_HAVE_ASM
#define MBEDTLS_HAVE_TIME              // TLS 1.3 ticket ages
#define MBEDTLS_HAVE_TIME_DATE         // certificate validity
#define MBEDTLS_PLATFORM_TIME_ALT      // wall time from hal::Clock
#define MBEDTLS_PLATFORM_MS_TIME_ALT   // milliseconds from hal::Clock
#define MBEDTLS_PLATFORM_GMTIME_R_ALT  // no libc time zone code on a board
#define MBEDTLS_NO_PLATFORM_ENTROPY    // no /dev/urandom assumptions ...
#define MBEDTLS_ENTROPY_HARDWARE_ALT   // ... entropy from hal::Entropy instead
#define MBEDTLS_DEPRECATED_REMOVED

#if defined(PARLEY_TLS_MEASURE_ARENA)
#define MBEDTLS_MEMORY_DEBUG  // peak tracking (host builds)
#endif

// ---- Symmetric crypto and hashes ---------------------------------------------------
#define MBEDTLS_AES_C
#define MBEDTLS_AES_ROM_TABLES  // tables in flash, not RAM
#define MBEDTLS_AES_FEWER_TABLES
// GCM and the CTR-DRBG only ever run AES forwards: no decryption tables or code.
#define MBEDTLS_BLOCK_CIPHER_NO_DECRYPT
#define MBEDTLS_GCM_C
#define MBEDTLS_CHACHA20_C
#define MBEDTLS_POLY1305_C
#define MBEDTLS_CHACHAPOLY_C
// No MBEDTLS_CIPHER_C: TLS runs its AEADs through PSA (MBEDTLS_USE_PSA_CRYPTO), which
// calls GCM and ChaCha20-Poly1305 directly; GCM reaches AES through the block cipher layer.
#define MBEDTLS_MD_C
#define MBEDTLS_SHA224_C
#define MBEDTLS_SHA256_C
#define MBEDTLS_SHA256_SMALLER  // a rolled loop: about 1 KB less flash, a little slower
#define MBEDTLS_SHA384_C
#define MBEDTLS_SHA512_C
#define MBEDTLS_SHA512_SMALLER
// No SHA-1: mbedTLS's default X.509 profile refuses SHA-1 signatures anyway, and a root's
// own (self-)signature is never checked, so a SHA-1-signed root still anchors a chain.
#define MBEDTLS_HKDF_C  // firmware/settings derives its record key with mbedtls_hkdf
#define MBEDTLS_CTR_DRBG_C
#define MBEDTLS_ENTROPY_C

// ---- Public key --------------------------------------------------------------------
#define MBEDTLS_BIGNUM_C
#define MBEDTLS_ECP_C
#define MBEDTLS_ECP_DP_SECP256R1_ENABLED
#define MBEDTLS_ECP_DP_SECP384R1_ENABLED
#define MBEDTLS_ECP_DP_CURVE25519_ENABLED
// Measured on the emulated Cortex-M4 (docs/performance.md, "Options: ECC and AES"): the
// per-curve fast reduction for secp256r1/secp384r1 cuts a full handshake with an EC
// P-256 chain from 378 M to 92 M instructions (-76 %; its two ECDSA verifications
// dominate) for 1 856 B of flash, so it is on. The precomputed base-point comb tables
// (5.5 KB) and a larger window (640 B, 10-15 %) are off: the image must stay within
// 192 KiB, and x25519 (offered first) and RSA do not use them.
#define MBEDTLS_ECP_NIST_OPTIM
#define MBEDTLS_ECP_FIXED_POINT_OPTIM 0
#define MBEDTLS_ECP_WINDOW_SIZE 2
#define MBEDTLS_ECDH_C
#define MBEDTLS_ECDSA_C
#define MBEDTLS_RSA_C
#define MBEDTLS_PKCS1_V15
#define MBEDTLS_PKCS1_V21                // RSA-PSS, required by TLS 1.3 RSA certificates
#define MBEDTLS_X509_RSASSA_PSS_SUPPORT  // gates rsa_pss_rsae_* in our ClientHello
#define MBEDTLS_PK_C
#define MBEDTLS_PK_PARSE_C
#define MBEDTLS_ASN1_PARSE_C
#define MBEDTLS_ASN1_WRITE_C
#define MBEDTLS_OID_C
// PEM only where the build asks for it (PARLEY_TLS_PEM, cmake/deps.cmake: host builds,
// whose apps and tests read PEM files); a board embeds its CA bundle as DER.
#if defined(PARLEY_TLS_PEM)
#define MBEDTLS_BASE64_C
#define MBEDTLS_PEM_PARSE_C
#endif
#define MBEDTLS_X509_USE_C
#define MBEDTLS_X509_CRT_PARSE_C
#define MBEDTLS_X509_REMOVE_INFO  // no human-readable certificate dumps (and no snprintf)

// ---- PSA (TLS 1.3 key schedule runs on it) ------------------------------------------
#define MBEDTLS_PSA_CRYPTO_C
// Only the PSA algorithms and key types the client uses: net/tls/psa_crypto_config.h,
// which cmake/deps.cmake names as MBEDTLS_PSA_CRYPTO_CONFIG_FILE.
#define MBEDTLS_PSA_CRYPTO_CONFIG
#define MBEDTLS_USE_PSA_CRYPTO
// Without it PSA copies every input and output buffer into temporary arena blocks (a
// defence for buffers shared with an untrusted party, which ours never are): decrypting
// one received record of N bytes then needs 2N more bytes of arena, and a 10 KB API
// response failed with MBEDTLS_ERR_SSL_ALLOC_FAILED in the 48 KB arena.
#define MBEDTLS_PSA_ASSUME_EXCLUSIVE_BUFFERS
// PSA key slots are static (bss): a handshake holds at most the ephemeral ECDHE key, the
// peer's public key being checked, and two record keys per transform (TLS 1.3 keeps the
// handshake and application transforms at once), so 16 leave room; the default is 32.
#define MBEDTLS_PSA_KEY_SLOT_COUNT 16

// ---- TLS ---------------------------------------------------------------------------
#define MBEDTLS_SSL_TLS_C
#define MBEDTLS_SSL_CLI_C
#define MBEDTLS_SSL_PROTO_TLS1_2
#define MBEDTLS_SSL_PROTO_TLS1_3
#define MBEDTLS_SSL_TLS1_3_COMPATIBILITY_MODE  // middleboxes
#define MBEDTLS_SSL_TLS1_3_KEY_EXCHANGE_MODE_EPHEMERAL_ENABLED
#define MBEDTLS_SSL_TLS1_3_KEY_EXCHANGE_MODE_PSK_EPHEMERAL_ENABLED  // resumption
#define MBEDTLS_KEY_EXCHANGE_ECDHE_ECDSA_ENABLED
#define MBEDTLS_KEY_EXCHANGE_ECDHE_RSA_ENABLED
#define MBEDTLS_SSL_SERVER_NAME_INDICATION
#define MBEDTLS_SSL_SESSION_TICKETS
#define MBEDTLS_SSL_EXTENDED_MASTER_SECRET
#define MBEDTLS_SSL_KEEP_PEER_CERTIFICATE  // required by TLS 1.3 in 3.6
// No MBEDTLS_SSL_MAX_FRAGMENT_LENGTH: the client never asks for smaller records (the
// input buffer holds a full 16 KB record), so its code was dead weight.
#define MBEDTLS_SSL_RENEGOTIATION_DISABLED_ 1

// Record buffers: the input side must hold a full 16 KB record because we do not
// control the server; what we send is small, so the output side is 2 KB: the HTTP
// client hands over at most its 2 KB buffer per write, and a longer body goes out in
// more records (TlsClient::send returns what one record took; callers send the rest).
#define MBEDTLS_SSL_IN_CONTENT_LEN 16384
#define MBEDTLS_SSL_OUT_CONTENT_LEN 2048

// TLS 1.3 records are not padded (mbedTLS pads to 16 B by default): padding to 16 B hides
// only the last 4 bits of a record's length, so an observer still sees how long each
// request is to within 16 B, while a device on a metered or battery-powered link pays 7.5 B
// per record on average (docs/performance.md). RFC 8446 §5.4 leaves padding to the sender.
#define MBEDTLS_SSL_CID_TLS1_3_PADDING_GRANULARITY 1

// Certificate chains up to this depth (leaf + intermediates).
#define MBEDTLS_X509_MAX_INTERMEDIATE_CA 4

#if defined(PARLEY_TLS_ERROR_STRINGS)
#define MBEDTLS_ERROR_C  // mbedtls_strerror, host builds only
#endif

// PSA crypto configuration for this client (MBEDTLS_PSA_CRYPTO_CONFIG_FILE, included by
// mbedTLS's build_info.h through net/tls/mbedtls_config.h). Only the algorithms and key
// types the TLS 1.2/1.3 client of mbedtls_config.h uses: without this file mbedTLS 3.6
// derives a PSA_WANT_* for every legacy module (ECB, CBC, CTR, SHA-1, TLS 1.2 PSK, RSA
// key pairs...) and links their PSA code.
#pragma once

// AEAD record protection: AES-128/256-GCM and ChaCha20-Poly1305 (TLS 1.2 and 1.3).
#define PSA_WANT_ALG_GCM 1
#define PSA_WANT_ALG_CHACHA20_POLY1305 1
#define PSA_WANT_KEY_TYPE_AES 1
#define PSA_WANT_KEY_TYPE_CHACHA20 1

// Hashes: SHA-256/384 for the suites and the TLS 1.3 key schedule; SHA-224 and SHA-512
// for certificate and handshake signatures (mbedTLS's default X.509 profile accepts
// SHA-224..SHA-512, never SHA-1).
#define PSA_WANT_ALG_SHA_224 1
#define PSA_WANT_ALG_SHA_256 1
#define PSA_WANT_ALG_SHA_384 1
#define PSA_WANT_ALG_SHA_512 1

// Key schedules: HMAC, HKDF (TLS 1.3), the TLS 1.2 PRF.
#define PSA_WANT_ALG_HMAC 1
#define PSA_WANT_KEY_TYPE_HMAC 1
#define PSA_WANT_ALG_HKDF 1
#define PSA_WANT_ALG_HKDF_EXTRACT 1
#define PSA_WANT_ALG_HKDF_EXPAND 1
#define PSA_WANT_ALG_TLS12_PRF 1
#define PSA_WANT_KEY_TYPE_DERIVE 1
#define PSA_WANT_KEY_TYPE_RAW_DATA 1

// ECDHE on x25519, secp256r1, secp384r1 (an ephemeral key pair each handshake) and
// ECDSA verification of the server's certificates and handshake signatures.
#define PSA_WANT_ALG_ECDH 1
#define PSA_WANT_ALG_ECDSA 1
#define PSA_WANT_ECC_MONTGOMERY_255 1
#define PSA_WANT_ECC_SECP_R1_256 1
#define PSA_WANT_ECC_SECP_R1_384 1
#define PSA_WANT_KEY_TYPE_ECC_PUBLIC_KEY 1
#define PSA_WANT_KEY_TYPE_ECC_KEY_PAIR_BASIC 1
#define PSA_WANT_KEY_TYPE_ECC_KEY_PAIR_IMPORT 1
#define PSA_WANT_KEY_TYPE_ECC_KEY_PAIR_EXPORT 1
#define PSA_WANT_KEY_TYPE_ECC_KEY_PAIR_GENERATE 1

// RSA certificates: PKCS#1 v1.5 and PSS signature verification with public keys only
// (the client has no key of its own).
#define PSA_WANT_ALG_RSA_PKCS1V15_SIGN 1
#define PSA_WANT_ALG_RSA_PSS 1
#define PSA_WANT_KEY_TYPE_RSA_PUBLIC_KEY 1

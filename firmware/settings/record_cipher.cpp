#include "firmware/settings/record_cipher.h"

#include "hal/secure_wipe.h"
#include "mbedtls/cipher.h"
#include "mbedtls/gcm.h"
#include "mbedtls/hkdf.h"
#include "mbedtls/md.h"
#include "net/tls/tls_platform.h"

namespace firmware::settings {
namespace {

// HKDF inputs (SPEC.md "Encryption of secret values"): the salt is a fixed per-format constant, the
// info string names what the key is for, so no other use of the device key can collide.
constexpr char kKdfSalt[] = "parley-settings-salt";
constexpr char kKdfInfo[] = "parley-settings-v1";
constexpr uint8_t kSealVersion = 1;
constexpr size_t kAadSize = 2;  // seal version, key id
constexpr unsigned kKeyBits = RecordCipher::kKeySize * 8;

hal::ConstByteSpan text_bytes(const char* text, size_t size_with_nul) {
    return hal::ConstByteSpan(reinterpret_cast<const uint8_t*>(text), size_with_nul - 1);
}

hal::Status status_of(int mbedtls_error) {
    switch (mbedtls_error) {
        case 0:
            return hal::Status::kOk;
        case MBEDTLS_ERR_GCM_AUTH_FAILED:
            return hal::Status::kCorrupt;
        case MBEDTLS_ERR_CIPHER_ALLOC_FAILED:
        case MBEDTLS_ERR_MD_ALLOC_FAILED:
            return hal::Status::kOutOfMemory;
        default:
            return hal::Status::kInternal;
    }
}

// Before platform_init, mbedTLS would fall back to the C heap.
bool arena_installed() {
    return net::tls::arena_usage().capacity > 0;
}

}  // namespace

hal::Status RecordCipher::derive_key(hal::DeviceIdentity& identity) {
    forget();
    if (!arena_installed()) return hal::Status::kFailedPrecondition;
    uint8_t device_key[hal::kDeviceKeySize];
    hal::Status status = identity.device_key(hal::ByteSpan(device_key));
    if (status == hal::Status::kOk) {
        const hal::ConstByteSpan salt = text_bytes(kKdfSalt, sizeof kKdfSalt);
        const hal::ConstByteSpan info = text_bytes(kKdfInfo, sizeof kKdfInfo);
        status = status_of(mbedtls_hkdf(mbedtls_md_info_from_type(MBEDTLS_MD_SHA256), salt.data(),
                                        salt.size(), device_key, sizeof device_key, info.data(),
                                        info.size(), key_, sizeof key_));
    }
    hal::secure_wipe(device_key, sizeof device_key);
    ready_ = status == hal::Status::kOk;
    if (!ready_) forget();
    return status;
}

void RecordCipher::forget() {
    hal::secure_wipe(key_, sizeof key_);
    ready_ = false;
}

hal::Result<size_t> RecordCipher::seal(uint8_t key_id, hal::ConstByteSpan plaintext,
                                       hal::Entropy& entropy, hal::ByteSpan out) {
    if (!ready_) return hal::Status::kFailedPrecondition;
    const size_t sealed_size = plaintext.size() + kOverhead;
    if (out.size() < sealed_size) return hal::Status::kBufferTooSmall;
    const hal::ByteSpan nonce = out.first(kNonceSize);
    HAL_TRY(entropy.fill(nonce));
    const uint8_t aad[kAadSize] = {kSealVersion, key_id};
    uint8_t* ciphertext = out.data() + kNonceSize;
    mbedtls_gcm_context gcm;
    mbedtls_gcm_init(&gcm);
    int rc = mbedtls_gcm_setkey(&gcm, MBEDTLS_CIPHER_ID_AES, key_, kKeyBits);
    if (rc == 0) {
        rc = mbedtls_gcm_crypt_and_tag(&gcm, MBEDTLS_GCM_ENCRYPT, plaintext.size(), nonce.data(),
                                       kNonceSize, aad, kAadSize, plaintext.data(), ciphertext,
                                       kTagSize, ciphertext + plaintext.size());
    }
    mbedtls_gcm_free(&gcm);
    HAL_TRY(status_of(rc));
    return sealed_size;
}

hal::Result<size_t> RecordCipher::open(uint8_t key_id, hal::ConstByteSpan sealed,
                                       hal::ByteSpan plaintext) {
    if (!ready_) return hal::Status::kFailedPrecondition;
    if (sealed.size() < kOverhead) return hal::Status::kCorrupt;
    const size_t size = sealed.size() - kOverhead;
    if (plaintext.size() < size) return hal::Status::kBufferTooSmall;
    const uint8_t aad[kAadSize] = {kSealVersion, key_id};
    const uint8_t* ciphertext = sealed.data() + kNonceSize;
    mbedtls_gcm_context gcm;
    mbedtls_gcm_init(&gcm);
    int rc = mbedtls_gcm_setkey(&gcm, MBEDTLS_CIPHER_ID_AES, key_, kKeyBits);
    if (rc == 0) {
        // On a tag mismatch mbedTLS wipes the output before returning.
        rc = mbedtls_gcm_auth_decrypt(&gcm, size, sealed.data(), kNonceSize, aad, kAadSize,
                                      ciphertext + size, kTagSize, ciphertext, plaintext.data());
    }
    mbedtls_gcm_free(&gcm);
    HAL_TRY(status_of(rc));
    return size;
}

}  // namespace firmware::settings

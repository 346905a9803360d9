// RecordCipher: AES-256-GCM for the settings records that hold secrets, under a key derived
// from the DeviceIdentity key (HKDF-SHA256), bound to the record's key id (SPEC.md
// "Encryption of secret values"). mbedTLS takes its contexts from the arena of
// net::tls::platform_init, which must run first; no heap.
#pragma once

#include <cstddef>
#include <cstdint>

#include "hal/device_identity.h"
#include "hal/entropy.h"
#include "hal/result.h"
#include "hal/span.h"
#include "hal/status.h"

namespace firmware::settings {

class RecordCipher {
  public:
    static constexpr size_t kKeySize = 32;  // AES-256
    static constexpr size_t kNonceSize = 12;
    static constexpr size_t kTagSize = 16;
    static constexpr size_t kOverhead = kNonceSize + kTagSize;

    RecordCipher() = default;
    ~RecordCipher() { forget(); }
    RecordCipher(const RecordCipher&) = delete;
    RecordCipher& operator=(const RecordCipher&) = delete;

    // Derives the record key; the copy of the device key is wiped before returning.
    // kFailedPrecondition: net::tls::platform_init has not installed the mbedTLS arena.
    // Identity errors are passed on; kOutOfMemory: the arena is exhausted.
    hal::Status derive_key(hal::DeviceIdentity& identity);
    bool ready() const { return ready_; }
    void forget();

    // Seals `plaintext` as the value of record `key_id` into `out`, which needs
    // plaintext.size() + kOverhead bytes (kBufferTooSmall otherwise); returns that size.
    // The nonce comes from `entropy` (its errors are passed on).
    hal::Result<size_t> seal(uint8_t key_id, hal::ConstByteSpan plaintext, hal::Entropy& entropy,
                             hal::ByteSpan out);

    // Opens what seal produced for the same key id into `plaintext` and returns its size.
    // kCorrupt: too short, or the tag does not verify (tampered, moved to another key id,
    // or sealed on another device); `plaintext` then holds nothing of the secret.
    hal::Result<size_t> open(uint8_t key_id, hal::ConstByteSpan sealed, hal::ByteSpan plaintext);

  private:
    uint8_t key_[kKeySize] = {};
    bool ready_ = false;
};

}  // namespace firmware::settings

// Test doubles for the settings store's other seams: a device identity whose key the
// test chooses (two of them are two devices), a deterministic entropy source, and the
// one-time mbedTLS platform setup with a test-local arena. Header-only, so the store's
// fuzz target can use them too.
#pragma once

#include <cstddef>
#include <cstdint>

#include "hal/clock.h"
#include "hal/device_identity.h"
#include "hal/entropy.h"
#include "net/tls/tls_platform.h"
#include "tests/support/fake_clock.h"

namespace store_test {

class FixedIdentity final : public hal::DeviceIdentity {
  public:
    explicit FixedIdentity(uint8_t seed) {
        for (size_t i = 0; i < hal::kDeviceKeySize; ++i)
            key_[i] = static_cast<uint8_t>(seed + 7 * i);
        for (size_t i = 0; i < sizeof id_; ++i)
            id_[i] = static_cast<uint8_t>(seed ^ i);
    }
    hal::ConstByteSpan hardware_id() override { return hal::ConstByteSpan(id_); }
    hal::Status device_key(hal::ByteSpan out) override {
        if (out.size() < hal::kDeviceKeySize) return hal::Status::kBufferTooSmall;
        for (size_t i = 0; i < hal::kDeviceKeySize; ++i)
            out[i] = key_[i];
        return hal::Status::kOk;
    }

  private:
    uint8_t key_[hal::kDeviceKeySize];
    uint8_t id_[8];
};

// The same bytes for the same seed: runs repeat exactly (the power-loss sweep needs the
// same flash operations on every replay).
class SeededEntropy final : public hal::Entropy {
  public:
    explicit SeededEntropy(uint32_t seed = 1) : state_(seed | 1u) {}
    hal::Status fill(hal::ByteSpan out) override {
        if (broken_) return hal::Status::kUnavailable;
        for (uint8_t& byte : out) {
            state_ ^= state_ << 13;
            state_ ^= state_ >> 17;
            state_ ^= state_ << 5;
            byte = static_cast<uint8_t>(state_);
        }
        return hal::Status::kOk;
    }
    void reseed(uint32_t seed) { state_ = seed | 1u; }
    void set_broken(bool broken) { broken_ = broken; }

  private:
    uint32_t state_;
    bool broken_ = false;
};

constexpr size_t kCryptoArenaSize = 64 * 1024;

// mbedTLS needs its arena before the store derives a key; the first call installs it
// for the whole process (platform_init keeps the first arena).
inline hal::Status init_crypto() {
    alignas(8) static uint8_t arena[kCryptoArenaSize];
    static SeededEntropy entropy(0xC0FFEEu);
    static test::FakeClock clock;
    const net::tls::PlatformConfig config{hal::ByteSpan(arena), &entropy, &clock, 0};
    return net::tls::platform_init(config);
}

}  // namespace store_test

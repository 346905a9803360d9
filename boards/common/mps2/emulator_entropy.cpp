// The emulator's entropy (see board_entropy.h): SplitMix64 over a seed made of a
// build-time value (PARLEY_BOARD_ENTROPY_SEED), the host's time and QEMU's running clock
// through semihosting, and the SysTick counter (RISC-V: mcycle). Different on every run,
// but anyone who knows the build and the approximate time can predict it. NOT FOR
// PRODUCTION.
#include <cstdint>

#include "boards/common/mps2/board_config.h"
#include "boards/common/mps2/board_entropy.h"
#include "boards/common/mps2/semihosting.h"

namespace boards::mps2_an386 {
namespace {

constexpr uint64_t kGoldenGamma = 0x9E3779B97F4A7C15ull;  // SplitMix64's increment

// A counter running since reset: the SysTick's current value on the MPS2 boards, the cycle
// counter (mcycle) on RISC-V, which has no SysTick at that address.
inline uint32_t free_running_count() {
#if defined(__riscv)
    uint32_t cycles = 0;
    __asm__ volatile("csrr %0, mcycle" : "=r"(cycles));
    return cycles;
#else
    return *reinterpret_cast<volatile const uint32_t*>(0xE000E018);
#endif
}

class EmulatorEntropy final : public hal::Entropy {
  public:
    hal::Status fill(hal::ByteSpan out) override {
        if (!seeded_) seed();
        for (size_t i = 0; i < out.size(); i += sizeof(uint64_t)) {
            uint64_t value = next();
            for (size_t j = i; j < out.size() && j < i + sizeof value; ++j) {
                out[j] = static_cast<uint8_t>(value);
                value >>= 8;
            }
        }
        return hal::Status::kOk;
    }

  private:
    void seed() {
        const uint32_t systick_now = free_running_count();
        state_ = PARLEY_BOARD_ENTROPY_SEED;
        state_ ^= static_cast<uint64_t>(semihost::host_time_seconds()) << 32;
        state_ ^= static_cast<uint32_t>(semihost::host_clock_centiseconds());
        state_ ^= static_cast<uint64_t>(systick_now) << 16;
        seeded_ = true;
        semihost::write_console(
            "*** entropy: emulator seed (host time + build seed), NOT RANDOM; "
            "a real board reads its TRNG (board_entropy.h)\n");
    }

    // SplitMix64 (Steele, Lea, Flood 2014): statistically fine, cryptographically worthless.
    uint64_t next() {
        uint64_t z = (state_ += kGoldenGamma);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
        return z ^ (z >> 31);
    }

    uint64_t state_ = 0;
    bool seeded_ = false;
};

EmulatorEntropy g_entropy;

}  // namespace

hal::Entropy& board_entropy() {
    return g_entropy;
}

}  // namespace boards::mps2_an386

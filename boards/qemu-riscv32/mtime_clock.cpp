#include "boards/qemu-riscv32/mtime_clock.h"

// 1: count the time asleep in sleep_until_interrupt (idle_ns). Set per image (CMakeLists.txt).
#ifndef PARLEY_BOARD_COUNT_IDLE
#define PARLEY_BOARD_COUNT_IDLE 0
#endif

namespace boards::qemu_riscv32 {
namespace {

// The CLINT of hart 0 (QEMU's ACLINT layout: mtimecmp at +0x4000, mtime at +0xBFF8).
constexpr uintptr_t kClint = 0x02000000;
constexpr uintptr_t kMtimecmp = kClint + 0x4000;
constexpr uintptr_t kMtime = kClint + 0xBFF8;
constexpr uint32_t kMieTimer = 1u << 7;  // mie.MTIE
constexpr uint64_t kCountsPerMs = MtimeClock::kTimebaseHz / 1000;
constexpr uint64_t kNanosPerCount = 1'000'000'000 / MtimeClock::kTimebaseHz;
static_assert(kNanosPerCount * MtimeClock::kTimebaseHz == 1'000'000'000,
              "an mtime count is a whole number of nanoseconds");

volatile uint32_t& word(uintptr_t address) {
    return *reinterpret_cast<volatile uint32_t*>(address);
}

// The 64-bit counter with 32-bit loads: the high word again after the low one, and again
// if the low word wrapped in between.
uint64_t mtime() {
    for (;;) {
        const uint32_t high = word(kMtime + 4);
        const uint32_t low = word(kMtime);
        if (word(kMtime + 4) == high) return (static_cast<uint64_t>(high) << 32) | low;
    }
}

#if PARLEY_BOARD_COUNT_IDLE
uint64_t g_idle_ns = 0;  // written by sleep_until_interrupt only
#endif

}  // namespace

hal::Millis MtimeClock::now_ms() {
    return static_cast<hal::Millis>(mtime() / kCountsPerMs);
}

void MtimeClock::sleep_until_interrupt() {
#if PARLEY_BOARD_COUNT_IDLE
    const uint64_t before = now_ns();
#endif
    // The next whole millisecond. mtimecmp is written high word first, with the low word
    // at its maximum meanwhile, so that it is never briefly below the target (a spurious
    // early wake-up is harmless anyway: the callers check their deadlines).
    const uint64_t wake = (mtime() / kCountsPerMs + 1) * kCountsPerMs;
    word(kMtimecmp) = 0xFFFFFFFFu;
    word(kMtimecmp + 4) = static_cast<uint32_t>(wake >> 32);
    word(kMtimecmp) = static_cast<uint32_t>(wake);
    __asm__ volatile("csrs mie, %0" ::"r"(kMieTimer));
    __asm__ volatile("wfi" ::: "memory");
#if PARLEY_BOARD_COUNT_IDLE
    g_idle_ns += now_ns() - before;
#endif
}

uint64_t MtimeClock::now_ns() {
    return mtime() * kNanosPerCount;
}

uint64_t MtimeClock::idle_ns() {
#if PARLEY_BOARD_COUNT_IDLE
    return g_idle_ns;
#else
    return 0;
#endif
}

}  // namespace boards::qemu_riscv32

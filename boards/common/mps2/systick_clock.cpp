#include "boards/common/mps2/systick_clock.h"

#include <numeric>

// 1: count the time asleep in sleep_until_interrupt (idle_ns). Set per image (CMakeLists.txt).
#ifndef PARLEY_BOARD_COUNT_IDLE
#define PARLEY_BOARD_COUNT_IDLE 0
#endif

namespace {

// Incremented by SysTick_Handler only; a 32-bit aligned load is atomic on every
// M-profile core.
volatile uint32_t g_ticks = 0;

// SysTick registers (Armv7-M ARM, B3.3).
struct SysTickRegisters {
    volatile uint32_t ctrl;
    volatile uint32_t load;
    volatile uint32_t val;
    volatile const uint32_t calib;
};
SysTickRegisters& systick() {
    return *reinterpret_cast<SysTickRegisters*>(0xE000E010);
}
// The SCB's Interrupt Control and State Register (Armv7-M ARM, B3.2.4): PENDSTSET.
volatile uint32_t& interrupt_control_state() {
    return *reinterpret_cast<volatile uint32_t*>(0xE000ED04);
}
constexpr uint32_t kIcsrSysTickPending = 1u << 26;
constexpr uint32_t kCtrlEnable = 1u << 0;
constexpr uint32_t kCtrlTickInterrupt = 1u << 1;
constexpr uint32_t kCtrlProcessorClock = 1u << 2;
constexpr uint32_t kCountsPerTick =
    boards::mps2_an386::SysTickClock::kCoreClockHz / boards::mps2_an386::SysTickClock::kTickHz;
// A SysTick count in nanoseconds, kNanosPerCount / kNanosPerCountDivisor in lowest terms:
// 40 / 1 at 25 MHz, 50 / 1 at 20 MHz, 125 / 4 at 32 MHz (31.25 ns, not a whole number).
constexpr uint64_t kNanosPerSecond = 1'000'000'000;
constexpr uint64_t kClockGcd =
    std::gcd(kNanosPerSecond, uint64_t{boards::mps2_an386::SysTickClock::kCoreClockHz});
constexpr uint64_t kNanosPerCount = kNanosPerSecond / kClockGcd;
constexpr uint64_t kNanosPerCountDivisor =
    boards::mps2_an386::SysTickClock::kCoreClockHz / kClockGcd;
static_assert(kNanosPerCount <= UINT64_MAX / (uint64_t{UINT32_MAX} + 1) / kCountsPerTick,
              "now_ns's product fits 64 bits over the whole 32-bit millisecond count");

#if PARLEY_BOARD_COUNT_IDLE
uint64_t g_idle_ns = 0;  // written by sleep_until_interrupt only
#endif

}  // namespace

// In startup.S's vector table.
extern "C" void SysTick_Handler();
extern "C" void SysTick_Handler() {
    g_ticks = g_ticks + 1;  // the only writer, so no read-modify-write race
}

namespace boards::mps2_an386 {

void SysTickClock::start(WallSource source) {
    wall_.set_source(source);
    systick().ctrl = 0;
    systick().load = kCountsPerTick - 1;
    systick().val = 0;
    systick().ctrl = kCtrlEnable | kCtrlTickInterrupt | kCtrlProcessorClock;
}

hal::Millis SysTickClock::now_ms() {
    return g_ticks;
}

void SysTickClock::sleep_until_interrupt() {
#if PARLEY_BOARD_COUNT_IDLE
    const uint64_t before = now_ns();
    __asm__ volatile("wfi" ::: "memory");
    g_idle_ns += now_ns() - before;
#else
    __asm__ volatile("wfi" ::: "memory");
#endif
}

uint64_t SysTickClock::now_ns() {
    // The SysTick counts down from kCountsPerTick - 1 and interrupts as it reaches 0 (the
    // count from 1 to 0 pends the exception; the next count reloads), so a value is
    // (kCountsPerTick - value) % kCountsPerTick counts after the last tick. A tick count
    // that changed while the value was read: the handler ran in between, read again. A tick
    // whose interrupt is still pending (masked, or not taken yet) is in the value already
    // when the value is 0 or from the upper half (reloaded since), but not yet in g_ticks.
    for (;;) {
        uint32_t ticks = g_ticks;
        const uint32_t value = systick().val;
        const bool tick_pending = (interrupt_control_state() & kIcsrSysTickPending) != 0;
        if (g_ticks != ticks) continue;
        if (tick_pending && (value == 0 || value >= kCountsPerTick / 2)) ++ticks;
        const uint32_t since_tick = (kCountsPerTick - value) % kCountsPerTick;
        return (static_cast<uint64_t>(ticks) * kCountsPerTick + since_tick) * kNanosPerCount /
               kNanosPerCountDivisor;
    }
}

uint64_t SysTickClock::idle_ns() {
#if PARLEY_BOARD_COUNT_IDLE
    return g_idle_ns;
#else
    return 0;
#endif
}

}  // namespace boards::mps2_an386

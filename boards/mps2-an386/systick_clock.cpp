#include "boards/mps2-an386/systick_clock.h"

#include "boards/mps2-an386/semihosting.h"

namespace {

// Incremented by SysTick_Handler only; a 32-bit aligned load is atomic on the M4.
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
constexpr uint32_t kCtrlEnable = 1u << 0;
constexpr uint32_t kCtrlTickInterrupt = 1u << 1;
constexpr uint32_t kCtrlProcessorClock = 1u << 2;
constexpr int64_t kMillisPerSecond = 1000;

}  // namespace

// In startup.S's vector table.
extern "C" void SysTick_Handler();
extern "C" void SysTick_Handler() {
    g_ticks = g_ticks + 1;  // the only writer, so no read-modify-write race
}

namespace boards::mps2_an386 {

void SysTickClock::start(WallSource source) {
    source_ = source;
    systick().ctrl = 0;
    systick().load = kCoreClockHz / kTickHz - 1;
    systick().val = 0;
    systick().ctrl = kCtrlEnable | kCtrlTickInterrupt | kCtrlProcessorClock;
}

hal::Millis SysTickClock::now_ms() {
    return g_ticks;
}

hal::Result<int64_t> SysTickClock::wall_seconds() {
    if (wall_known_) {
        const hal::Millis elapsed = now_ms() - monotonic_at_set_;
        return wall_at_set_ + static_cast<int64_t>(elapsed) / kMillisPerSecond;
    }
    if (source_ == WallSource::kHostTime)
        return static_cast<int64_t>(semihost::host_time_seconds());
    return hal::Status::kUnavailable;
}

void SysTickClock::set_wall_seconds(int64_t seconds) {
    wall_at_set_ = seconds;
    monotonic_at_set_ = now_ms();
    wall_known_ = true;
}

void SysTickClock::sleep_until_interrupt() {
    __asm__ volatile("wfi" ::: "memory");
}

}  // namespace boards::mps2_an386

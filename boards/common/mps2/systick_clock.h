// SysTickClock: hal::Clock of the board. The monotonic milliseconds come from SysTick
// interrupting once a millisecond (the only interrupt this board enables). The board has
// no RTC: the wall clock is unknown (kUnavailable) until set_wall_seconds — the HTTP Date
// header — so certificate checks use the firmware build time as their floor. Under QEMU
// the host's time can be borrowed through semihosting (WallSource::kHostTime), a
// convenience for the emulator only: real hardware has no such source.
//
// now_ns() reads the same clock at the SysTick's resolution (one core-clock cycle: 40 ns
// at the AN386's 25 MHz, 50 ns at the AN505's 20 MHz, 31.25 ns at the AN547's 32 MHz).
// Under QEMU's `-icount shift=0` the emulated clock advances exactly 1 ns per
// executed instruction, so differences of now_ns() count instructions; idle_ns() is the
// part of them spent asleep in sleep_until_interrupt (WFI), which QEMU fills with host time
// (docs/performance.md, "Instructions on the emulated Cortex-M4").
#pragma once

#include <cstdint>

#include "boards/common/mps2/wall_time.h"
#include "hal/clock.h"
#include "hal/result.h"
#include "hal/time.h"

// The core clock, which the SysTick counts: a board parameter (CMake: parley_mps2_board's
// CORE_CLOCK_HZ). QEMU runs the AN386 and AN500 at 25 MHz, the AN505 at 20 MHz and the
// AN547 at 32 MHz (SYSCLK, hw/arm/mps2.c and mps2-tz.c).
#ifndef PARLEY_BOARD_CORE_CLOCK_HZ
#define PARLEY_BOARD_CORE_CLOCK_HZ 25000000u
#endif

namespace boards::mps2_an386 {

class SysTickClock final : public hal::Clock {
  public:
    static constexpr uint32_t kCoreClockHz = PARLEY_BOARD_CORE_CLOCK_HZ;
    static constexpr uint32_t kTickHz = 1000;

    // Programs SysTick and enables its interrupt. Once, at boot.
    void start(WallSource source);

    hal::Millis now_ms() override;
    hal::Result<int64_t> wall_seconds() override { return wall_.seconds(now_ms()); }
    void set_wall_seconds(int64_t seconds) override { wall_.set(seconds, now_ms()); }

    // Waits for the next interrupt (WFI): the idle loop's way to save power.
    static void sleep_until_interrupt();

    // Nanoseconds since start(), with the resolution of one SysTick count (1 / kCoreClockHz):
    // the millisecond count and the SysTick's current value read together; right also while
    // the SysTick's interrupt waits (interrupts masked for less than a millisecond).
    static uint64_t now_ns();
    // Of now_ns(), the nanoseconds spent in sleep_until_interrupt, from just before its WFI
    // to just after the interrupt that ended it (the handler included). Counted only in
    // images compiled with PARLEY_BOARD_COUNT_IDLE=1 (the self-test); 0 in the others.
    static uint64_t idle_ns();

  private:
    WallTime wall_;
};

}  // namespace boards::mps2_an386

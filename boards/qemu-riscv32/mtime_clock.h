// MtimeClock: hal::Clock of the qemu-riscv32 board, on the CLINT's 64-bit mtime counter
// (10 MHz on QEMU's virt machine: its device tree's timebase-frequency). Unlike the MPS2
// boards' SysTick there is no tick interrupt: mtime counts on its own, so now_ms() divides
// it and no interrupt is ever taken. The board has no RTC: the wall clock is unknown
// (kUnavailable) until set_wall_seconds — the HTTP Date header — so certificate checks use
// the firmware build time as their floor; under QEMU the host's time can be borrowed
// through semihosting (WallSource::kHostTime).
//
// sleep_until_interrupt() sets mtimecmp one millisecond ahead, enables the timer in mie
// and waits in WFI: a WFI ends when an interrupt enabled in mie is pending even while
// mstatus.MIE keeps it from being taken, so the timer ends the sleep without a handler.
//
// now_ns() is mtime in nanoseconds (100 ns resolution). Under QEMU's `-icount shift=0` the
// emulated clock advances 1 ns per executed instruction, so differences of now_ns() count
// instructions (to 100); idle_ns() is the part of them spent asleep in
// sleep_until_interrupt, counted only in images built with PARLEY_BOARD_COUNT_IDLE=1.
#pragma once

#include <cstdint>

#include "boards/common/mps2/wall_time.h"
#include "hal/clock.h"
#include "hal/result.h"
#include "hal/time.h"

namespace boards::qemu_riscv32 {

using mps2_an386::WallSource;
using mps2_an386::WallTime;

class MtimeClock final : public hal::Clock {
  public:
    // QEMU virt's CLINT (hw/riscv/virt.c: VIRT_CLINT; RISCV_ACLINT_DEFAULT_TIMEBASE_FREQ).
    static constexpr uint32_t kTimebaseHz = 10'000'000;

    void start(WallSource source) { wall_.set_source(source); }

    hal::Millis now_ms() override;
    hal::Result<int64_t> wall_seconds() override { return wall_.seconds(now_ms()); }
    void set_wall_seconds(int64_t seconds) override { wall_.set(seconds, now_ms()); }

    // Waits in WFI until the next millisecond of mtime (or an earlier enabled interrupt).
    static void sleep_until_interrupt();

    // Nanoseconds of mtime since reset.
    static uint64_t now_ns();
    // Of now_ns(), the nanoseconds spent in sleep_until_interrupt (PARLEY_BOARD_COUNT_IDLE
    // images only; 0 in the others).
    static uint64_t idle_ns();

  private:
    WallTime wall_;
};

}  // namespace boards::qemu_riscv32

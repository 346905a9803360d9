// WallTime: the wall clock of an emulated board, which has no RTC: unknown until the
// client learns the time (set, from a server's Date), or the host's through semihosting
// when the command line asks for it (wall=host). Both boards' clocks (SysTickClock,
// qemu-riscv32's MtimeClock) keep one and give it their monotonic milliseconds.
#pragma once

#include <cstdint>

#include "hal/result.h"
#include "hal/time.h"

namespace boards::mps2_an386 {

enum class WallSource : uint8_t {
    kNone,      // like a board without RTC: unknown until set
    kHostTime,  // semihosting SYS_TIME (QEMU's host clock)
};

class WallTime {
  public:
    void set_source(WallSource source) { source_ = source; }

    // Seconds since the epoch at monotonic time `now`: from the last set() when there was
    // one, else the host's (kHostTime), else kUnavailable.
    hal::Result<int64_t> seconds(hal::Millis now) const;
    void set(int64_t seconds, hal::Millis now);

  private:
    WallSource source_ = WallSource::kNone;
    bool known_ = false;
    int64_t at_set_ = 0;                // seconds given to set ...
    hal::Millis monotonic_at_set_ = 0;  // ... and the monotonic time then
};

}  // namespace boards::mps2_an386

// Clock conformance (hal/clock.h, hal/time.h): now_ms() is monotonic, advances with real
// time and wraps modulo 2^32; the wrap-around arithmetic of hal/time.h holds on this
// compiler; the wall clock is known or kUnavailable, and set_wall_seconds makes it known.
#pragma once

#include <cstddef>

#include "hal/clock.h"
#include "hal/conformance/conformance.h"
#include "hal/time.h"

namespace hal::conformance {

class ClockFixture {
  public:
    virtual hal::Clock& clock() = 0;

    // Lets about `ms` milliseconds pass, timed by something other than the clock under
    // test (a host's nanosleep, a calibrated busy loop, a hardware timer); a fake clock
    // simply advances.
    virtual void let_time_pass(hal::Millis ms) = 0;

    // How late now_ms() may be seen to move past a let_time_pass (scheduling, tick
    // granularity): elapsed time must lie in [ms, ms + slack_ms()].
    virtual hal::Millis slack_ms() const { return 100; }

    // Puts the monotonic counter at about `value` (a clock with an offset, a fake's
    // set_now), for the wrap checks. False when the implementation cannot: those checks
    // are then skipped (run them once on a board by letting the counter reach the wrap).
    virtual bool start_near(hal::Millis value) {
        (void)value;
        return false;
    }

    // Makes the wall clock unknown again (a board without an RTC after reset). False when
    // the clock always knows the time (an RTC, a host).
    virtual bool forget_wall_clock() { return false; }

  protected:
    ~ClockFixture() = default;
};

// Every check, or only the one named `only`.
Summary run_clock_checks(ClockFixture& fixture, Reporter& reporter, const char* only = nullptr);
size_t clock_check_count();

}  // namespace hal::conformance

// Clock: a monotonic millisecond counter for every timeout, backoff and expiry, and a
// wall clock (Unix seconds) for certificate validity and token issue times.
// A board without an RTC reports the wall clock as Status::kUnavailable until someone
// calls set_wall_seconds (from the server's Date header, for example).
#pragma once

#include <cstdint>

#include "hal/result.h"
#include "hal/time.h"

namespace hal {

class Clock {
  public:
    // Monotonic; never goes backwards; wraps modulo 2^32 (see hal/time.h).
    virtual Millis now_ms() = 0;

    // Seconds since 1970-01-01 UTC, or kUnavailable when this device does not know.
    virtual Result<int64_t> wall_seconds() = 0;

    // Corrects the wall clock (e.g. from an HTTP Date header). Implementations with a
    // trusted source of their own may ignore it.
    virtual void set_wall_seconds(int64_t seconds) = 0;

  protected:
    ~Clock() = default;
};

}  // namespace hal

// SystemClock: hal::Clock for a host process. Monotonic milliseconds come from
// CLOCK_MONOTONIC (truncated to 32 bits, so they wrap like a board's counter would);
// the wall clock comes from CLOCK_REALTIME, which the host keeps right.
#pragma once

#include <cstdint>

#include "hal/clock.h"
#include "hal/result.h"
#include "hal/time.h"

namespace port::posix {

class SystemClock final : public hal::Clock {
  public:
    // `offset` is added to every now_ms() reading (modulo 2^32). Production uses 0;
    // tests pass a value that puts the counter a few milliseconds before the wrap, to
    // run real deadlines across it. offset_to_reach(target) computes such a value.
    explicit SystemClock(hal::Millis offset = 0) : offset_(offset) {}

    // The offset that makes the next now_ms() read approximately `target`.
    static hal::Millis offset_to_reach(hal::Millis target);

    hal::Millis now_ms() override;

    // Always known on a host; kUnavailable only if the OS refuses to tell.
    hal::Result<int64_t> wall_seconds() override;

    // Ignored: the host's clock is kept by NTP and is a better source than an HTTP Date
    // header, and a process has no business setting the system time.
    void set_wall_seconds(int64_t seconds) override;

  private:
    hal::Millis offset_;
};

}  // namespace port::posix

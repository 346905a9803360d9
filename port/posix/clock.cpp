#include "port/posix/clock.h"

#include <time.h>

namespace port::posix {
namespace {

// Milliseconds since an arbitrary start, modulo 2^32 (unsigned arithmetic wraps).
hal::Millis monotonic_ms() {
    timespec now{};
    // CLOCK_MONOTONIC cannot fail on Linux with a valid pointer; 0 would still be monotonic.
    (void)::clock_gettime(CLOCK_MONOTONIC, &now);
    const uint64_t ms =
        static_cast<uint64_t>(now.tv_sec) * 1000u + static_cast<uint64_t>(now.tv_nsec) / 1000000u;
    return static_cast<hal::Millis>(ms);
}

}  // namespace

hal::Millis SystemClock::offset_to_reach(hal::Millis target) {
    return target - monotonic_ms();
}

hal::Millis SystemClock::now_ms() {
    return monotonic_ms() + offset_;
}

hal::Result<int64_t> SystemClock::wall_seconds() {
    timespec now{};
    if (::clock_gettime(CLOCK_REALTIME, &now) != 0) return hal::Status::kUnavailable;
    return static_cast<int64_t>(now.tv_sec);
}

void SystemClock::set_wall_seconds(int64_t /*seconds*/) {}

}  // namespace port::posix

// Monotonic time arithmetic that survives the 32-bit millisecond counter wrapping
// (every 49.7 days on a board). Intervals must stay below 2^31 ms (24.8 days).
#pragma once

#include <cstdint>

namespace hal {

using Millis = uint32_t;  // monotonic milliseconds, wraps modulo 2^32

// True when `now` is at or past `deadline`, across a wrap.
constexpr bool deadline_passed(Millis now, Millis deadline) {
    return static_cast<int32_t>(now - deadline) >= 0;
}

// Milliseconds left until `deadline`, 0 once it has passed.
constexpr Millis remaining(Millis now, Millis deadline) {
    return deadline_passed(now, deadline) ? 0 : deadline - now;
}

// The later of two instants, across a wrap (assuming they are within 2^31 ms).
constexpr Millis later_of(Millis a, Millis b) {
    return static_cast<int32_t>(a - b) >= 0 ? a : b;
}

}  // namespace hal

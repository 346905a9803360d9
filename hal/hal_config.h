// Compile-time settings of the HAL's shared vocabulary (hal/). Every value is an #ifndef
// default a board may override with -D (docs/porting.md §4, "config overrides").
#pragma once

#include <cstddef>

// Log levels above this are compiled out: 0 error, 1 warn, 2 info, 3 debug (hal::LogLevel).
#ifndef PARLEY_HAL_LOG_LEVEL
#define PARLEY_HAL_LOG_LEVEL 2  // info
#endif

// The stack buffer hal::log_format formats one line into; longer lines are truncated.
#ifndef PARLEY_HAL_LOG_LINE_MAX
#define PARLEY_HAL_LOG_LINE_MAX 192
#endif

namespace hal {

constexpr int kLogLevel = PARLEY_HAL_LOG_LEVEL;
constexpr size_t kLogLineMax = PARLEY_HAL_LOG_LINE_MAX;

static_assert(kLogLineMax >= 16, "a log line holds at least a short message");

}  // namespace hal

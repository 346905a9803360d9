// format: printf-style text into a caller's buffer without the C library's stdio, which on
// newlib drags in malloc (its string streams can grow). Enough for log lines:
//   conversions  %d %i %u %x %X %o %c %s %p %%
//   flags        '-' (left-justify), '0' (zero-pad), '+', ' '
//   width        digits or '*';  precision: '.' digits or '.*' (%.*s: at most n chars)
//   lengths      hh h l ll z j t
// No floating point: %f %e %g (and anything unknown) print as "%?" so a misuse shows.
// Never allocates; never writes past `out`; the output is always NUL-terminated (when out
// is not empty).
#pragma once

#include <cstdarg>
#include <cstddef>

#include "hal/span.h"

namespace hal {

// Like vsnprintf: writes at most out.size() - 1 characters and a NUL, and returns the
// length the whole text has, so a result >= out.size() means it was truncated.
size_t vformat(CharSpan out, const char* format, va_list args);

size_t format(CharSpan out, const char* format, ...) __attribute__((format(printf, 2, 3)));

}  // namespace hal

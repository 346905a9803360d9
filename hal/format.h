// format: printf-style text into a caller's buffer without the C library's stdio, which on
// newlib drags in malloc (its string streams can grow). Enough for log lines:
//   conversions  %d %i %u %x %X %o %c %s %p %%
//   flags        '-' (left-justify), '0' (zero-pad), '+', ' '
//   width        digits or '*';  precision: '.' digits or '.*' (%.*s: at most n chars)
//   lengths      hh h l ll z j t
// No floating point: %f %e %g (and anything unknown) print as "%?" so a misuse shows.
// Never allocates; never writes past `out`; the output is always NUL-terminated (when out
// is not empty).
//
// Below it, the numbers people read, written once for every app and board: percentages
// (upload progress), fixed-point decimals (seconds from milliseconds) and sizes in bytes.
// Each writes like format (the full length returned, the text cut and NUL-terminated).
#pragma once

#include <cstdarg>
#include <cstddef>
#include <cstdint>

#include "hal/span.h"

namespace hal {

// Like vsnprintf: writes at most out.size() - 1 characters and a NUL, and returns the
// length the whole text has, so a result >= out.size() means it was truncated.
size_t vformat(CharSpan out, const char* format, va_list args);

size_t format(CharSpan out, const char* format, ...) __attribute__((format(printf, 2, 3)));

// The whole percent `part` is of `whole`, rounded down, at most 100: 100 when `whole` is
// 0 (nothing to do is done) or `part` >= `whole`.
uint32_t percent_of(uint64_t part, uint64_t whole);

// percent_of(part, whole) right-aligned in three places and a '%': "  3%", " 52%", "100%".
size_t format_percent(CharSpan out, uint64_t part, uint64_t whole);

// `value` / 10^`decimals` with exactly `decimals` digits after the point, right-aligned in
// `width` characters like printf's "%*.*f": format_fixed(out, 12345, 3, 9) is "   12.345"
// (milliseconds as seconds). `decimals` from 1 to 9 (for none, print an integer). 32 bits,
// the width of a device's counters, keep the division one instruction on a 32-bit MCU.
size_t format_fixed(CharSpan out, uint32_t value, unsigned decimals, size_t width = 0);

// A size for people: "1 byte", "300 bytes", "64 KiB", "2 MiB" (KiB and MiB only when the
// size is a whole number of them, so the figure is exact).
size_t format_size(CharSpan out, uint64_t bytes);

// A size as people read it at a glance, rounded to the nearest: "1 byte", "300 bytes",
// "34 KB", "1.5 MB" (KB = 1024 bytes, MB = 1024 KB; one decimal for MB). Where the exact
// figure matters, format_size says it.
size_t format_rounded_size(CharSpan out, uint64_t bytes);

}  // namespace hal

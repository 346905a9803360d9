// Whole numbers as ASCII text, both ways, without the C library (no locale, no errno, no
// heap): the decimal form of an integer in a caller's array, and a bounded parse of
// decimal or hex digits. No signs, spaces or prefixes are accepted by the parse: callers
// strip what their syntax allows.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "hal/result.h"

namespace net::text {

constexpr size_t kMaxDecimalLength = 20;  // UINT64_MAX, or INT64_MIN with its sign

// The decimal form of `value`, written at the end of `out`; the view is into `out`.
std::string_view decimal(uint64_t value, char (&out)[kMaxDecimalLength]);
// The same with a leading '-' when `value` is negative.
std::string_view signed_decimal(int64_t value, char (&out)[kMaxDecimalLength]);

// A non-empty run of digits in `base` (10, or 16 in either case) whose value is at most
// `max`. kCorrupt when empty or a byte is not such a digit, kTooLarge when above `max`.
hal::Result<uint64_t> parse_unsigned(std::string_view digits, unsigned base = 10,
                                     uint64_t max = UINT64_MAX);

}  // namespace net::text

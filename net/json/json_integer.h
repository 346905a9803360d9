// Whole numbers as the API writes them: a JSON number token ("1700000000", "12.0",
// "1.5e3") or a numeric string ("10743"), read exactly as a signed 64-bit integer. No
// floating point: a token is read digit by digit, so ids keep all 63 bits.
#pragma once

#include <cstdint>
#include <string_view>

#include "hal/result.h"

namespace net::json {

// A decimal integer with an optional leading '-' (a numeric string's contents).
// kInvalidArgument when it is not one or does not fit in int64.
hal::Result<int64_t> parse_integer_text(std::string_view text);

// A JSON number token whose value is a whole number that fits in int64 ("12", "12.0",
// "1.2e1", "-3"); kInvalidArgument for anything else (fractions, overflow, not a number).
hal::Result<int64_t> integer_from_number(std::string_view token);

}  // namespace net::json

#include "net/json/json_integer.h"

#include <limits>

#include "net/text/ascii.h"
#include "net/text/number.h"

namespace net::json {
namespace {

constexpr uint64_t kMaxPositive = static_cast<uint64_t>(std::numeric_limits<int64_t>::max());

hal::Result<int64_t> with_sign(uint64_t magnitude, bool negative) {
    if (magnitude <= kMaxPositive) {
        return negative ? -static_cast<int64_t>(magnitude) : static_cast<int64_t>(magnitude);
    }
    if (negative && magnitude == kMaxPositive + 1) return std::numeric_limits<int64_t>::min();
    return hal::Status::kInvalidArgument;
}

// Appends decimal digit `d` to `value`; false on overflow past int64's magnitude.
bool push_digit(uint64_t* value, unsigned d) {
    if (*value > (kMaxPositive + 1 - d) / 10) return false;
    *value = *value * 10 + d;
    return true;
}

}  // namespace

hal::Result<int64_t> parse_integer_text(std::string_view text) {
    const bool negative = !text.empty() && text.front() == '-';
    if (negative) text.remove_prefix(1);
    const hal::Result<uint64_t> parsed = text::parse_unsigned(text, 10, kMaxPositive + 1);
    if (!parsed.ok()) return hal::Status::kInvalidArgument;
    return with_sign(parsed.value(), negative);
}

// mantissa digits (integer and fraction parts) times 10^(exponent - fraction digits):
// whole when the digits the negative scale drops are all zeros.
hal::Result<int64_t> integer_from_number(std::string_view token) {
    const bool negative = !token.empty() && token.front() == '-';
    if (negative) token.remove_prefix(1);
    const size_t exponent_at = token.find_first_of("eE");
    const std::string_view mantissa = token.substr(0, exponent_at);
    int64_t scale = 0;
    if (exponent_at != std::string_view::npos) {
        std::string_view exponent = token.substr(exponent_at + 1);
        if (!exponent.empty() && exponent.front() == '+') exponent.remove_prefix(1);
        const hal::Result<int64_t> e = parse_integer_text(exponent);
        if (!e.ok() || e.value() > 40 || e.value() < -400) return hal::Status::kInvalidArgument;
        scale = e.value();
    }
    const size_t point = mantissa.find('.');
    const std::string_view whole = mantissa.substr(0, point);
    const std::string_view fraction =
        point == std::string_view::npos ? std::string_view() : mantissa.substr(point + 1);
    if (whole.empty()) return hal::Status::kInvalidArgument;
    scale -= static_cast<int64_t>(fraction.size());
    uint64_t value = 0;
    // The digits kept: all of them, less the last -scale when the scale is negative.
    const size_t digits = whole.size() + fraction.size();
    const size_t dropped = scale < 0 ? static_cast<size_t>(-scale) : 0;
    for (size_t i = 0; i < digits; ++i) {
        const char c = i < whole.size() ? whole[i] : fraction[i - whole.size()];
        if (!text::is_digit(c)) return hal::Status::kInvalidArgument;
        const auto d = static_cast<unsigned>(c - '0');
        if (i + dropped >= digits) {
            if (d != 0) return hal::Status::kInvalidArgument;  // a fraction remains
        } else if (!push_digit(&value, d)) {
            return hal::Status::kInvalidArgument;
        }
    }
    for (int64_t i = 0; i < scale; ++i) {
        if (value != 0 && !push_digit(&value, 0)) return hal::Status::kInvalidArgument;
    }
    return with_sign(value, negative);
}

}  // namespace net::json

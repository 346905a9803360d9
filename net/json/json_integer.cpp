#include "net/json/json_integer.h"

#include <limits>

#include "net/text/ascii.h"
#include "net/text/number.h"
#include "net/text/slice.h"

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

// The exponent after 'e' or 'E' (sign allowed), bounded far past any int64 scale.
hal::Result<int64_t> exponent_of(std::string_view exponent) {
    if (!exponent.empty() && exponent.front() == '+') exponent.remove_prefix(1);
    const hal::Result<int64_t> e = parse_integer_text(exponent);
    if (!e.ok() || e.value() > 40 || e.value() < -400) return hal::Status::kInvalidArgument;
    return e.value();
}

// The digits of whole + fraction as one integer, the last `dropped` of them left out
// (they must be zeros: a fraction would remain).
hal::Result<uint64_t> mantissa_of(std::string_view whole, std::string_view fraction,
                                  size_t dropped) {
    const size_t digits = whole.size() + fraction.size();
    uint64_t value = 0;
    for (size_t i = 0; i < digits; ++i) {
        const char c = i < whole.size() ? whole[i] : fraction[i - whole.size()];
        if (!text::is_digit(c)) return hal::Status::kInvalidArgument;
        const auto d = static_cast<unsigned>(c - '0');
        const bool kept = i + dropped < digits;
        if (!kept && d != 0) return hal::Status::kInvalidArgument;
        if (kept && !push_digit(&value, d)) return hal::Status::kInvalidArgument;
    }
    return value;
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
    // One walk finds the first '.' and where the exponent begins (no search per character).
    size_t point = std::string_view::npos;
    size_t exponent_at = token.size();
    for (size_t i = 0; i < token.size(); ++i) {
        const char c = token[i];
        if (c == 'e' || c == 'E') {
            exponent_at = i;
            break;
        }
        if (c == '.' && point == std::string_view::npos) point = i;
    }
    int64_t scale = 0;
    if (exponent_at < token.size()) {
        HAL_ASSIGN_OR_RETURN(scale, exponent_of(text::slice(token, exponent_at + 1)));
    }
    const std::string_view mantissa = text::slice(token, 0, exponent_at);
    const std::string_view whole = text::slice(mantissa, 0, point);
    const std::string_view fraction =
        point == std::string_view::npos ? std::string_view() : text::slice(mantissa, point + 1);
    if (whole.empty()) return hal::Status::kInvalidArgument;
    scale -= static_cast<int64_t>(fraction.size());
    const size_t dropped = scale < 0 ? static_cast<size_t>(-scale) : 0;
    HAL_ASSIGN_OR_RETURN(uint64_t value, mantissa_of(whole, fraction, dropped));
    for (int64_t i = 0; i < scale; ++i) {
        if (value != 0 && !push_digit(&value, 0)) return hal::Status::kInvalidArgument;
    }
    return with_sign(value, negative);
}

}  // namespace net::json

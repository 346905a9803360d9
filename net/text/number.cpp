#include "net/text/number.h"

#include "net/text/ascii.h"

namespace net::text {
namespace {

constexpr unsigned kDecimalBase = 10;
constexpr unsigned kHexLetterOffset = 10;  // 'a' is 10
constexpr unsigned kNotADigit = 0xff;

unsigned digit_value(char c, unsigned base) {
    unsigned value = kNotADigit;
    if (is_digit(c)) {
        value = static_cast<unsigned>(c - '0');
    } else if (is_alpha(c)) {
        value = static_cast<unsigned>(ascii_lower(c) - 'a') + kHexLetterOffset;
    }
    return value < base ? value : kNotADigit;
}

}  // namespace

std::string_view decimal(uint64_t value, char (&out)[kMaxDecimalLength]) {
    size_t at = sizeof out;
    do {
        out[--at] = static_cast<char>('0' + value % kDecimalBase);
        value /= kDecimalBase;
    } while (value != 0);
    return std::string_view(out + at, sizeof out - at);
}

std::string_view signed_decimal(int64_t value, char (&out)[kMaxDecimalLength]) {
    const bool negative = value < 0;
    const uint64_t magnitude =
        negative ? 0 - static_cast<uint64_t>(value) : static_cast<uint64_t>(value);
    const std::string_view digits = decimal(magnitude, out);
    if (!negative) return digits;
    const size_t at = sizeof out - digits.size() - 1;  // 19 digits at most: room for '-'
    out[at] = '-';
    return std::string_view(out + at, digits.size() + 1);
}

hal::Result<uint64_t> parse_unsigned(std::string_view digits, unsigned base, uint64_t max) {
    if (digits.empty()) return hal::Status::kCorrupt;
    uint64_t value = 0;
    for (const char c : digits) {
        const unsigned digit = digit_value(c, base);
        if (digit == kNotADigit) return hal::Status::kCorrupt;
        if (digit > max || value > (max - digit) / base) return hal::Status::kTooLarge;
        value = value * base + digit;
    }
    return value;
}

}  // namespace net::text

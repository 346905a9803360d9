#include "net/http/http_syntax.h"
#include "hal/ascii.h"

#include <cstddef>

namespace net::http {
namespace {

constexpr unsigned kDecimalBase = 10;
constexpr unsigned kHexBase = 16;
constexpr unsigned kHexLetterOffset = 10;  // 'a' is 10
constexpr unsigned char kDelete = 0x7f;
constexpr unsigned char kFirstVisible = 0x20;  // space
constexpr unsigned kNotADigit = 0xff;

unsigned digit_value(char c, unsigned base) {
    unsigned value = kNotADigit;
    if (c >= '0' && c <= '9') {
        value = static_cast<unsigned>(c - '0');
    } else if (hal::ascii_lower(c) >= 'a' && hal::ascii_lower(c) <= 'z') {
        value = static_cast<unsigned>(hal::ascii_lower(c) - 'a') + kHexLetterOffset;
    }
    return value < base ? value : kNotADigit;
}

hal::Result<uint64_t> parse_number(std::string_view digits, unsigned base) {
    if (digits.empty()) return hal::Status::kCorrupt;
    uint64_t value = 0;
    for (const char c : digits) {
        const unsigned digit = digit_value(c, base);
        if (digit == kNotADigit) return hal::Status::kCorrupt;
        if (value > (UINT64_MAX - digit) / base) return hal::Status::kTooLarge;
        value = value * base + digit;
    }
    return value;
}

}  // namespace

bool is_token_char(char c) {
    constexpr std::string_view kSymbols = "!#$%&'*+-.^_`|~";
    const bool alpha = hal::ascii_lower(c) >= 'a' && hal::ascii_lower(c) <= 'z';
    const bool digit = c >= '0' && c <= '9';
    return alpha || digit || (c != '\0' && kSymbols.find(c) != std::string_view::npos);
}

bool is_token(std::string_view text) {
    if (text.empty()) return false;
    for (const char c : text) {
        if (!is_token_char(c)) return false;
    }
    return true;
}

bool is_field_value(std::string_view text) {
    for (const char c : text) {
        const auto byte = static_cast<unsigned char>(c);
        if ((byte < kFirstVisible && c != '\t') || byte == kDelete) return false;
    }
    return true;
}

std::string_view trim_whitespace(std::string_view text) {
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t'))
        text.remove_prefix(1);
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t'))
        text.remove_suffix(1);
    return text;
}

hal::Result<uint64_t> parse_decimal(std::string_view digits) {
    return parse_number(digits, kDecimalBase);
}

hal::Result<uint64_t> parse_hex(std::string_view digits) {
    return parse_number(digits, kHexBase);
}

}  // namespace net::http

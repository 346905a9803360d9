#include "net/http/http_syntax.h"
#include "net/text/ascii.h"
#include "net/text/number.h"

#include <cstddef>

namespace net::http {
namespace {

constexpr unsigned kHexBase = 16;
constexpr unsigned char kDelete = 0x7f;
constexpr unsigned char kFirstVisible = 0x20;  // space

}  // namespace

bool is_token_char(char c) {
    constexpr std::string_view kSymbols = "!#$%&'*+-.^_`|~";
    return text::is_alnum(c) || (c != '\0' && kSymbols.find(c) != std::string_view::npos);
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
    return text::parse_unsigned(digits);
}

hal::Result<uint64_t> parse_hex(std::string_view digits) {
    return text::parse_unsigned(digits, kHexBase);
}

}  // namespace net::http

#include "net/http/http_syntax.h"
#include "net/text/ascii.h"
#include "net/text/byte_class.h"
#include "net/text/number.h"

#include <cstddef>

namespace net::http {
namespace {

constexpr unsigned kHexBase = 16;

namespace byte_class = text::byte_class;

bool all_of(std::string_view text, uint8_t flag) {
    for (const char c : text) {
        if (!byte_class::has(c, flag)) return false;
    }
    return true;
}

}  // namespace

bool is_token_char(char c) {
    return byte_class::has(c, byte_class::kToken);
}

bool is_token(std::string_view text) {
    return !text.empty() && all_of(text, byte_class::kToken);
}

bool is_field_value(std::string_view text) {
    return all_of(text, byte_class::kFieldValue);
}

bool is_target_text(std::string_view text) {
    return all_of(text, byte_class::kTarget);
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

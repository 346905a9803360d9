#include "net/http/http_syntax.h"
#include "net/text/ascii.h"
#include "net/text/number.h"

#include <cstddef>

namespace net::http {
namespace {

constexpr unsigned kHexBase = 16;
constexpr unsigned char kDelete = 0x7f;
constexpr unsigned char kFirstVisible = 0x20;  // space

enum : uint8_t {
    kTokenChar = 1u << 0,
    kFieldValueChar = 1u << 1,
    kTargetChar = 1u << 2,
};

constexpr uint8_t classify(unsigned byte) {
    constexpr std::string_view kSymbols = "!#$%&'*+-.^_`|~";
    const char c = static_cast<char>(byte);
    uint8_t flags = 0;
    if (text::is_alnum(c) || (byte != 0 && kSymbols.find(c) != std::string_view::npos)) {
        flags |= kTokenChar;
    }
    if ((byte >= kFirstVisible || c == '\t') && byte != kDelete) flags |= kFieldValueChar;
    if (byte > kFirstVisible && byte < kDelete && c != '#') flags |= kTargetChar;
    return flags;
}

// One lookup per byte where header lines are checked (every response line, every request).
struct Classes {
    uint8_t flags[256];
};

constexpr Classes make_classes() {
    Classes table{};
    for (unsigned byte = 0; byte < 256; ++byte)
        table.flags[byte] = classify(byte);
    return table;
}

constexpr Classes kClasses = make_classes();

bool all_of(std::string_view text, uint8_t flag) {
    for (const char c : text) {
        if ((kClasses.flags[static_cast<uint8_t>(c)] & flag) == 0) return false;
    }
    return true;
}

}  // namespace

bool is_token_char(char c) {
    return (kClasses.flags[static_cast<uint8_t>(c)] & kTokenChar) != 0;
}

bool is_token(std::string_view text) {
    return !text.empty() && all_of(text, kTokenChar);
}

bool is_field_value(std::string_view text) {
    return all_of(text, kFieldValueChar);
}

bool is_target_text(std::string_view text) {
    return all_of(text, kTargetChar);
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

// What the JSON walkers test byte by byte: the shared byte classes, JSON whitespace, and
// the grammar of scalars (one copy for the push parser and validate()).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "net/text/byte_class.h"

namespace net::json::chars {

// The byte classes of net/text/byte_class.h the JSON walkers test.
using text::byte_class::has;
using text::byte_class::kContainerMark;
using text::byte_class::kNeedsEscape;
using text::byte_class::kNotPlainString;
using text::byte_class::kQuoteOrBackslash;
using text::byte_class::kScalar;

// A character of a number or of true, false, null: anything else ends or breaks a scalar.
constexpr bool is_scalar_char(char c) {
    return has(c, kScalar);
}

constexpr bool is_json_space(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

constexpr bool is_digit(char c) {
    return c >= '0' && c <= '9';
}

constexpr size_t skip_digits(std::string_view s, size_t i) {
    while (i < s.size() && is_digit(s[i]))
        ++i;
    return i;
}

// RFC 8259 number: -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
constexpr bool is_number(std::string_view s) {
    size_t i = s.empty() || s[0] != '-' ? 0 : 1;
    if (i == s.size() || !is_digit(s[i])) return false;
    i = s[i] == '0' ? i + 1 : skip_digits(s, i);
    if (i < s.size() && s[i] == '.') {
        const size_t start = i + 1;
        i = skip_digits(s, start);
        if (i == start) return false;
    }
    if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
        ++i;
        if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
        const size_t start = i;
        i = skip_digits(s, start);
        if (i == start) return false;
    }
    return i == s.size();
}

// A complete scalar: true, false, null or a number. The first byte picks the one test.
constexpr bool is_scalar_token(std::string_view token) {
    if (token.empty()) return false;
    switch (token[0]) {
        case 't':
            return token == "true";
        case 'f':
            return token == "false";
        case 'n':
            return token == "null";
        default:
            return is_number(token);
    }
}

}  // namespace net::json::chars

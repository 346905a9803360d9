// ASCII character classes for protocol text (header names, schemes, hosts, token types,
// MIME types, numbers): locale-free, byte-wise, no allocation. Not for user text, which
// is UTF-8 (net/text/utf8.h): every byte of a multi-byte character is outside them all.
#pragma once

#include <cstddef>
#include <string_view>

namespace net::text {

constexpr char ascii_lower(char c) {
    return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

constexpr bool equals_ignoring_case(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (size_t i = 0; i < a.size(); ++i) {
        if (ascii_lower(a[i]) != ascii_lower(b[i])) return false;
    }
    return true;
}

constexpr bool is_digit(char c) {
    return c >= '0' && c <= '9';
}

constexpr bool is_alpha(char c) {
    return ascii_lower(c) >= 'a' && ascii_lower(c) <= 'z';
}

constexpr bool is_alnum(char c) {
    return is_digit(c) || is_alpha(c);
}

constexpr bool is_hex_digit(char c) {
    return is_digit(c) || (ascii_lower(c) >= 'a' && ascii_lower(c) <= 'f');
}

// '!' to '~': no space, control, DEL or byte of a UTF-8 sequence.
constexpr bool is_visible(char c) {
    return c >= '!' && c <= '~';
}

// Space, tab, LF and CR: the whitespace of JSON (RFC 8259) and of a blank text.
constexpr bool is_space(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

}  // namespace net::text

// Byte classes the JSON walkers test in their bulk loops, one table lookup per byte
// instead of a chain of comparisons (the table is 256 bytes of flash).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace net::json::chars {

enum : uint8_t {
    kQuoteOrBackslash = 1u << 0,  // ends a run inside a string
    kContainerMark = 1u << 1,     // '"' '{' '}' '[' ']': the only bytes a container's walk tests
    kNotPlainString = 1u << 2,    // '"' '\\', control characters, bytes of multi-byte UTF-8
    kScalar = 1u << 3,            // a number's or a literal's characters
    kNeedsEscape = 1u << 4,       // '"' '\\' and control characters, in a string written out
};

constexpr uint8_t classify(unsigned byte) {
    const bool alnum = (byte >= '0' && byte <= '9') || (byte >= 'a' && byte <= 'z') ||
                       (byte >= 'A' && byte <= 'Z');
    uint8_t flags = 0;
    if (byte == '"' || byte == '\\') flags |= kQuoteOrBackslash | kNotPlainString;
    if (byte == '"' || byte == '{' || byte == '}' || byte == '[' || byte == ']') {
        flags |= kContainerMark;
    }
    if (byte < 0x20 || byte >= 0x80) flags |= kNotPlainString;
    if (byte < 0x20 || byte == '"' || byte == '\\') flags |= kNeedsEscape;
    if (alnum || byte == '-' || byte == '+' || byte == '.') flags |= kScalar;
    return flags;
}

struct Table {
    uint8_t flags[256];
};

constexpr Table make_table() {
    Table table{};
    for (unsigned byte = 0; byte < 256; ++byte)
        table.flags[byte] = classify(byte);
    return table;
}

inline constexpr Table kTable = make_table();

constexpr bool has(char c, uint8_t flag) {
    return (kTable.flags[static_cast<uint8_t>(c)] & flag) != 0;
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

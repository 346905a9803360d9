// One 256-byte table of the byte classes the protocol walkers test in their bulk loops:
// a lookup per byte instead of a chain of comparisons. JSON (net/json) and HTTP
// (net/http) share it, so the image holds one table, not one per walker.
#pragma once

#include <cstdint>

namespace net::text::byte_class {

enum : uint8_t {
    // JSON
    kQuoteOrBackslash = 1u << 0,  // ends a run inside a string
    kContainerMark = 1u << 1,     // '"' '{' '}' '[' ']': the only bytes a container's walk tests
    kNotPlainString = 1u << 2,    // '"' '\\', control characters, bytes of multi-byte UTF-8
    kScalar = 1u << 3,            // a number's or a literal's characters
    kNeedsEscape = 1u << 4,       // '"' '\\' and control characters, in a string written out
    // HTTP (RFC 9110)
    kToken = 1u << 5,       // tchar
    kFieldValue = 1u << 6,  // visible ASCII, space, tab, obs-text; no other control, no DEL
    kTarget = 1u << 7,      // what this client writes in a request-target: visible ASCII but '#'
};

constexpr bool is_one_of(unsigned byte, const char* set) {
    for (; *set != '\0'; ++set) {
        if (static_cast<unsigned char>(*set) == byte) return true;
    }
    return false;
}

constexpr uint8_t classify(unsigned byte) {
    const bool alnum = (byte >= '0' && byte <= '9') || (byte >= 'a' && byte <= 'z') ||
                       (byte >= 'A' && byte <= 'Z');
    const bool control = byte < 0x20;
    constexpr unsigned kDelete = 0x7f;
    uint8_t flags = 0;
    if (byte == '"' || byte == '\\') flags |= kQuoteOrBackslash | kNotPlainString | kNeedsEscape;
    if (is_one_of(byte, "\"{}[]")) flags |= kContainerMark;
    if (control || byte >= 0x80) flags |= kNotPlainString;
    if (control) flags |= kNeedsEscape;
    if (alnum || is_one_of(byte, "-+.")) flags |= kScalar;
    if (alnum || is_one_of(byte, "!#$%&'*+-.^_`|~")) flags |= kToken;
    if ((!control || byte == '\t') && byte != kDelete) flags |= kFieldValue;
    if (byte > ' ' && byte < kDelete && byte != '#') flags |= kTarget;
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

}  // namespace net::text::byte_class

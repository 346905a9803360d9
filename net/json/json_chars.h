// Byte classes the JSON walkers test in their bulk loops, one table lookup per byte
// instead of a chain of comparisons (the table is 256 bytes of flash).
#pragma once

#include <cstdint>

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

}  // namespace net::json::chars

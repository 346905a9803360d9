// ASCII helpers for protocol text (header names, schemes, token types, MIME types):
// locale-free, byte-wise, no allocation. Not for user text (UTF-8).
#pragma once

#include <cstddef>
#include <string_view>

namespace hal {

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

}  // namespace hal

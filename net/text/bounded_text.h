// BoundedText<N>: a fixed-capacity, NUL-terminated UTF-8 string (message fields, names).
// A value longer than N bytes is cut at a character boundary and flagged, never
// overflowed. The copying lives in one capacity-free function, so each N adds only a
// thin inline wrapper.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace net::text {

// Copies `text` into out[0..capacity] (NUL-terminated), cut at a character boundary
// when longer than `capacity` bytes. Stores the copied length; returns true when cut.
bool copy_bounded_text(std::string_view text, char* out, size_t capacity, uint16_t* length);

template <size_t N>
struct BoundedText {
    static_assert(N > 0 && N <= UINT16_MAX, "length is 16 bits");

    char data[N + 1] = {};
    uint16_t length = 0;
    bool truncated = false;  // the value was longer than N bytes and was cut

    static constexpr size_t capacity() { return N; }
    std::string_view view() const { return std::string_view(data, length); }
    bool empty() const { return length == 0; }
    void assign(std::string_view text) { truncated = copy_bounded_text(text, data, N, &length); }
    // Adds `text` at the end (a value that arrives in pieces); once cut, nothing more is
    // added, so the value stays a prefix of what was sent.
    void append(std::string_view text) {
        if (truncated) return;
        uint16_t added = 0;
        truncated = copy_bounded_text(text, data + length, N - length, &added);
        length = static_cast<uint16_t>(length + added);
    }
    void clear() {
        data[0] = '\0';
        length = 0;
        truncated = false;
    }
};

}  // namespace net::text

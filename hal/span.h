// Byte and char views over caller-owned memory (C++17 has no std::span).
// A Span never owns; it is two words and copies freely.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace hal {

template <typename T>
class Span {
  public:
    constexpr Span() = default;
    constexpr Span(T* data, size_t size) : data_(data), size_(size) {}
    template <size_t N>
    constexpr Span(T (&array)[N]) : data_(array), size_(N) {}  // NOLINT: views of arrays
    // A Span<const T> from a Span<T>.
    template <typename U>
    constexpr Span(Span<U> other) : data_(other.data()), size_(other.size()) {}  // NOLINT

    constexpr T* data() const { return data_; }
    constexpr size_t size() const { return size_; }
    constexpr bool empty() const { return size_ == 0; }
    constexpr T& operator[](size_t i) const { return data_[i]; }
    constexpr T* begin() const { return data_; }
    constexpr T* end() const { return data_ + size_; }

    // Clamped: asking past the end gives a shorter (possibly empty) view, never UB.
    constexpr Span subspan(size_t offset, size_t count = SIZE_MAX) const {
        if (offset > size_) offset = size_;
        const size_t left = size_ - offset;
        return Span(data_ + offset, count < left ? count : left);
    }
    constexpr Span first(size_t count) const { return subspan(0, count); }

  private:
    T* data_ = nullptr;
    size_t size_ = 0;
};

using ByteSpan = Span<uint8_t>;
using ConstByteSpan = Span<const uint8_t>;
using CharSpan = Span<char>;

inline ConstByteSpan as_bytes(std::string_view text) {
    return ConstByteSpan(reinterpret_cast<const uint8_t*>(text.data()), text.size());
}
inline std::string_view as_chars(ConstByteSpan bytes) {
    return std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size());
}

}  // namespace hal

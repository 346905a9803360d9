// TextReader: a text kept somewhere else than in RAM (an outbox entry's text on flash),
// read in pieces at any offset, as often as needed: a caller that needs the text twice
// (measure, then send; send again after a refused token) starts over at offset 0. Texts
// in RAM read through StringTextReader. No heap.
#pragma once

#include <cstddef>
#include <cstring>
#include <string_view>

#include "hal/result.h"
#include "hal/span.h"

namespace net::text {

class TextReader {
  public:
    // The text's length in bytes.
    virtual size_t size() const = 0;
    // Copies the bytes from `offset` on into `out`, as many as fit and remain: the count
    // (0 only at or past the end). An error (a flash read that failed) ends the read.
    virtual hal::Result<size_t> read(size_t offset, hal::CharSpan out) const = 0;

  protected:
    ~TextReader() = default;
};

class StringTextReader final : public TextReader {
  public:
    StringTextReader() = default;
    explicit StringTextReader(std::string_view text) : text_(text) {}
    size_t size() const override { return text_.size(); }
    hal::Result<size_t> read(size_t offset, hal::CharSpan out) const override {
        if (offset >= text_.size()) return size_t{0};
        const size_t left = text_.size() - offset;
        const size_t n = left < out.size() ? left : out.size();
        if (n > 0) std::memcpy(out.data(), text_.data() + offset, n);
        return n;
    }

  private:
    std::string_view text_;
};

// Calls fn(std::string_view piece) for each piece of `text`, read through `chunk`, in
// order; stops at the first read error (its status) or when fn returns false.
template <typename Fn>
hal::Status for_each_piece(const TextReader& text, hal::CharSpan chunk, Fn&& fn) {
    for (size_t at = 0; at < text.size();) {
        const hal::Result<size_t> got = text.read(at, chunk);
        if (!got.ok()) return got.status();
        if (got.value() == 0) return hal::Status::kCorrupt;  // shorter than it said
        if (!fn(std::string_view(chunk.data(), got.value()))) return hal::Status::kOk;
        at += got.value();
    }
    return hal::Status::kOk;
}

}  // namespace net::text

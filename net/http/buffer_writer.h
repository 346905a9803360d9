// BufferWriter: appends text and numbers to a caller-owned char buffer, for request
// heads, form bodies and paths. It never allocates and never writes past the buffer:
// an append that does not fit is dropped whole and the writer stays failed
// (kBufferTooSmall) until reset, so a caller can append many pieces and check once.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "hal/result.h"
#include "hal/span.h"
#include "hal/status.h"

namespace net::http {

class BufferWriter {
  public:
    explicit BufferWriter(hal::CharSpan out) : out_(out) {}

    BufferWriter& append(std::string_view text);
    BufferWriter& append(char c);
    BufferWriter& append_decimal(uint64_t value);

    // Appends what `encoder` writes for `text` into the free space (for example
    // net::url::percent_encode or form_encode).
    using Encoder = hal::Result<size_t> (*)(std::string_view, hal::CharSpan);
    BufferWriter& append_encoded(Encoder encoder, std::string_view text);

    // kOk, or kBufferTooSmall once any append did not fit.
    hal::Status status() const { return status_; }
    bool ok() const { return status_ == hal::Status::kOk; }

    size_t size() const { return size_; }
    std::string_view view() const { return std::string_view(out_.data(), size_); }
    void reset() {
        size_ = 0;
        status_ = hal::Status::kOk;
    }

  private:
    hal::CharSpan free_space() const { return out_.subspan(size_); }
    bool reserve(size_t count);

    hal::CharSpan out_;
    size_t size_ = 0;
    hal::Status status_ = hal::Status::kOk;
};

}  // namespace net::http

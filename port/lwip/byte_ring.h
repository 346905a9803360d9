// ByteRing: a fixed-capacity FIFO of bytes in caller-provided storage, for the socket's
// receive buffer. Writes never overwrite: the caller checks space() first.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>

#include "hal/span.h"

namespace port::lwip {

class ByteRing {
  public:
    explicit ByteRing(hal::ByteSpan storage) : storage_(storage) {}

    size_t size() const { return count_; }
    bool empty() const { return count_ == 0; }
    size_t space() const { return storage_.size() - count_; }
    void clear() {
        head_ = 0;
        count_ = 0;
    }

    // Appends data.size() bytes; the caller has checked that they fit (space()).
    void write(hal::ConstByteSpan data) {
        const size_t tail = (head_ + count_) % storage_.size();
        const size_t first = min(data.size(), storage_.size() - tail);
        std::memcpy(storage_.data() + tail, data.data(), first);
        std::memcpy(storage_.data(), data.data() + first, data.size() - first);
        count_ += data.size();
    }

    // Moves up to out.size() bytes out, oldest first; returns how many.
    size_t read(hal::ByteSpan out) {
        const size_t n = min(out.size(), count_);
        const size_t first = min(n, storage_.size() - head_);
        std::memcpy(out.data(), storage_.data() + head_, first);
        std::memcpy(out.data() + first, storage_.data(), n - first);
        head_ = (head_ + n) % storage_.size();
        count_ -= n;
        return n;
    }

  private:
    static size_t min(size_t a, size_t b) { return a < b ? a : b; }

    hal::ByteSpan storage_;
    size_t head_ = 0;   // index of the oldest byte
    size_t count_ = 0;  // bytes held
};

}  // namespace port::lwip

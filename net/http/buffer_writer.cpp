#include "net/http/buffer_writer.h"

#include <cstring>

#include "net/text/number.h"

namespace net::http {

bool BufferWriter::reserve(size_t count) {
    if (!ok()) return false;
    if (count > out_.size() - size_) {
        status_ = hal::Status::kBufferTooSmall;
        return false;
    }
    return true;
}

BufferWriter& BufferWriter::append(std::string_view text) {
    if (!reserve(text.size()) || text.empty()) return *this;
    std::memcpy(out_.data() + size_, text.data(), text.size());
    size_ += text.size();
    return *this;
}

BufferWriter& BufferWriter::append(char c) {
    return append(std::string_view(&c, 1));
}

BufferWriter& BufferWriter::append_decimal(uint64_t value) {
    char digits[text::kMaxDecimalLength];
    return append(text::decimal(value, digits));
}

BufferWriter& BufferWriter::append_encoded(Encoder encoder, std::string_view text) {
    if (!ok()) return *this;
    const hal::Result<size_t> written = encoder(text, free_space());
    if (!written.ok()) {
        status_ = written.status();
        return *this;
    }
    size_ += written.value();
    return *this;
}

}  // namespace net::http

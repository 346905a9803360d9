#include "net/json/json_text_source.h"
#include "net/text/slice.h"

#include <cstring>

namespace net::json {
namespace {

constexpr std::string_view kQuote = "\"";

}  // namespace

JsonTextSource::JsonTextSource(std::string_view head, std::string_view text, std::string_view tail)
    : head_(head), own_text_(text), text_(own_text_), tail_(tail) {
    measure();
}

JsonTextSource::JsonTextSource(std::string_view head, const text::TextReader& text,
                               std::string_view tail)
    : head_(head), text_(text), tail_(tail) {
    measure();
}

void JsonTextSource::measure() {
    uint64_t escaped = 0;
    status_ = text::for_each_piece(text_, hal::CharSpan(chunk_), [&](std::string_view piece) {
        escaped += json_escaped_length(piece);
        return true;
    });
    length_ = head_.size() + 2 * kQuote.size() + escaped + tail_.size();
}

hal::Status JsonTextSource::rewind() {
    part_ = Part::kHead;
    offset_ = 0;
    chunk_size_ = 0;
    chunk_at_ = 0;
    escape_length_ = 0;
    escape_sent_ = 0;
    return hal::Status::kOk;
}

std::string_view JsonTextSource::literal(Part part) const {
    switch (part) {
        case Part::kHead:
            return head_;
        case Part::kOpenQuote:
        case Part::kCloseQuote:
            return kQuote;
        case Part::kTail:
            return tail_;
        default:
            return {};
    }
}

hal::Result<size_t> JsonTextSource::read(hal::ByteSpan out) {
    size_t produced = 0;
    while (produced < out.size() && part_ != Part::kDone) {
        const hal::ByteSpan room = out.subspan(produced);
        if (part_ != Part::kText) {
            produced += copy_literal(room);
            continue;
        }
        HAL_ASSIGN_OR_RETURN(const size_t n, copy_text(room));
        produced += n;
    }
    // The HTTP client asks for exactly length() bytes: 0 only past the end.
    return produced;
}

size_t JsonTextSource::copy_literal(hal::ByteSpan out) {
    const std::string_view rest = text::slice(literal(part_), offset_);
    const size_t n = rest.size() < out.size() ? rest.size() : out.size();
    if (n > 0) std::memcpy(out.data(), rest.data(), n);
    offset_ += n;
    if (offset_ == literal(part_).size()) {
        part_ = static_cast<Part>(static_cast<uint8_t>(part_) + 1);
        offset_ = 0;
    }
    return n;
}

// Escapes text bytes into `out`, reading the text a chunk at a time; a byte whose escape
// does not fit whole is finished on the next call.
hal::Result<size_t> JsonTextSource::copy_text(hal::ByteSpan out) {
    size_t at = drain_escape(out, 0);
    while (at < out.size() && escape_sent_ == escape_length_) {
        if (chunk_at_ == chunk_size_) {
            if (offset_ >= text_.size()) break;
            HAL_ASSIGN_OR_RETURN(const size_t got, text_.read(offset_, hal::CharSpan(chunk_)));
            if (got == 0) return hal::Status::kCorrupt;  // shorter than it said
            offset_ += got;
            chunk_size_ = static_cast<uint8_t>(got);
            chunk_at_ = 0;
        }
        // A run that needs no escaping is copied at once; the byte after it is escaped.
        const std::string_view left(chunk_ + chunk_at_, chunk_size_ - chunk_at_);
        const size_t room = out.size() - at;
        const size_t run = plain_json_run(text::slice(left, 0, room));
        if (run > 0) {
            std::memcpy(out.data() + at, left.data(), run);
            at += run;
            chunk_at_ = static_cast<uint8_t>(chunk_at_ + run);
            continue;
        }
        escape_length_ = static_cast<uint8_t>(escape_json_byte(chunk_[chunk_at_++], escape_));
        escape_sent_ = 0;
        at = drain_escape(out, at);
    }
    if (offset_ >= text_.size() && chunk_at_ == chunk_size_ && escape_sent_ == escape_length_) {
        part_ = Part::kCloseQuote;
        offset_ = 0;
        chunk_size_ = 0;
        chunk_at_ = 0;
    }
    return at;
}

size_t JsonTextSource::drain_escape(hal::ByteSpan out, size_t at) {
    while (escape_sent_ < escape_length_ && at < out.size())
        out[at++] = static_cast<uint8_t>(escape_[escape_sent_++]);
    return at;
}

}  // namespace net::json

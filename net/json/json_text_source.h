// JsonTextSource: streams a JSON body of the form <head>"<escaped text>"<tail> to the
// HTTP client piece by piece, so a long text (a 5000-character message is up to 30 KB
// once escaped) needs no body buffer: the text stays where it is kept (the caller's
// memory, or flash behind a text::TextReader) and is read kTextChunk bytes at a time and
// escaped as it is sent. The length is computed up front for Content-Length (one pass
// over the text). Rewindable, so a request can be sent again (the Parley client's one
// resend after a refused token).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "hal/result.h"
#include "hal/span.h"
#include "net/http/resendable_source.h"
#include "net/json/json_escape.h"
#include "net/text/text_reader.h"

namespace net::json {

class JsonTextSource final : public http::ResendableSource {
  public:
    // Text bytes read from the reader per call.
    static constexpr size_t kTextChunk = 32;

    // `head` and `tail` are literal JSON (e.g. `{"message":` and `,"typeId":1}`); the
    // text is written between them as a quoted, escaped JSON string. All three views
    // must outlive the source.
    JsonTextSource(std::string_view head, std::string_view text, std::string_view tail);
    // The same with the text read through `text` (which must outlive the source). A read
    // that fails while measuring leaves status() with its error; one that fails while
    // sending ends read() with it.
    JsonTextSource(std::string_view head, const text::TextReader& text, std::string_view tail);
    JsonTextSource(const JsonTextSource&) = delete;
    JsonTextSource& operator=(const JsonTextSource&) = delete;

    // kOk when length() holds; otherwise the error of the read that measured the text.
    hal::Status status() const { return status_; }
    uint64_t length() const { return length_; }
    hal::Status rewind() override;
    hal::Result<size_t> read(hal::ByteSpan out) override;

  private:
    enum class Part : uint8_t { kHead, kOpenQuote, kText, kCloseQuote, kTail, kDone };

    void measure();
    std::string_view literal(Part part) const;
    size_t copy_literal(hal::ByteSpan out);
    hal::Result<size_t> copy_text(hal::ByteSpan out);
    size_t drain_escape(hal::ByteSpan out, size_t at);

    std::string_view head_;
    text::StringTextReader own_text_;  // the text of the string_view constructor
    const text::TextReader& text_;
    std::string_view tail_;
    hal::Status status_ = hal::Status::kOk;
    uint64_t length_ = 0;
    Part part_ = Part::kHead;
    size_t offset_ = 0;  // within the current part (text: bytes read into chunk_ so far)
    char chunk_[kTextChunk] = {};
    uint8_t chunk_size_ = 0;
    uint8_t chunk_at_ = 0;  // the next byte of chunk_ to escape
    // The escape of the byte being sent when `out` ended inside it.
    char escape_[kMaxEscapeLength] = {};
    uint8_t escape_length_ = 0;
    uint8_t escape_sent_ = 0;
};

}  // namespace net::json

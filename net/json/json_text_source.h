// JsonTextSource: streams a JSON body of the form <head>"<escaped text>"<tail> to the
// HTTP client piece by piece, so a long text (a 5000-character message is up to 30 KB
// once escaped) needs no body buffer: the text stays in the caller's memory and is
// escaped as it is sent. The length is computed up front for Content-Length.
// Rewindable, so a request can be sent again (the Parley client's one resend after a
// refused token).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "hal/result.h"
#include "hal/span.h"
#include "net/http/resendable_source.h"
#include "net/json/json_escape.h"

namespace net::json {

class JsonTextSource final : public http::ResendableSource {
  public:
    // `head` and `tail` are literal JSON (e.g. `{"message":` and `,"typeId":1}`); the
    // text is written between them as a quoted, escaped JSON string. All three views
    // must outlive the source.
    JsonTextSource(std::string_view head, std::string_view text, std::string_view tail);

    uint64_t length() const { return length_; }
    hal::Status rewind() override;
    hal::Result<size_t> read(hal::ByteSpan out) override;

  private:
    enum class Part : uint8_t { kHead, kOpenQuote, kText, kCloseQuote, kTail, kDone };

    std::string_view literal(Part part) const;
    size_t copy_literal(hal::ByteSpan out);
    size_t copy_text(hal::ByteSpan out);
    size_t drain_escape(hal::ByteSpan out, size_t at);

    std::string_view head_;
    std::string_view text_;
    std::string_view tail_;
    uint64_t length_;
    Part part_ = Part::kHead;
    size_t offset_ = 0;  // within the current part
    // The escape of the byte being sent when `out` ended inside it.
    char escape_[kMaxEscapeLength] = {};
    uint8_t escape_length_ = 0;
    uint8_t escape_sent_ = 0;
};

}  // namespace net::json

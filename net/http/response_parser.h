// ResponseParser: an incremental (push) parser of one HTTP/1.1 response, fed whatever
// fragments the transport returns (one byte at a time works). It keeps the head (see
// ResponseHead) and hands out body bytes as views into the fed input: by
// Content-Length, chunked (extensions ignored, trailers checked and skipped) or until
// the peer closes. '\n'-only line ends are accepted; obsolete line folding is not.
// Limits (http_config.h): kMaxLineLength per line, kMaxHeaderCount lines per response
// (trailers included), a body limit per response. Memory: one line buffer, no heap.
// Errors are sticky: kCorrupt (malformed), kTooLarge (a limit), kUnsupported (a
// transfer coding other than chunked, a protocol switch).
#pragma once

#include <cstddef>
#include <cstdint>

#include "hal/result.h"
#include "hal/span.h"
#include "hal/status.h"
#include "net/http/header_fields.h"
#include "net/http/http_config.h"
#include "net/http/response_head.h"

namespace net::http {

struct ParseStep {
    size_t consumed = 0;      // how many input bytes were used
    hal::ConstByteSpan body;  // body bytes among them (a view into the input), maybe empty
};

class ResponseParser {
  public:
    ResponseParser() { reset(); }

    // Prepares for the next response. After a HEAD request a response has no body,
    // whatever its headers say. A body over `body_limit` bytes is kTooLarge.
    void reset(bool head_request = false, uint64_t body_limit = kMaxStreamedBodySize);

    // Consumes input up to the first of: the end of `in`, the end of the head (so the
    // caller can look at it before any body byte is taken), one run of at most
    // `max_body` body bytes, the end of the response. Call again with the rest.
    // With max_body = 0 no body byte is taken (the step then ends at the head).
    hal::Result<ParseStep> feed(hal::ConstByteSpan in, size_t max_body);

    // With `skip` set, a 2xx response's Date header is checked for syntax but not read
    // (head().has_date stays false): the HTTP client sets it while its clock knows the
    // time, since only a clock without one (learn_time) or a Retry-After, which comes
    // with a 3xx-5xx, reads the date. Kept across reset(); off by default.
    void skip_success_date(bool skip) { skip_success_date_ = skip; }

    // The peer closed the stream. kOk when that ends a body delimited by the close, or
    // the response was already complete; kClosed when the response is cut short; the
    // sticky error if parsing had failed.
    hal::Status finish();

    bool head_complete() const { return head_complete_; }
    bool done() const { return state_ == State::kDone; }
    // Valid once head_complete(); partial before.
    const ResponseHead& head() const { return head_; }
    uint64_t body_bytes() const { return body_bytes_; }

  private:
    enum class State : uint8_t {
        kStatusLine,
        kHeaders,
        kBodyLength,  // Content-Length bytes left in body_left_
        kChunkSize,
        kChunkData,     // chunk bytes left in body_left_
        kChunkDataEnd,  // the line end after a chunk's data
        kTrailers,
        kUntilClose,
        kDone,
    };

    bool in_body() const;
    size_t take_line(hal::ConstByteSpan in);
    hal::ConstByteSpan take_body(hal::ConstByteSpan in, size_t max_body);
    hal::Status on_line(std::string_view line);
    hal::Status on_status_line(std::string_view line);
    hal::Status on_header_line(std::string_view line);
    hal::Status on_head_end();
    void choose_body_framing();
    hal::Status on_chunk_size_line(std::string_view line);
    hal::Status on_trailer_line(std::string_view line);
    hal::Status count_header_line();
    void fail(hal::Status status);

    ResponseHead head_;
    bool skip_success_date_ = false;
    ConnectionTokens connection_;
    State state_ = State::kStatusLine;
    hal::Status error_ = hal::Status::kOk;
    bool head_request_ = false;
    bool head_complete_ = false;
    uint64_t body_limit_ = 0;
    uint64_t body_left_ = 0;
    uint64_t body_bytes_ = 0;
    size_t header_count_ = 0;
    size_t line_length_ = 0;
    char line_[kMaxLineLength] = {};
};

}  // namespace net::http

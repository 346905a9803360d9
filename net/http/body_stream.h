// The two ends of a streamed body: a BodySource produces a request body piece by piece
// (large uploads never sit in RAM whole), a BodySink takes a response body piece by
// piece. Both are small interfaces the caller implements; neither owns any buffer.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "hal/result.h"
#include "hal/span.h"
#include "hal/status.h"

namespace net::http {

class BodySource {
  public:
    // Writes the next bytes of the body into `out` (never empty) and returns how many
    // (>= 1). The client asks exactly for Request::body_length bytes in total; a source
    // that returns 0 before that breaks the request (kInvalidArgument). An error
    // Status aborts the request and is passed on.
    virtual hal::Result<size_t> read(hal::ByteSpan out) = 0;

  protected:
    ~BodySource() = default;
};

// What a response head says about the body a BodySink is about to take.
struct BodyInfo {
    std::string_view content_type;  // empty when the response has none
    bool has_length = false;        // a Content-Length was sent (not chunked)
    uint64_t length = 0;            // ... and this is the body's length in bytes
};

class BodySink {
  public:
    // Called once, before the first piece (also for an empty body), with what the head
    // said (views valid only during the call). Returning an error refuses the body: none
    // of it is read, the connection is closed, and the error is passed on (a size limit
    // that knows the length at once). The default takes any body.
    virtual hal::Status begin(const BodyInfo& /*info*/) { return hal::Status::kOk; }
    // Takes the next piece of the body (never empty; a view valid only during the
    // call). Returning an error stops the transfer, closes the connection, and is
    // passed on to the caller.
    virtual hal::Status write(hal::ConstByteSpan piece) = 0;

  protected:
    ~BodySink() = default;
};

}  // namespace net::http

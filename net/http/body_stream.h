// The two ends of a streamed body: a BodySource produces a request body piece by piece
// (large uploads never sit in RAM whole), a BodySink takes a response body piece by
// piece. Both are small interfaces the caller implements; neither owns any buffer.
#pragma once

#include <cstddef>

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

class BodySink {
  public:
    // Takes the next piece of the body (never empty; a view valid only during the
    // call). Returning an error stops the transfer, closes the connection, and is
    // passed on to the caller.
    virtual hal::Status write(hal::ConstByteSpan piece) = 0;

  protected:
    ~BodySink() = default;
};

}  // namespace net::http

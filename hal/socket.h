// Socket: a connected, ordered byte stream (TCP, or TLS layered on TCP).
// Contract shared by every implementation (POSIX, lwIP, TLS, test fakes):
// - Every call is bounded by an absolute deadline on the Clock's monotonic scale;
//   no call blocks past it (name resolution included, where the stack allows).
// - Partial I/O is normal: send/recv move at least one byte or report why not.
//   A result of 0 means "nothing moved before the deadline, try again"; the caller
//   decides whether its own overall deadline turns that into Status::kTimeout.
// - Errors are non-ok Status values; Status::kClosed means the peer closed cleanly.
//   After kClosed or a hard error, is_connected() is false and connect may be called
//   again (close() first is allowed, not required).
// - An empty buffer is kInvalidArgument: a 0 result would read as "try again" forever.
// - Implementations allocate nothing per call; buffers belong to the caller.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "hal/result.h"
#include "hal/span.h"
#include "hal/time.h"

namespace hal {

// The longest host connect() is given: a DNS name is at most 253 characters in text form
// (RFC 1035). One definition for the URL parser, TLS (SNI and verification) and every
// Socket port, which all refuse longer names.
constexpr size_t kMaxHostLength = 253;

class Socket {
  public:
    // Resolves `host` (a name, or a literal address without brackets: "::1") and
    // connects to `port`. Tries each resolved address in turn until one connects or the
    // one `deadline` for the whole call passes.
    // Errors: kNameResolution, kNetworkError (refused/unreachable), kTimeout,
    // kFailedPrecondition (already connected). TLS adds its rejections.
    virtual Status connect(std::string_view host, uint16_t port, Millis deadline) = 0;

    // Writes up to data.size() bytes. Returns how many were accepted (>= 1), or 0 when
    // nothing could be written before `deadline`. Errors: kClosed, kNetworkError.
    virtual Result<size_t> send(ConstByteSpan data, Millis deadline) = 0;

    // Reads up to out.size() bytes. Returns how many arrived (>= 1), or 0 when nothing
    // arrived before `deadline`. Errors: kClosed (orderly end of stream), kNetworkError.
    virtual Result<size_t> recv(ByteSpan out, Millis deadline) = 0;

    // Closes the connection; safe to call when not connected. After close, connect may
    // be called again.
    virtual void close() = 0;

    virtual bool is_connected() const = 0;

  protected:
    // Not deletable through the interface: objects are allocated statically.
    ~Socket() = default;
};

}  // namespace hal

// Compile-time limits of the HTTP/1.1 client, each overridable by defining the macro
// before this header is included (e.g. from the board's compile definitions).
// Every fixed size in net/http comes from here.
#pragma once

#include <cstddef>
#include <cstdint>

#include "hal/socket.h"  // hal::kMaxHostLength

#ifndef PARLEY_HTTP_MAX_LINE_LENGTH
#define PARLEY_HTTP_MAX_LINE_LENGTH 1024
#endif
#ifndef PARLEY_HTTP_MAX_HEADER_COUNT
#define PARLEY_HTTP_MAX_HEADER_COUNT 64
#endif
#ifndef PARLEY_HTTP_MAX_CONTENT_TYPE_LENGTH
#define PARLEY_HTTP_MAX_CONTENT_TYPE_LENGTH 64
#endif
#ifndef PARLEY_HTTP_MAX_STREAMED_BODY_SIZE
#define PARLEY_HTTP_MAX_STREAMED_BODY_SIZE (uint64_t{16} * 1024 * 1024)
#endif
#ifndef PARLEY_HTTP_MAX_HOST_HEADER_LENGTH
#define PARLEY_HTTP_MAX_HOST_HEADER_LENGTH 262
#endif

namespace net::http {

// The longest line of a response (status line, each header or trailer line, each
// chunk-size line), counted without its '\n' (a '\r' before it counts).
constexpr size_t kMaxLineLength = PARLEY_HTTP_MAX_LINE_LENGTH;

// How many header lines one response may carry, trailer lines included.
constexpr size_t kMaxHeaderCount = PARLEY_HTTP_MAX_HEADER_COUNT;

// How much of the Content-Type value is kept (longer values are truncated and flagged).
constexpr size_t kMaxContentTypeLength = PARLEY_HTTP_MAX_CONTENT_TYPE_LENGTH;

// The largest body the client accepts when it streams one to a sink or to read_body
// (media downloads are at most 10 MB); a buffer reader is limited by its buffer.
constexpr uint64_t kMaxStreamedBodySize = PARLEY_HTTP_MAX_STREAMED_BODY_SIZE;

// The longest Host header value: a 253-character name, ':' and 5 port digits, or a
// bracketed IPv6 literal with its port.
constexpr size_t kMaxHostHeaderLength = PARLEY_HTTP_MAX_HOST_HEADER_LENGTH;
static_assert(kMaxHostHeaderLength >= hal::kMaxHostLength + sizeof(":65535") - 1,
              "the Host header holds the longest host name and a port");

}  // namespace net::http

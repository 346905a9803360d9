// Writes the head of an HTTP/1.1 request (request line, Host, the caller's headers,
// Content-Type, Content-Length, blank line) into a BufferWriter. The body is not
// written here: the client sends it straight from the caller's memory or source.
// Validates what it writes, so no caller input can split a header or the request line.
#pragma once

#include <string_view>

#include "hal/status.h"
#include "net/http/buffer_writer.h"
#include "net/http/request.h"

namespace net::http {

// `host` is the Host header value (net::url::write_host_header).
// Errors: kInvalidArgument — a path with spaces, controls, non-ASCII or '#', a path
// not starting with '/', a header name that is not a token, a value with CR/LF or
// controls, a caller header the client owns (Host, Content-Length, Transfer-Encoding),
// both body and body_source set; kBufferTooSmall — the head does not fit.
hal::Status write_request_head(const Request& request, std::string_view host, BufferWriter& out);

// A path prefix its owner checks once and then marks Request::path_prefix_checked: empty
// or starting with '/', target characters only, and no '?' (a base path has no query).
// kInvalidArgument otherwise.
hal::Status check_path_prefix(std::string_view prefix);

}  // namespace net::http

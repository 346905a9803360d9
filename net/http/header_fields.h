// Interprets the response header fields the client cares about (Content-Length,
// Transfer-Encoding, Connection, Retry-After, Date, Content-Type) into a ResponseHead;
// every other field is ignored. Framing fields are strict (a bad or conflicting value
// is an error); informational ones (Retry-After, Date) are dropped when malformed.
#pragma once

#include <string_view>

#include "hal/status.h"
#include "net/http/response_head.h"

namespace net::http {

// What the Connection header said, decided once all headers are in.
struct ConnectionTokens {
    bool close = false;
    bool keep_alive = false;
};

// Applies one field (name as sent, value already trimmed). Errors: kCorrupt — a
// Content-Length that is not digits or differs from an earlier one, chunked twice;
// kTooLarge — a Content-Length over 64 bits; kUnsupported — a transfer coding other
// than chunked (the client asks for none). With read_date false a Date field is left
// unread (ResponseParser::skip_success_date).
hal::Status apply_header_field(std::string_view name, std::string_view value, ResponseHead& head,
                               ConnectionTokens& connection, bool read_date = true);

// Settles keep_alive from the version and the Connection tokens: HTTP/1.1 keeps the
// connection unless "close"; HTTP/1.0 closes it unless "keep-alive".
void settle_keep_alive(const ConnectionTokens& connection, ResponseHead& head);

}  // namespace net::http

// ResponseHead: what the client keeps from a response's status line and headers —
// status, framing (Content-Length, chunked), keep-alive, Retry-After (both forms),
// Date and Content-Type (truncated to kMaxContentTypeLength). Everything else the
// server sends is checked for syntax and dropped; header values are never logged.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "hal/result.h"
#include "net/http/body_stream.h"
#include "net/http/http_config.h"

namespace net::http {

enum class RetryAfterForm : uint8_t {
    kNone,   // no (valid) Retry-After header
    kDelay,  // "Retry-After: 120": retry_after is a number of seconds
    kDate,   // "Retry-After: <HTTP-date>": retry_after is Unix seconds
};

struct ResponseHead {
    uint16_t status = 0;        // 200..599 (1xx responses are skipped by the parser)
    uint8_t minor_version = 1;  // HTTP/1.0 or HTTP/1.1
    bool keep_alive = true;     // the connection may carry another request afterwards
    bool chunked = false;       // Transfer-Encoding: chunked
    bool has_content_length = false;
    uint64_t content_length = 0;
    bool has_date = false;
    int64_t date = 0;  // the Date header, Unix seconds (for clock correction)
    RetryAfterForm retry_after_form = RetryAfterForm::kNone;
    int64_t retry_after = 0;
    bool content_type_truncated = false;
    uint8_t content_type_length = 0;
    char content_type_text[kMaxContentTypeLength] = {};

    // The Content-Type value (trimmed, possibly truncated), "" when absent.
    std::string_view content_type() const {
        return std::string_view(content_type_text, content_type_length);
    }

    // What a BodySink's begin() is told of the body that follows this head.
    BodyInfo body_info() const {
        BodyInfo info;
        info.content_type = content_type();
        info.has_length = has_content_length && !chunked;
        info.length = content_length;
        return info;
    }

    // How many seconds to wait per Retry-After, never negative. The date form is
    // measured against the response's own Date header when it has one (same clock,
    // immune to the device's clock error), else against `now_wall` (pass
    // Clock::wall_seconds()). kUnavailable when there is no Retry-After, or no clock to
    // measure a date against.
    hal::Result<int64_t> retry_after_seconds(hal::Result<int64_t> now_wall) const;
};

static_assert(kMaxContentTypeLength <= UINT8_MAX, "content_type_length is 8 bits");

}  // namespace net::http

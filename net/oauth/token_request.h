// The token request of docs/protocol.md §4: POST <token URL>?grant_type=client_credentials
// with a form body "client_id=…&client_secret=…" (both form-encoded: they may hold
// '+', '/', '='), and how the endpoint's HTTP status maps onto our Status kinds.
// The body holds the secret: callers wipe its buffer after sending (hal::secure_wipe).
#pragma once

#include <cstddef>
#include <string_view>

#include "hal/result.h"
#include "hal/span.h"

namespace net::oauth {

// The token endpoint on KPN's gateway, relative to its host.
constexpr std::string_view kTokenPath = "/oauth/client_credential/accesstoken";
constexpr std::string_view kTokenQuery = "grant_type=client_credentials";
constexpr std::string_view kFormContentType = "application/x-www-form-urlencoded";

// Writes the form body into `out`; returns its length. kInvalidArgument for an empty id
// or secret; kBufferTooSmall when `out` is short (nothing useful is left in it then).
hal::Result<size_t> write_token_request_body(std::string_view client_id,
                                             std::string_view client_secret, hal::CharSpan out);

// 200 → kOk. 400/401/403 → kBadCredentials (do not hammer the endpoint).
// 429 and 5xx → kRetryLater. Other codes → kServiceError.
hal::Status status_for_token_http_status(int http_status);

}  // namespace net::oauth

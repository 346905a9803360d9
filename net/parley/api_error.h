// ApiError: what the last API call ended with — a Status kind that drives behaviour,
// the HTTP status, the service's machine-readable error string (the first
// notification's "message", docs/protocol.md §5) and, for 429/5xx, the Retry-After delay.
// classify_api_error is the one place that maps a response onto a Status kind.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "hal/status.h"
#include "net/parley/dialect.h"
#include "net/parley/parley_config.h"

namespace net::parley {

struct ApiError {
    hal::Status kind = hal::Status::kOk;
    uint16_t http_status = 0;    // 0 when no response arrived (transport failure)
    int64_t retry_after_s = -1;  // seconds to wait per Retry-After; -1 when not given
    bool error_truncated = false;
    uint8_t error_length = 0;
    char error[kMaxErrorStringLength + 1] = {};  // NUL-terminated, "" when none

    std::string_view error_string() const { return std::string_view(error, error_length); }
    void set_error_string(std::string_view text);
};

static_assert(kMaxErrorStringLength <= UINT8_MAX, "error_length is 8 bits");

// Response → Status kind. `status_error`: the envelope said "status": "ERROR".
//   2xx and not status_error                        → kOk
//   authentication_required/_not_valid/_expired     → kTokenInvalid (KPN: renew the
//                                                     token once), kBadCredentials (Parley
//                                                     direct: the account secret is static)
//   api_key_not_valid, device_requires_authorization → kBadCredentials
//   device_not_registered                           → kFailedPrecondition (subscribe again)
//   message_not_found                               → kNotFound
//   invalid_*, missing_*, *_too_large, media_not_uploaded → kBadRequest
//   anything else (could_not_save_message, could_not_subscribe_device, unknown, none)
//   by HTTP status: 401 → as authentication_*; 403 → kBadCredentials; 404 → kNotFound;
//   429, 5xx → kRetryLater; other 4xx → kBadRequest; else kServiceError.
hal::Status classify_api_error(Dialect dialect, uint16_t http_status, bool status_error,
                               std::string_view error);

// The service does not know this device (any more): subscribe it again, then retry.
bool is_device_not_registered(std::string_view error);

// One of the error strings docs/protocol.md §5 lists (safe to log: it is not free text).
bool is_documented_error(std::string_view error);

}  // namespace net::parley

// Decodes the token endpoint's answer (docs/protocol.md §4): every scalar may be a JSON
// string (numbers included), issued_at is epoch milliseconds (64-bit), token_type is
// "Bearer" or the older "BearerToken", developer_email may also be spelled
// "developer.email"; unknown fields are ignored. The token is copied into the caller's
// TokenGrant; it is read in place (net/json/json_raw.h), no tree, no arena.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "hal/result.h"
#include "net/oauth/oauth_config.h"

namespace net::oauth {

struct TokenGrant {
    char token[kMaxTokenLength + 1] = {};  // NUL-terminated; a secret: never log it
    size_t token_length = 0;
    uint32_t expires_in_s = 0;  // lifetime as sent, clamped to kMaxLifetimeS
    int64_t issued_at_ms = -1;  // epoch milliseconds, or -1 when absent
    std::string_view token_view() const { return std::string_view(token, token_length); }
};

// Decodes `body`. Errors:
// kCorrupt      not JSON, access_token missing/empty/not a string, expires_in missing,
//               non-numeric or not positive, issued_at present but not a number,
//               token_type other than Bearer/BearerToken;
// kTooLarge     body over kMaxResponseSize, or the token longer than kMaxTokenLength;
// kBadCredentials  "status" present and not "approved".
hal::Status decode_token_response(std::string_view body, TokenGrant* grant);

}  // namespace net::oauth

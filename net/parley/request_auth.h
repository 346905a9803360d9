// The identification headers of each dialect (docs/protocol.md §3):
//   KPN gateway:   Authorization: Bearer <token>, uniqueAppDeviceId: <device id>,
//                  authString: <s> (optional), api-version: <v> (optional)
//   Parley direct: x-iris-identification: <account secret>:<device id>,
//                  Authorization: <s> (optional)
// The secret values are composed from their parts as the request head is written (into
// the HTTP client's buffer, which it wipes after sending): no copy of a token or secret.
#pragma once

#include <cstddef>

#include "hal/result.h"
#include "hal/span.h"
#include "hal/time.h"
#include "net/http/request.h"
#include "net/parley/access_token_provider.h"
#include "net/parley/client_config.h"

namespace net::parley {

constexpr size_t kMaxAuthHeaders = 4;

struct AuthHeaders {
    http::Header items[kMaxAuthHeaders];
    size_t count = 0;
    hal::Span<const http::Header> span() const {
        return hal::Span<const http::Header>(items, count);
    }
};

// Fills `out` with views of the token (valid until the provider's next call) and of
// `config`, which must have passed check_config (its values are not checked again; the
// token is, with each request). Errors: the token provider's; kInvalidArgument for the KPN dialect
// without one.
hal::Status write_auth_headers(const ClientConfig& config, AccessTokenProvider* tokens,
                               AuthHeaders* out, hal::Millis deadline);

}  // namespace net::parley

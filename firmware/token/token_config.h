// Compile-time policy of the token keeper (firmware/token). Every value is an #ifndef
// default a board may override with -D (docs/porting.md §4, "config overrides"). The
// client credential and token lengths are net/oauth's (net/oauth/oauth_config.h).
#pragma once

#include "hal/time.h"

// A token refused right after it was renewed is not renewed again at once: a service
// that refuses every new token would otherwise see one request per API call.
#ifndef PARLEY_TOKEN_REFUSAL_BACKOFF_MS
#define PARLEY_TOKEN_REFUSAL_BACKOFF_MS 60000
#endif

namespace firmware::token {

constexpr hal::Millis kTokenRefusalBackoffMs = PARLEY_TOKEN_REFUSAL_BACKOFF_MS;

}  // namespace firmware::token

// Sizes and policy of the OAuth 2.0 client-credentials exchange (docs/protocol.md §4).
// Every value is an #ifndef default a board may override with -D (docs/porting.md §4,
// "config overrides").
#pragma once

#include <cstddef>
#include <cstdint>

// The client credentials the token request carries (token_request.h). One definition for
// every module that holds them: the settings store keeps them, the token source sends
// them, the host's provisioning reads them.
#ifndef PARLEY_OAUTH_MAX_CLIENT_ID_LENGTH
#define PARLEY_OAUTH_MAX_CLIENT_ID_LENGTH 128
#endif
#ifndef PARLEY_OAUTH_MAX_CLIENT_SECRET_LENGTH
#define PARLEY_OAUTH_MAX_CLIENT_SECRET_LENGTH 256
#endif
#ifndef PARLEY_OAUTH_MAX_TOKEN_LENGTH
#define PARLEY_OAUTH_MAX_TOKEN_LENGTH 512  // KPN's tokens are ~28 chars; JWTs run longer
#endif
#ifndef PARLEY_OAUTH_MAX_RESPONSE_SIZE
#define PARLEY_OAUTH_MAX_RESPONSE_SIZE 2048  // the documented response is ~700 bytes
#endif
#ifndef PARLEY_OAUTH_RENEW_PERCENT
#define PARLEY_OAUTH_RENEW_PERCENT 10  // renew when 10% of the lifetime is left ...
#endif
#ifndef PARLEY_OAUTH_RENEW_MAX_MARGIN_S
#define PARLEY_OAUTH_RENEW_MAX_MARGIN_S 180  // ... but never more than 3 minutes early
#endif
#ifndef PARLEY_OAUTH_MAX_LIFETIME_S
// Longer lifetimes are clamped so that a renewal deadline on the 32-bit millisecond
// clock stays well inside its 24.8-day comparison range.
#define PARLEY_OAUTH_MAX_LIFETIME_S (7 * 24 * 3600)
#endif

#ifndef PARLEY_OAUTH_MAX_CLOCK_SKEW_S
// issued_at further than this from our wall clock means one of the clocks is wrong;
// the expiry is then counted from receipt instead, so a skewed clock cannot make every
// fresh token look expired (and the device hammer the token endpoint).
#define PARLEY_OAUTH_MAX_CLOCK_SKEW_S 300
#endif

namespace net::oauth {

constexpr size_t kMaxClientIdLength = PARLEY_OAUTH_MAX_CLIENT_ID_LENGTH;
constexpr size_t kMaxClientSecretLength = PARLEY_OAUTH_MAX_CLIENT_SECRET_LENGTH;
constexpr size_t kMaxTokenLength = PARLEY_OAUTH_MAX_TOKEN_LENGTH;
constexpr size_t kMaxResponseSize = PARLEY_OAUTH_MAX_RESPONSE_SIZE;
constexpr uint32_t kRenewPercent = PARLEY_OAUTH_RENEW_PERCENT;
constexpr uint32_t kRenewMaxMarginS = PARLEY_OAUTH_RENEW_MAX_MARGIN_S;
constexpr uint32_t kMaxLifetimeS = PARLEY_OAUTH_MAX_LIFETIME_S;
constexpr int64_t kMaxClockSkewS = PARLEY_OAUTH_MAX_CLOCK_SKEW_S;

}  // namespace net::oauth

// Compile-time sizes shared across layers: the mbedTLS arena (the composition root owns it
// and hands it to net::tls::platform_init) and the client credential lengths (settings
// store, token source, host provisioning). Every value is an #ifndef default: a board
// overrides it with -D or a header included first. Each module's own sizes live in its
// config header (net/http/http_config.h, net/oauth/oauth_config.h,
// net/parley/parley_config.h, firmware/settings/settings_config.h,
// firmware/outbox/outbox_config.h); docs/design.md §3 and docs/porting.md §4 list them.
#pragma once

#include <cstddef>

// mbedTLS arena (all TLS memory). Set from the measured peak of a full RSA TLS 1.2 and
// TLS 1.3 handshake plus one exchange (README "Arena peak (measured)"; test_tls fails if
// a peak exceeds it), with headroom.
#ifndef PARLEY_TLS_ARENA_SIZE
#define PARLEY_TLS_ARENA_SIZE (48 * 1024)
#endif

// ---- Client credentials ----------------------------------------------------------------
// Stored by firmware/settings, sent by firmware/token, read by the host's provisioning
// (boards/host/credentials_input.h): one definition for all three.
#ifndef PARLEY_MAX_CLIENT_ID_LENGTH
#define PARLEY_MAX_CLIENT_ID_LENGTH 128
#endif
#ifndef PARLEY_MAX_CLIENT_SECRET_LENGTH
#define PARLEY_MAX_CLIENT_SECRET_LENGTH 256
#endif

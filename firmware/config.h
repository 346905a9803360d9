// Compile-time sizes for the device build. Every value is an #ifndef default: a board
// overrides it with -D or a header included first. Each size has one home, here.
#pragma once

#include <cstddef>

// mbedTLS arena (all TLS memory). Set from the measured peak of a full RSA TLS 1.2 and
// TLS 1.3 handshake plus one exchange (see README "Footprint"), with headroom.
#ifndef PARLEY_TLS_ARENA_SIZE
#define PARLEY_TLS_ARENA_SIZE (48 * 1024)
#endif

// ---- Client credentials ----------------------------------------------------------------
// Stored by firmware/settings, sent by firmware/token: one home for both. Same names and
// values as the fallbacks in firmware/token/oauth_token_source.h, which can then go.
#ifndef PARLEY_MAX_CLIENT_ID_LENGTH
#define PARLEY_MAX_CLIENT_ID_LENGTH 128
#endif
#ifndef PARLEY_MAX_CLIENT_SECRET_LENGTH
#define PARLEY_MAX_CLIENT_SECRET_LENGTH 256
#endif

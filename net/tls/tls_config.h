// Compile-time sizes of the TLS client (net/tls). Every value is an #ifndef default a
// board may override with -D (docs/porting.md §4, "config overrides"). The mbedTLS build
// itself (suites, groups, record buffers) is configured in mbedtls_config.h, mbedTLS's
// own format.
#pragma once

#include <cstddef>

// The mbedTLS arena (all TLS memory), which the composition root places statically and
// hands to net::tls::platform_init. Set from the measured peak of a full RSA TLS 1.2 and
// TLS 1.3 handshake plus one exchange (README "Arena peak (measured)"; test_tls fails if
// a peak exceeds it), with headroom.
#ifndef PARLEY_TLS_ARENA_SIZE
#define PARLEY_TLS_ARENA_SIZE (size_t{48} * 1024)
#endif

namespace net::tls {

constexpr size_t kArenaSize = PARLEY_TLS_ARENA_SIZE;

}  // namespace net::tls

// Compile-time sizes of the TLS client (net/tls). Every value is an #ifndef default a
// board may override with -D (docs/porting.md §4, "config overrides"). The mbedTLS build
// itself (suites, groups, record buffers) is configured in mbedtls_config.h, mbedTLS's
// own format.
#pragma once

#include <cstddef>
#include <cstdint>

// The mbedTLS arena (all TLS memory), which the composition root places statically and
// hands to net::tls::platform_init.
//
// 32-bit MCUs: sized from the largest high-water extent measured on the mps2-an386 board
// (net::tls::ArenaUsage::high_water; tests/boards/run-selftest.sh, docs/footprint.md)
// over every kind of handshake we support: EC P-256, RSA-2048, an RSA-4096 root with an
// RSA-2048 intermediate, each over TLS 1.3 and 1.2, each resumed, and 20 reconnections.
// The largest is the RSA-4096 chain over TLS 1.3: 39 736 B (verifying a 4096-bit
// signature holds several 1 KB bignum temporaries on top of the 16 KB + 2 KB record
// buffers and the parsed chain). Margin 4 KiB, then rounded up to a whole KiB (44 032 =
// 39 736 + 4 296, about 11 %): room for one more certificate of up to about 2.5 KB in a
// real server's chain (the peer chain is kept parsed in the arena, its DER plus about
// 0.5 KB of structures each) and for fragmentation the 20-connection run did not show.
//
// 64-bit hosts: mbedTLS's structures are larger there (pointers, size_t) and host RAM is
// not scarce, so 64 KiB; test_tls (TlsArena) prints the host peaks.
#ifndef PARLEY_TLS_ARENA_SIZE
#if UINTPTR_MAX > 0xFFFFFFFFu
#define PARLEY_TLS_ARENA_SIZE (size_t{64} * 1024)
#else
#define PARLEY_TLS_ARENA_SIZE (size_t{43} * 1024)
#endif
#endif

namespace net::tls {

constexpr size_t kArenaSize = PARLEY_TLS_ARENA_SIZE;

}  // namespace net::tls

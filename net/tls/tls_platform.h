// The process-wide state mbedTLS needs, wired to the HAL: one static memory arena for
// every mbedTLS allocation, entropy from hal::Entropy (PSA's random generator is seeded
// from it), wall and monotonic time from hal::Clock. Call platform_init once at boot,
// before any TlsClient is configured. Never touches the C heap.
#pragma once

#include <cstddef>
#include <cstdint>

#include "hal/clock.h"
#include "hal/entropy.h"
#include "hal/span.h"
#include "hal/status.h"

namespace net::tls {

struct PlatformConfig {
    hal::ByteSpan arena;  // static storage for all of mbedTLS (net::tls::kArenaSize, tls_config.h)
    hal::Entropy* entropy;  // seeds the DRBG; must outlive every TLS session
    hal::Clock* clock;      // certificate validity and TLS 1.3 ticket ages
    // Certificates are checked against this time when the wall clock is unknown (board
    // without RTC, before the first HTTP Date header): normally the firmware build time.
    int64_t time_floor_seconds;
};

// Installs the arena, time and entropy hooks and starts PSA crypto. A second call
// replaces the entropy source and clock but keeps the first arena (mbedTLS cannot move
// live allocations). Errors: kInvalidArgument (null or tiny arena), kUnavailable
// (entropy source failed), kInternal (PSA refused to start).
hal::Status platform_init(const PlatformConfig& config);

// Arena figures in bytes. peak and blocks are tracked only when the build defines
// PARLEY_TLS_MEASURE_ARENA (host presets); measured says whether they are meaningful.
struct ArenaUsage {
    size_t capacity;
    size_t current;
    size_t peak;
    size_t peak_blocks;
    bool measured;
    // Every build: how far from the arena's start any block ever ended (since init or
    // arena_reset_peak), headers and fragmentation included: an arena of this size would
    // have held every allocation made so far. What a board's arena is sized from.
    size_t high_water;
};
ArenaUsage arena_usage();
void arena_reset_peak();

}  // namespace net::tls

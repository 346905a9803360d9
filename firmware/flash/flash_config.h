// Compile-time sizes of the verified-flash helpers (firmware/flash). Every value is an
// #ifndef default a board may override with -D (docs/porting.md §4, "config overrides").
#pragma once

#include <cstdint>

// Bytes read per flash call while checking CRCs, blank ranges and read-backs (on the
// stack of the caller: both flash stores read through it).
#ifndef PARLEY_FLASH_READ_CHUNK_BYTES
#define PARLEY_FLASH_READ_CHUNK_BYTES 32
#endif

namespace firmware::flash {

constexpr uint32_t kReadChunkBytes = PARLEY_FLASH_READ_CHUNK_BYTES;
static_assert(kReadChunkBytes > 0, "reads need a chunk");

}  // namespace firmware::flash

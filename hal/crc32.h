// CRC-32 as in IEEE 802.3 and zlib (reflected, polynomial 0xEDB88320, initial and final
// value 0xFFFFFFFF): the integrity check of every flash record and identity file.
// Incremental: crc32(b, crc32(a)) == crc32(a followed by b). 64 bytes of table, no heap.
#pragma once

#include <cstdint>

#include "hal/span.h"

namespace hal {

// Continues `crc` (the result of an earlier call; 0 to start) over `data`.
uint32_t crc32(ConstByteSpan data, uint32_t crc = 0);

}  // namespace hal

// CRC-32 as in IEEE 802.3 and zlib (reflected, polynomial 0xEDB88320, initial and final
// value 0xFFFFFFFF): the integrity check of every flash record and identity file.
// Incremental: crc32(b, crc32(a)) == crc32(a followed by b). 64 bytes of table, no heap.
#pragma once

#include <cstddef>
#include <cstdint>

#include "hal/span.h"

namespace hal {

// Continues `crc` (the result of an earlier call; 0 to start) over `data`.
uint32_t crc32(ConstByteSpan data, uint32_t crc = 0);

// Where one flipped bit would explain a CRC mismatch. `syndrome` is crc32 of a
// `length`-byte message as read XOR the CRC stored with it. Returns the index of the
// message bit to flip back (byte * 8 + bit, bit 0 the least significant),
// kCrcErrorInCrc when the stored CRC itself differs in one bit (the message is intact),
// or kCrcErrorNotOneBit (no error, or more than one bit). CRC-32 keeps a Hamming distance
// of at least 4 for messages up to 11 450 bytes, so one flipped bit is always found and
// never mistaken for another. Linear in `length`; no table, no heap.
constexpr int32_t kCrcErrorInCrc = -1;
constexpr int32_t kCrcErrorNotOneBit = -2;
constexpr size_t kCrcCorrectableBytes = 11450;
int32_t crc32_error_bit(uint32_t syndrome, size_t length);

// Whether bytes still hold what their CRC was computed over.
enum class CrcCheck : uint8_t { kIntact, kCorrected, kBroken };

// Checks `bytes` against `stored` and flips back one flipped bit, in `bytes` or in the
// stored CRC (then `bytes` are unchanged): kCorrected. kBroken: more than one bit, or an
// erased CRC slot (0xFFFFFFFF: the write was cut before its commit and its bytes may be
// torn anywhere; a cut write is never "corrected" into a value).
CrcCheck crc32_correct(ByteSpan bytes, uint32_t stored);

// Whether `stored` could be a program of `crc` cut short: erased, or some of its 0 bits
// still 1 (programming only clears bits). A commit that never finished, not damage.
constexpr bool crc32_cut_short(uint32_t crc, uint32_t stored) {
    return (crc & ~stored) == 0;
}

}  // namespace hal

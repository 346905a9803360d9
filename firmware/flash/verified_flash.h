// VerifiedFlash: the careful use of hal::Flash that both power-safe stores (settings and
// outbox) share. Every program is read back and every erase blank-checked
// (docs/design.md §6); CRCs and blank checks run over flash ranges through a small stack
// chunk, never a sector-sized buffer. Also the CRC slot both formats end a write with.
// Depends on hal only; no heap.
#pragma once

#include <cstddef>
#include <cstdint>

#include "firmware/flash/flash_config.h"  // kReadChunkBytes
#include "hal/flash.h"
#include "hal/result.h"
#include "hal/span.h"
#include "hal/status.h"

namespace firmware::flash {

// What an erased byte of NOR flash reads.
constexpr uint8_t kErasedByte = 0xFF;

// True when every byte reads as erased (an empty range is).
bool all_erased(hal::ConstByteSpan bytes);

// True when every byte of the flash range reads 0xFF.
hal::Result<bool> is_erased(hal::Flash& flash, uint32_t address, uint32_t size);

// hal::crc32 continued from `crc` over the bytes of the flash range.
hal::Result<uint32_t> crc_of_range(hal::Flash& flash, uint32_t address, uint32_t size,
                                   uint32_t crc);

// Programs `data` at `address` and compares what reads back. A refused program keeps its
// Status (kFlashError, kFlashNotErased, ...); a read-back mismatch is kFlashError.
hal::Status program_verified(hal::Flash& flash, uint32_t address, hal::ConstByteSpan data);

// Erases `sector` and checks that it reads back as all 0xFF (kFlashError otherwise).
hal::Status erase_verified(hal::Flash& flash, uint32_t sector);

// As erase_verified, but a sector that already reads blank is left alone (no erase):
// a first write on a blank part cannot leave a torn erase behind.
hal::Status erase_unless_blank(hal::Flash& flash, uint32_t sector);

// A CRC slot: the CRC little-endian in its first 4 bytes, the rest of the slot (up to the
// program unit) left erased. decode_crc reads the 4 bytes back.
constexpr uint32_t kCrcSize = 4;
void encode_crc_slot(uint32_t crc, hal::ByteSpan slot);
uint32_t decode_crc(const uint8_t* in);

}  // namespace firmware::flash

// FlashAccess: the store's careful use of hal::Flash. Every program is read back and
// every erase blank-checked (docs/design.md §6), and CRCs and blank
// checks run over flash ranges through a small stack chunk, never a sector-sized buffer.
#pragma once

#include <cstdint>

#include "hal/flash.h"
#include "hal/result.h"
#include "hal/span.h"
#include "hal/status.h"

namespace firmware::settings {

// Programs `data` at `address` and compares what reads back. A refused program keeps its
// Status (kFlashError, kFlashNotErased, ...); a read-back mismatch is kFlashError.
hal::Status program_verified(hal::Flash& flash, uint32_t address, hal::ConstByteSpan data);

// Erases `sector` and checks that it reads back as all 0xFF (kFlashError otherwise).
hal::Status erase_verified(hal::Flash& flash, uint32_t sector);

// True when every byte of the range reads 0xFF.
hal::Result<bool> is_erased(hal::Flash& flash, uint32_t address, uint32_t size);

// hal::crc32 continued from `crc` over the bytes of the range.
hal::Result<uint32_t> crc_of_range(hal::Flash& flash, uint32_t address, uint32_t size,
                                   uint32_t crc);

}  // namespace firmware::settings

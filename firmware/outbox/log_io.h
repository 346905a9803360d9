// LogIo: the outbox's use of hal::Flash over ranges of the log stream, which may cross
// from one sector into the next (skipping its header). Each piece goes through
// firmware/flash: every program is read back, CRCs read through a small stack chunk.
#pragma once

#include <cstdint>

#include "firmware/outbox/log_layout.h"
#include "hal/flash.h"
#include "hal/result.h"
#include "hal/span.h"
#include "hal/status.h"

namespace firmware::outbox {

// Reads `out.size()` stream bytes from `at`.
hal::Status read_log(hal::Flash& flash, const LogLayout& layout, LogPosition at, hal::ByteSpan out);

// Programs `data` at `at` and compares what reads back. A refused program keeps its
// Status (kFlashError, kFlashNotErased, ...); a read-back mismatch is kFlashError.
// `at` and the size are multiples of the program unit.
hal::Status program_log(hal::Flash& flash, const LogLayout& layout, LogPosition at,
                        hal::ConstByteSpan data);

// hal::crc32 continued from `crc` over `size` stream bytes from `at`.
hal::Result<uint32_t> crc_of_log(hal::Flash& flash, const LogLayout& layout, LogPosition at,
                                 uint32_t size, uint32_t crc);

}  // namespace firmware::outbox

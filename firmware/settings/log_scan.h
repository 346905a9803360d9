// LogScan: what mounting the settings log reads from flash (SPEC.md "Mount"). Finds the
// current sector, the one with a valid header and the newest generation, and walks its
// records up to the first erased or broken one. Reads only; never programs or erases.
#pragma once

#include <cstdint>

#include "firmware/settings/record_format.h"
#include "firmware/settings/record_index.h"
#include "hal/flash.h"
#include "hal/result.h"
#include "hal/status.h"

namespace firmware::settings {

struct CurrentSector {
    uint32_t sector;
    format::SectorHeader header;
};

// The sector whose header (magic and CRC) is valid and whose generation is newest, with
// its header as found: the caller decides whether it can use its version and unit.
// kNotFound when no sector has a valid header (a blank or foreign device).
hal::Result<CurrentSector> find_current_sector(hal::Flash& flash);

struct LogTail {
    uint32_t append_address;  // where the next record would start
    bool sealed;              // take no more records: full, or ends in a broken record
    uint32_t next_sequence;   // one past the newest sequence number seen
};

// Fills `index` with the newest record of each key in `sector`: later records replace
// earlier ones of the same key; a zero-length record removes its key. The walk stops at
// the first erased header (the end of the log, if the rest of the sector is erased too)
// or at the first record that fails its checks (torn by a power cut: the sector is sealed).
hal::Result<LogTail> scan_records(hal::Flash& flash, const format::Layout& layout, uint32_t sector,
                                  RecordIndex& index);

}  // namespace firmware::settings

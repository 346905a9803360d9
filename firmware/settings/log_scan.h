// LogScan: what mounting the settings log reads from flash (SPEC.md "Mount" and
// "Damage"). Classifies every sector by its header, picks the current and the previous
// sector, and walks a sector's records: a single flipped bit in a header or a record is
// corrected, a range that no longer reads as a record is skipped and counted, and the walk
// goes on behind it. Reads only; never programs or erases.
#pragma once

#include <cstdint>

#include "firmware/settings/record_format.h"
#include "firmware/settings/record_index.h"
#include "hal/flash.h"
#include "hal/result.h"
#include "hal/span.h"
#include "hal/status.h"

namespace firmware::settings {

// What mount found wrong with the flash, for the app to report.
struct StoreDamage {
    uint16_t corrected_bits = 0;  // single flipped bits corrected (headers and records)
    uint16_t lost_ranges = 0;     // ranges between records that no longer read as records
    uint16_t headers_lost = 0;    // sector headers of ours that no longer read (or correct)
    bool torn_tail = false;       // the log ends in bytes that are no record (a cut write)

    // True when a committed value may be gone or older than the one last written.
    bool values_at_risk() const { return lost_ranges > 0 || headers_lost > 0; }
    bool any() const { return corrected_bits > 0 || values_at_risk() || torn_tail; }
};

struct SectorChoice {
    bool has_current = false;
    uint32_t current = 0;  // the valid header with the newest generation
    format::SectorHeader current_header{};
    bool has_previous = false;  // the valid header next in age (the last compaction's source)
    uint32_t previous = 0;
    format::SectorHeader previous_header{};
    bool foreign = false;  // no valid header anywhere, and bytes that are no unfinished write
};

// Reads every sector header (correcting one flipped bit, with the CRC where this build's
// program unit puts it). A sector whose header commit never finished (CRC slot erased, or
// missing some 0 bits of the right CRC: a torn program) is ignored, as is a blank one; one
// of our magic whose CRC fails otherwise counts in damage.headers_lost.
// A sector with no readable header that still holds an intact record counts there too.
// `scratch` holds kMaxRecordSize bytes.
hal::Result<SectorChoice> choose_sectors(hal::Flash& flash, const format::Layout& layout,
                                         hal::ByteSpan scratch, StoreDamage& damage);

struct LogTail {
    uint32_t append_address;  // where the next record would start
    bool sealed;              // take no more records: full, or damaged or torn somewhere
    uint32_t next_sequence;   // one past the newest sequence number seen
};

// Fills `index` with the newest record of each key in `sector`: later records replace
// earlier ones of the same key; a zero-length record removes its key. `scratch` holds
// kMaxRecordSize bytes. The walk ends at an erased header with only erased bytes behind
// it; a record that fails its checks and cannot be corrected is skipped up to the next
// record that holds (damage.lost_ranges), or ends the log (damage.torn_tail).
hal::Result<LogTail> scan_records(hal::Flash& flash, const format::Layout& layout, uint32_t sector,
                                  RecordIndex& index, hal::ByteSpan scratch, StoreDamage& damage);

// Reads the record at `address` (ending before `end`) into `scratch` and checks it,
// correcting one flipped bit anywhere in it (length field included). On kOk `header` is
// its header and scratch holds header and value as committed; *corrected (when given)
// says whether a bit was flipped back. kCorrupt: not a record, or not correctable.
hal::Status read_record(hal::Flash& flash, const format::Layout& layout, uint32_t address,
                        uint32_t end, hal::ByteSpan scratch, format::RecordHeader& header,
                        bool* corrected = nullptr);

}  // namespace firmware::settings

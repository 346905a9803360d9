// LogReader: what the outbox reads of its log (SPEC.md "Mount"): the run of sectors from
// their headers, then the intact entries oldest first, skipping torn ranges, and where the
// next entry goes. Reads only; never programs or erases.
#pragma once

#include <cstdint>

#include "firmware/outbox/entry_format.h"
#include "firmware/outbox/log_layout.h"
#include "firmware/outbox/outbox_types.h"
#include "firmware/outbox/sector_format.h"
#include "hal/crc32.h"
#include "hal/flash.h"
#include "hal/result.h"
#include "hal/status.h"

namespace firmware::outbox {

// The sectors of the log: virtual indices oldest..newest, consecutive, each with a usable
// header at its slot.
struct LiveRun {
    bool empty = true;  // no usable header: a blank or foreign device
    uint32_t oldest = 0;
    uint32_t newest = 0;
    uint32_t next_sequence = 1;      // the largest next_sequence of their headers
    uint16_t corrected_headers = 0;  // headers read after correcting one flipped bit
    uint16_t damaged_headers = 0;    // headers of ours that no longer read
};

// The newest usable header and every one before it, back to the first gap. kUnsupported
// when the newest header of our magic has another version or program unit (a log of a
// format this build must not touch). kCorrupt when no header is usable but some sector
// holds bytes past its header area (nothing is touched; the app decides to format).
hal::Result<LiveRun> find_live_run(hal::Flash& flash, const LogLayout& layout);

// Where the next entry goes: at `append` in the newest sector (open), or at the start of
// a sector not yet opened (not open).
struct LogTail {
    bool open = false;
    LogPosition append;
};

struct EntryInfo {
    LogPosition at;   // first byte
    LogPosition end;  // one past the last byte of its trailer
    format::EntryHeader header;
    format::Trailer trailer;
    // Payload bytes read into the reader's buffer: all of them, or only the media id and
    // description when the buffer holds those but not the text (which stays on flash), or
    // none.
    uint32_t loaded = 0;
    // A flipped bit the CRC check corrected in payload bytes that were not loaded (the
    // text): its payload offset and mask (0: none), for whoever reads them.
    uint32_t fix_at = 0;
    uint8_t fix_mask = 0;
};

// Where the entry's trailer (sent-after record, markers, server id record) begins.
LogPosition trailer_position(const LogLayout& layout, const EntryInfo& entry);

struct WalkStep {
    bool is_entry = false;
    EntryInfo entry;  // is_entry
    LogTail tail;     // !is_entry: the end of the log
};

class LogReader {
  public:
    // With a `payload` buffer, each entry found has its payload read into it, and its CRC
    // checked over exactly those bytes; when the whole payload does not fit but its media
    // id and description do, those are read and the CRC is computed over the text on
    // flash (EntryInfo::loaded says which).
    // With `damage`, what the walk finds wrong is counted there (mount passes it; other
    // walks do not, so nothing is counted twice).
    LogReader(hal::Flash& flash, const LogLayout& layout, const LiveRun& run,
              hal::ByteSpan payload = hal::ByteSpan(), OutboxDamage* damage = nullptr)
        : flash_(flash), layout_(layout), run_(run), payload_(payload), damage_(damage) {}

    // The oldest entry, or the end, into `step`. One flipped bit in an entry is corrected
    // (in the payload buffer too); a committed entry that no longer reads is skipped alone
    // when its sizes still read, else the walk resumes at the next entry that holds.
    hal::Status first(WalkStep& step);
    // The entry at `at` or, if that is broken, the next one after it; or the end. Pass
    // the previous entry's `end` to go on.
    hal::Status from(LogPosition at, WalkStep& step);

  private:
    enum class Probe : uint8_t { kEntry, kEnd, kBroken };

    struct Broken {
        // kCommitted: its sizes read and its CRC slot was programmed whole: an entry that
        // was there. kCut: sizes read, CRC slot erased or partly programmed: an accept cut
        // short. kUnmeasured: its sizes do not read.
        enum Kind : uint8_t { kUnmeasured, kCut, kCommitted };
        Kind kind = kUnmeasured;
        bool settled = false;  // committed, and confirmed or failed (nothing lost)
        LogPosition end;       // where it ends, when committed
    };
    // Where the walk goes on after broken bytes, decided in their sector: right after them
    // (a damaged committed entry), at an entry a resync found, or in the next sector.
    enum class Resume : uint8_t { kAfterEntry, kResynced, kNextSector };

    hal::Result<Probe> probe(LogPosition at, WalkStep& step);
    hal::Result<Probe> probe_entry(LogPosition at, WalkStep& step);
    hal::Result<bool> try_sizes(LogPosition at, uint8_t* header_bytes, bool exact,
                                EntryInfo& entry);
    hal::Result<hal::CrcCheck> check_crc(LogPosition at, uint8_t* header_bytes,
                                         const format::EntryHeader& sizes, bool exact,
                                         EntryInfo& entry);
    hal::Result<bool> skip_broken(LogPosition& at, WalkStep& step);
    hal::Result<Resume> resume_in_sector(LogPosition& at, WalkStep& step);
    hal::Result<Broken> classify(LogPosition at);
    hal::Result<LogPosition> resync(LogPosition after, WalkStep& step);
    void count(uint16_t OutboxDamage::*field);
    hal::Result<uint32_t> payload_crc(LogPosition at, uint32_t size, uint32_t load, uint32_t crc);
    hal::Result<bool> agrees_with_headers(const EntryInfo& entry);
    hal::Status read_trailer(EntryInfo& entry);
    hal::Result<uint32_t> first_entry_of(uint32_t sector);
    // The first place an entry starts in sectors `sector`..newest; offset kNoEntry if none.
    hal::Result<LogPosition> next_start(uint32_t sector);
    bool fits(LogPosition at, uint32_t size) const;
    static void end_of_log(bool open, LogPosition append, WalkStep& step);

    hal::Flash& flash_;
    LogLayout layout_;
    LiveRun run_;
    hal::ByteSpan payload_;
    OutboxDamage* damage_;
};

}  // namespace firmware::outbox

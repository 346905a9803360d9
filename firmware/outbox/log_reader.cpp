#include "firmware/outbox/log_reader.h"

#include "firmware/outbox/log_io.h"
#include "hal/crc32.h"

namespace firmware::outbox {
namespace {

struct HeaderRead {
    bool ours = false;  // our magic, a power-of-two unit and a CRC that holds
    format::SectorHeader header;
};

// The header's CRC is looked for where the header's own unit puts it, so a log written
// with another unit is recognised (and refused) rather than taken for blank.
hal::Result<HeaderRead> read_header(hal::Flash& flash, const LogLayout& layout, uint32_t slot) {
    const uint32_t start = slot * layout.sector_size();
    uint8_t fields[format::kSectorFieldsSize];
    HAL_TRY(flash.read(start, hal::ByteSpan(fields)));
    HeaderRead read;
    if (!format::decode_sector_fields(fields, &read.header)) return read;
    const uint32_t crc_at = format::sector_crc_offset(read.header.program_unit);
    if (crc_at + format::kCrcSize > layout.sector_size()) return read;
    uint8_t crc[format::kCrcSize];
    HAL_TRY(flash.read(start + crc_at, hal::ByteSpan(crc)));
    read.ours = format::decode_crc(crc) == format::sector_fields_crc(fields);
    return read;
}

bool is_foreign(const format::SectorHeader& h, const LogLayout& layout) {
    return h.version != format::kVersion || h.program_unit != layout.unit();
}

struct Newest {
    bool usable = false;
    bool foreign = false;
    uint32_t usable_sector = 0;
    uint32_t foreign_sector = 0;
    format::SectorHeader header;
};

void note_candidate(const HeaderRead& read, const LogLayout& layout, uint32_t slot,
                    Newest& newest) {
    const format::SectorHeader& h = read.header;
    if (!read.ours) return;
    if (is_foreign(h, layout)) {
        if (!newest.foreign || h.sector > newest.foreign_sector) newest.foreign_sector = h.sector;
        newest.foreign = true;
    } else if (format::usable_header(h, layout, slot) &&
               (!newest.usable || h.sector > newest.usable_sector)) {
        newest.usable = true;
        newest.usable_sector = h.sector;
        newest.header = h;
    }
}

// The header of virtual sector `sector`, if its slot holds exactly that.
hal::Result<bool> read_run_header(hal::Flash& flash, const LogLayout& layout, uint32_t sector,
                                  format::SectorHeader* header) {
    const uint32_t slot = layout.slot(sector);
    HAL_ASSIGN_OR_RETURN(const HeaderRead read, read_header(flash, layout, slot));
    *header = read.header;
    return read.ours && format::usable_header(read.header, layout, slot) &&
           read.header.sector == sector;
}

uint32_t later_sequence(uint32_t a, uint32_t b) {
    return a > b ? a : b;
}

hal::Result<Newest> find_newest(hal::Flash& flash, const LogLayout& layout) {
    Newest newest;
    for (uint32_t slot = 0; slot < layout.sector_count(); ++slot) {
        HAL_ASSIGN_OR_RETURN(const HeaderRead read, read_header(flash, layout, slot));
        note_candidate(read, layout, slot, newest);
    }
    return newest;
}

// Extends `run` back from its newest sector over consecutive indices, at most a ring.
hal::Status walk_back(hal::Flash& flash, const LogLayout& layout, LiveRun& run) {
    for (uint32_t back = 1; back < layout.sector_count() && back <= run.newest; ++back) {
        format::SectorHeader header;
        HAL_ASSIGN_OR_RETURN(const bool in_run,
                             read_run_header(flash, layout, run.newest - back, &header));
        if (!in_run) break;
        run.oldest = run.newest - back;
        run.next_sequence = later_sequence(run.next_sequence, header.next_sequence);
    }
    return hal::Status::kOk;
}

}  // namespace

LogPosition trailer_position(const LogLayout& layout, const EntryInfo& entry) {
    const format::EntryLayout entry_layout(layout.unit());
    return layout.advance(entry.at, entry_layout.trailer_offset(entry.header.payload_size()));
}

hal::Result<LiveRun> find_live_run(hal::Flash& flash, const LogLayout& layout) {
    HAL_ASSIGN_OR_RETURN(const Newest newest, find_newest(flash, layout));
    if (newest.foreign && (!newest.usable || newest.foreign_sector >= newest.usable_sector)) {
        return hal::Status::kUnsupported;
    }
    LiveRun run;
    if (!newest.usable) return run;
    run = LiveRun{false, newest.usable_sector, newest.usable_sector, newest.header.next_sequence};
    HAL_TRY(walk_back(flash, layout, run));
    return run;
}

hal::Status LogReader::first(WalkStep& step) {
    HAL_ASSIGN_OR_RETURN(const LogPosition start, next_start(run_.oldest));
    if (start.offset != format::kNoEntry) return from(start, step);
    end_of_log(false, LogPosition{}, step);
    return hal::Status::kOk;
}

hal::Status LogReader::from(LogPosition at, WalkStep& step) {
    // Each broken probe moves to a later sector, so this ends within the run.
    for (;;) {
        HAL_ASSIGN_OR_RETURN(const Probe kind, probe(at, step));
        if (kind != Probe::kBroken) return hal::Status::kOk;
        HAL_ASSIGN_OR_RETURN(at, next_start(at.sector + 1));
        if (at.offset == format::kNoEntry) {
            end_of_log(false, LogPosition{}, step);
            return hal::Status::kOk;
        }
    }
}

hal::Result<LogPosition> LogReader::next_start(uint32_t sector) {
    for (; sector <= run_.newest; ++sector) {
        HAL_ASSIGN_OR_RETURN(const uint32_t first, first_entry_of(sector));
        if (first != format::kNoEntry) return LogPosition{sector, first};
    }
    return LogPosition{sector, format::kNoEntry};
}

hal::Result<uint32_t> LogReader::first_entry_of(uint32_t sector) {
    format::SectorHeader header;
    HAL_ASSIGN_OR_RETURN(const bool in_run, read_run_header(flash_, layout_, sector, &header));
    return in_run ? header.first_entry : format::kNoEntry;
}

void LogReader::end_of_log(bool open, LogPosition append, WalkStep& step) {
    step.is_entry = false;
    step.tail = LogTail{open, append};
}

bool LogReader::fits(LogPosition at, uint32_t size) const {
    return layout_.advance(at, size).sector <= run_.newest;
}

hal::Result<LogReader::Probe> LogReader::probe(LogPosition at, WalkStep& step) {
    if (at.sector > run_.newest) {
        end_of_log(false, at, step);
        return Probe::kEnd;
    }
    // An entry that ended with its sector: the next starts where the next sector says.
    if (layout_.room(at) == 0) return Probe::kBroken;
    if (at.sector == run_.newest) {
        HAL_ASSIGN_OR_RETURN(const bool blank,
                             is_erased(flash_, layout_.address(at), layout_.room(at)));
        if (blank) {
            end_of_log(true, at, step);
            return Probe::kEnd;
        }
    }
    return probe_entry(at, step);
}

hal::Result<LogReader::Probe> LogReader::probe_entry(LogPosition at, WalkStep& step) {
    if (!fits(at, format::kEntryHeaderSize)) return Probe::kBroken;
    uint8_t bytes[format::kEntryHeaderSize];
    HAL_TRY(read_log(flash_, layout_, at, hal::ByteSpan(bytes)));
    EntryInfo& entry = step.entry;
    if (!format::decode_entry_header(bytes, &entry.header)) return Probe::kBroken;
    const format::EntryLayout entry_layout(layout_.unit());
    const uint32_t extent = entry_layout.extent(entry.header.payload_size());
    if (!fits(at, extent)) return Probe::kBroken;
    HAL_ASSIGN_OR_RETURN(const bool intact,
                         crc_matches(at, bytes, entry.header, &entry.payload_loaded));
    if (!intact) return Probe::kBroken;
    entry.at = at;
    entry.end = layout_.advance(at, extent);
    HAL_ASSIGN_OR_RETURN(const bool agrees, agrees_with_headers(entry));
    if (!agrees) return Probe::kBroken;
    HAL_TRY(read_trailer(entry));
    step.is_entry = true;
    return Probe::kEntry;
}

// The CRC over header and payload; the payload is read into the buffer when it fits.
hal::Result<bool> LogReader::crc_matches(LogPosition at, const uint8_t* header_bytes,
                                         const format::EntryHeader& header, bool* loaded) {
    const uint32_t size = header.payload_size();
    const uint32_t header_crc =
        hal::crc32(hal::ConstByteSpan(header_bytes, format::kEntryHeaderSize));
    *loaded = payload_.size() >= size;
    HAL_ASSIGN_OR_RETURN(const uint32_t crc, payload_crc(at, size, *loaded, header_crc));
    const format::EntryLayout entry_layout(layout_.unit());
    uint8_t stored[format::kCrcSize];
    HAL_TRY(read_log(flash_, layout_, layout_.advance(at, entry_layout.crc_offset(size)),
                     hal::ByteSpan(stored)));
    return format::decode_crc(stored) == crc;
}

hal::Result<uint32_t> LogReader::payload_crc(LogPosition at, uint32_t size, bool load,
                                             uint32_t crc) {
    const LogPosition body = layout_.advance(at, format::kEntryHeaderSize);
    if (!load) return crc_of_log(flash_, layout_, body, size, crc);
    HAL_TRY(read_log(flash_, layout_, body, payload_.first(size)));
    return hal::crc32(payload_.first(size), crc);
}

// An entry that runs into later sectors was written after them being opened for it: no
// entry starts in a sector it runs through, and the sector it ends in names its end as
// the next entry's start. Anything else (bytes that only looked like an entry while the
// sector after them was not open) is not an entry.
hal::Result<bool> LogReader::agrees_with_headers(const EntryInfo& entry) {
    for (uint32_t sector = entry.at.sector + 1; sector <= entry.end.sector; ++sector) {
        const bool ends_here = sector == entry.end.sector && layout_.room(entry.end) > 0;
        const uint32_t expected = ends_here ? entry.end.offset : format::kNoEntry;
        HAL_ASSIGN_OR_RETURN(const uint32_t first, first_entry_of(sector));
        if (first != expected) return false;
    }
    return true;
}

hal::Status LogReader::read_trailer(EntryInfo& entry) {
    const format::EntryLayout entry_layout(layout_.unit());
    uint8_t trailer[format::kMaxTrailerSize];
    const hal::ByteSpan bytes(trailer, entry_layout.trailer_size());
    HAL_TRY(read_log(flash_, layout_, trailer_position(layout_, entry), bytes));
    entry.trailer = format::decode_trailer(trailer, layout_.unit(), entry.header.sequence);
    return hal::Status::kOk;
}

}  // namespace firmware::outbox

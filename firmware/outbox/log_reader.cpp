#include "firmware/outbox/log_reader.h"

#include "firmware/flash/verified_flash.h"
#include "firmware/outbox/log_io.h"
#include "hal/crc32.h"
#include "hal/le_bytes.h"

namespace firmware::outbox {
namespace {

struct HeaderRead {
    bool ours = false;       // our magic, a power-of-two unit and a CRC that holds
    bool corrected = false;  // ... after one flipped bit was corrected
    bool damaged = false;    // not ours any more: our magic, a programmed CRC that fails
    format::SectorHeader header;
};

// The header's CRC is looked for where the header's own unit puts it, so a log written
// with another unit is recognised (and refused) rather than taken for blank.
hal::Result<HeaderRead> read_header(hal::Flash& flash, const LogLayout& layout, uint32_t slot) {
    const uint32_t start = slot * layout.sector_size();
    uint8_t fields[format::kSectorFieldsSize];
    HAL_TRY(flash.read(start, hal::ByteSpan(fields)));
    HeaderRead read;
    uint8_t crc[format::kCrcSize];
    if (format::decode_sector_fields(fields, &read.header)) {
        const uint32_t crc_at = format::sector_crc_offset(read.header.program_unit);
        if (crc_at + format::kCrcSize <= layout.sector_size()) {
            HAL_TRY(flash.read(start + crc_at, hal::ByteSpan(crc)));
            read.ours = format::decode_crc(crc) == format::sector_fields_crc(fields);
            if (read.ours) return read;
        }
    }
    // One flipped bit, with the CRC where this build's unit puts it.
    HAL_TRY(flash.read(start + format::sector_crc_offset(layout.unit()), hal::ByteSpan(crc)));
    const uint32_t stored = format::decode_crc(crc);
    if (hal::crc32_correct(hal::ByteSpan(fields), stored) != hal::CrcCheck::kBroken &&
        format::decode_sector_fields(fields, &read.header)) {
        read.ours = true;
        read.corrected = true;
        return read;
    }
    // Our magic, and a CRC that was programmed whole and is wrong: a header lost to damage
    // (a torn header program leaves the CRC cut short).
    read.damaged = format::decode_sector_fields(fields, &read.header) &&
                   !hal::crc32_cut_short(format::sector_fields_crc(fields), stored);
    return read;
}

bool is_foreign(const format::SectorHeader& h, const LogLayout& layout) {
    return h.version != format::kVersion || h.program_unit != layout.unit();
}

struct Newest {
    uint16_t corrected = 0;
    uint16_t damaged = 0;
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
        if (read.corrected) ++newest.corrected;
        if (read.damaged) ++newest.damaged;
        note_candidate(read, layout, slot, newest);
    }
    return newest;
}

// With no usable header anywhere: does any sector hold bytes past its header area? Then
// the flash holds something (a log whose headers are all lost, or not an outbox at all)
// that must not be overwritten without an explicit format. A first accept cut by power
// leaves at most a torn header: the body comes after it.
hal::Result<bool> holds_entry_bytes(hal::Flash& flash, const LogLayout& layout) {
    for (uint32_t slot = 0; slot < layout.sector_count(); ++slot) {
        const uint32_t body = slot * layout.sector_size() + layout.header_size();
        HAL_ASSIGN_OR_RETURN(
            const bool blank,
            flash::is_erased(flash, body, layout.sector_size() - layout.header_size()));
        if (!blank) return true;
    }
    return false;
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
    run.corrected_headers = newest.corrected;
    run.damaged_headers = newest.damaged;
    if (!newest.usable) {
        HAL_ASSIGN_OR_RETURN(const bool holds_bytes, holds_entry_bytes(flash, layout));
        if (holds_bytes) return hal::Status::kCorrupt;
        return run;
    }
    run.empty = false;
    run.oldest = run.newest = newest.usable_sector;
    run.next_sequence = newest.header.next_sequence;
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
    // Each broken probe moves to a later position, so this ends within the run.
    for (;;) {
        HAL_ASSIGN_OR_RETURN(const Probe kind, probe(at, step));
        if (kind != Probe::kBroken) return hal::Status::kOk;
        HAL_ASSIGN_OR_RETURN(const bool goes_on, skip_broken(at, step));
        if (!goes_on) return hal::Status::kOk;
    }
}

// Past the broken bytes at `at`: true with `at` where the walk probes next; false when the
// walk ended here (`step` holds the entry a resync found, or the end of the log).
hal::Result<bool> LogReader::skip_broken(LogPosition& at, WalkStep& step) {
    if (layout_.room(at) > 0 && at.sector <= run_.newest) {
        HAL_ASSIGN_OR_RETURN(const Resume resume, resume_in_sector(at, step));
        if (resume == Resume::kAfterEntry) return true;
        if (resume == Resume::kResynced) return false;
    }
    HAL_ASSIGN_OR_RETURN(at, next_start(at.sector + 1));
    if (at.offset != format::kNoEntry) return true;
    end_of_log(false, LogPosition{}, step);
    return false;
}

// What the broken bytes at `at` were decides where the walk goes on in their sector.
hal::Result<LogReader::Resume> LogReader::resume_in_sector(LogPosition& at, WalkStep& step) {
    HAL_ASSIGN_OR_RETURN(const Broken broken, classify(at));
    if (broken.kind == Broken::kCommitted) {
        // A committed entry that no longer reads: it alone is lost.
        count(&OutboxDamage::damaged_entries);
        if (!broken.settled) count(&OutboxDamage::unsent_lost);
        at = broken.end;
        return Resume::kAfterEntry;
    }
    if (broken.kind == Broken::kUnmeasured) {
        HAL_ASSIGN_OR_RETURN(const LogPosition found,
                             resync(layout_.advance(at, layout_.unit()), step));
        if (found.offset != format::kNoEntry) {
            count(&OutboxDamage::lost_ranges);  // bytes that were no cut write
            return Resume::kResynced;
        }
    }
    // A cut accept: the writer went on in a new sector, nothing follows here.
    return Resume::kNextSector;
}

void LogReader::count(uint16_t OutboxDamage::*field) {
    if (damage_ != nullptr && damage_->*field != UINT16_MAX) ++(damage_->*field);
}

// Bytes at `at` that are no entry: one whose sizes still read and whose CRC slot was
// programmed whole was committed (and is damaged); anything else is a cut accept or bytes
// that cannot be measured.
hal::Result<LogReader::Broken> LogReader::classify(LogPosition at) {
    Broken broken;
    broken.kind = Broken::kCut;
    if (!fits(at, format::kEntryHeaderSize)) return broken;
    uint8_t bytes[format::kEntryHeaderSize];
    HAL_TRY(read_log(flash_, layout_, at, hal::ByteSpan(bytes)));
    EntryInfo info;
    if (!format::decode_entry_sizes(bytes, &info.header)) {
        broken.kind = Broken::kUnmeasured;  // decided by these bytes alone
        return broken;
    }
    const uint32_t size = info.header.payload_size();
    // Everything below reads only bytes that no later write can change: the extent must
    // lie in the run and agree with the headers of the sectors it runs into, as for an
    // intact entry (a sector opened later never turns bytes before it into an entry).
    const format::EntryLayout entry_layout(layout_.unit());
    const uint32_t extent = entry_layout.extent(size);
    if (!fits(at, extent)) return broken;
    info.at = at;
    info.end = layout_.advance(at, extent);
    HAL_ASSIGN_OR_RETURN(const bool agrees, agrees_with_headers(info));
    if (!agrees) return broken;
    uint8_t stored[format::kCrcSize];
    HAL_TRY(read_log(flash_, layout_, layout_.advance(at, entry_layout.crc_offset(size)),
                     hal::ByteSpan(stored)));
    const uint32_t stored_crc = format::decode_crc(stored);
    if (stored_crc == UINT32_MAX) return broken;  // never committed
    const uint32_t header_crc = hal::crc32(hal::ConstByteSpan(bytes));
    HAL_ASSIGN_OR_RETURN(const uint32_t right,
                         crc_of_log(flash_, layout_, layout_.advance(at, format::kEntryHeaderSize),
                                    size, header_crc));
    if (hal::crc32_cut_short(right, stored_crc)) return broken;  // its commit was cut short
    HAL_TRY(read_trailer(info));
    broken.kind = Broken::kCommitted;
    broken.settled = is_settled(info.trailer.state);
    broken.end = info.end;
    return broken;
}

// The first entry that holds at a unit-aligned offset from `after` to the end of its
// sector (entries starting in later sectors are found through their headers).
hal::Result<LogPosition> LogReader::resync(LogPosition after, WalkStep& step) {
    const uint32_t last = layout_.sector_size() - format::kEntryHeaderSize;
    for (LogPosition at = after; at.sector == after.sector && at.offset <= last;
         at.offset += layout_.unit()) {
        uint8_t magic[4];
        HAL_TRY(flash_.read(layout_.address(at), hal::ByteSpan(magic)));
        if (hal::get_le<uint32_t>(magic) != format::kEntryMagic) continue;
        HAL_ASSIGN_OR_RETURN(const Probe kind, probe_entry(at, step));
        if (kind == Probe::kEntry) return at;
    }
    return LogPosition{after.sector, format::kNoEntry};
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
                             flash::is_erased(flash_, layout_.address(at), layout_.room(at)));
        if (blank) {
            end_of_log(true, at, step);
            return Probe::kEnd;
        }
    }
    return probe_entry(at, step);
}

hal::Result<LogReader::Probe> LogReader::probe_entry(LogPosition at, WalkStep& step) {
    if (!fits(at, format::kEntryHeaderSize)) return Probe::kBroken;
    uint8_t as_read[format::kEntryHeaderSize];
    HAL_TRY(read_log(flash_, layout_, at, hal::ByteSpan(as_read)));
    // The header as read (one flipped bit anywhere else corrected), then each one-bit
    // change of its size fields, which move the CRC (the rest must then be intact).
    constexpr int kSizeBits = static_cast<int>(format::kSizeFieldsBytes * 8);
    for (int flip = -1; flip < kSizeBits; ++flip) {
        uint8_t bytes[format::kEntryHeaderSize];
        for (size_t i = 0; i < sizeof bytes; ++i)
            bytes[i] = as_read[i];
        if (flip >= 0)
            bytes[format::kSizeFieldsAt + flip / 8] ^= static_cast<uint8_t>(1u << (flip % 8));
        HAL_ASSIGN_OR_RETURN(const bool found, try_sizes(at, bytes, flip >= 0, step.entry));
        if (!found) continue;
        if (flip >= 0) count(&OutboxDamage::corrected_bits);
        step.is_entry = true;
        return Probe::kEntry;
    }
    return Probe::kBroken;
}

// The entry at `at` with the header `bytes`, if its CRC holds (exactly, or after one
// corrected bit unless `exact`) and it agrees with the sector headers it runs into.
hal::Result<bool> LogReader::try_sizes(LogPosition at, uint8_t* bytes, bool exact,
                                       EntryInfo& entry) {
    format::EntryHeader sizes;
    if (!format::decode_entry_sizes(bytes, &sizes)) return false;
    const uint32_t size = sizes.payload_size();
    const format::EntryLayout entry_layout(layout_.unit());
    const uint32_t extent = entry_layout.extent(size);
    if (!fits(at, extent)) return false;
    HAL_ASSIGN_OR_RETURN(const hal::CrcCheck integrity, check_crc(at, bytes, sizes, exact, entry));
    if (integrity == hal::CrcCheck::kBroken) return false;
    if (!format::decode_entry_header(bytes, &entry.header)) return false;
    entry.at = at;
    entry.end = layout_.advance(at, extent);
    HAL_ASSIGN_OR_RETURN(const bool agrees, agrees_with_headers(entry));
    if (!agrees) return false;
    HAL_TRY(read_trailer(entry));
    if (integrity == hal::CrcCheck::kCorrected) count(&OutboxDamage::corrected_bits);
    return true;
}

// The CRC over header and payload; the payload is read into the buffer when it fits,
// else its media id and description when they do (the text is read from flash for the
// CRC only). One flipped bit is corrected in `bytes` or in the loaded payload (never in
// the sizes); one in payload bytes not loaded is noted in the entry (fix_at, fix_mask).
hal::Result<hal::CrcCheck> LogReader::check_crc(LogPosition at, uint8_t* bytes,
                                                const format::EntryHeader& sizes, bool exact,
                                                EntryInfo& entry) {
    const uint32_t size = sizes.payload_size();
    const format::EntryLayout entry_layout(layout_.unit());
    uint8_t stored[format::kCrcSize];
    HAL_TRY(read_log(flash_, layout_, layout_.advance(at, entry_layout.crc_offset(size)),
                     hal::ByteSpan(stored)));
    entry.loaded = 0;
    entry.fix_at = 0;
    entry.fix_mask = 0;
    // An erased CRC slot: never committed (an accept cut short, its body torn anywhere,
    // or sizes that point past the entry); nothing to check, never "corrected".
    if (format::decode_crc(stored) == UINT32_MAX) return hal::CrcCheck::kBroken;
    const uint32_t header_crc = hal::crc32(hal::ConstByteSpan(bytes, format::kEntryHeaderSize));
    const uint32_t fields = uint32_t{sizes.media_id_size} + sizes.description_size;
    if (payload_.size() >= size) {
        entry.loaded = size;
    } else if (payload_.size() >= fields) {
        entry.loaded = fields;
    }
    HAL_ASSIGN_OR_RETURN(const uint32_t crc, payload_crc(at, size, entry.loaded, header_crc));
    const uint32_t syndrome = crc ^ format::decode_crc(stored);
    if (syndrome == 0) return hal::CrcCheck::kIntact;
    if (exact) return hal::CrcCheck::kBroken;
    const int32_t bit = hal::crc32_error_bit(syndrome, format::kEntryHeaderSize + size);
    if (bit == hal::kCrcErrorInCrc) return hal::CrcCheck::kCorrected;
    if (bit < 0) return hal::CrcCheck::kBroken;
    const auto byte = static_cast<uint32_t>(bit / 8);
    const auto mask = static_cast<uint8_t>(1u << (bit % 8));
    if (byte >= format::kEntryHeaderSize) {
        const uint32_t in_payload = byte - format::kEntryHeaderSize;
        if (in_payload < entry.loaded) {
            payload_[in_payload] ^= mask;
        } else {
            entry.fix_at = in_payload;
            entry.fix_mask = mask;
        }
        return hal::CrcCheck::kCorrected;
    }
    if (byte >= format::kSizeFieldsAt && byte < format::kSizeFieldsAt + format::kSizeFieldsBytes) {
        return hal::CrcCheck::kBroken;  // a size: tried separately, exactly
    }
    bytes[byte] ^= mask;
    return hal::CrcCheck::kCorrected;
}

// The CRC over the payload, its first `load` bytes read into the buffer, the rest read
// from flash through a small chunk.
hal::Result<uint32_t> LogReader::payload_crc(LogPosition at, uint32_t size, uint32_t load,
                                             uint32_t crc) {
    const LogPosition body = layout_.advance(at, format::kEntryHeaderSize);
    if (load > 0) {
        HAL_TRY(read_log(flash_, layout_, body, payload_.first(load)));
        crc = hal::crc32(payload_.first(load), crc);
    }
    if (load == size) return crc;
    return crc_of_log(flash_, layout_, layout_.advance(body, load), size - load, crc);
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

#include "firmware/settings/log_scan.h"

#include "firmware/flash/verified_flash.h"
#include "hal/crc32.h"
#include "hal/le_bytes.h"

namespace firmware::settings {
namespace {

bool is_power_of_two(uint32_t n) {
    return n != 0 && (n & (n - 1)) == 0;
}

enum class HeaderState : uint8_t { kValid, kUnfinished, kDamaged, kForeign };

struct HeaderRead {
    HeaderState state = HeaderState::kForeign;
    format::SectorHeader header{};
    bool corrected = false;
};

// A header whose CRC program never completed.
bool commit_unfinished(const uint8_t* fields, uint32_t stored) {
    return hal::crc32_cut_short(hal::crc32(hal::ConstByteSpan(fields, format::kSectorFieldsSize)),
                                stored);
}

// The header's CRC where the header's own program unit puts it: true when it is there and
// holds. `header` is the fields decoded (when they are ours).
hal::Result<bool> holds_with_own_unit(hal::Flash& flash, uint32_t start, uint32_t sector_size,
                                      const uint8_t (&fields)[format::kSectorFieldsSize],
                                      format::SectorHeader& header) {
    if (!format::decode_sector_fields(fields, &header) || !is_power_of_two(header.program_unit)) {
        return false;
    }
    const uint32_t own_offset = format::Layout(header.program_unit).sector_crc_offset();
    if (own_offset + format::kCrcSize > sector_size) return false;
    uint8_t crc[format::kCrcSize];
    HAL_TRY(flash.read(start + own_offset, hal::ByteSpan(crc)));
    return format::decode_crc(crc) == hal::crc32(hal::ConstByteSpan(fields));
}

// The fields with one flipped bit corrected against `stored`: true when they then decode
// as ours (into `header`). `fields` are left as read.
bool correct_header(const uint8_t (&fields)[format::kSectorFieldsSize], uint32_t stored,
                    format::SectorHeader& header) {
    uint8_t repaired[format::kSectorFieldsSize];
    for (size_t i = 0; i < sizeof fields; ++i)
        repaired[i] = fields[i];
    return hal::crc32_correct(hal::ByteSpan(repaired), stored) != hal::CrcCheck::kBroken &&
           format::decode_sector_fields(repaired, &header);
}

// A header that neither holds nor corrects: a commit that never finished (blank, or its CRC
// cut short), ours and damaged, or not ours at all.
HeaderState unreadable_header(const uint8_t (&fields)[format::kSectorFieldsSize], uint32_t stored,
                              format::SectorHeader& header) {
    const bool ours = format::decode_sector_fields(fields, &header);
    if (flash::all_erased(hal::ConstByteSpan(fields)) || commit_unfinished(fields, stored)) {
        return HeaderState::kUnfinished;
    }
    return ours ? HeaderState::kDamaged : HeaderState::kForeign;
}

// The header's CRC is first looked for where the header's own program unit puts it, so a
// log written with another unit is recognised (and refused) instead of taken for blank;
// then where this build's unit puts it, with one flipped bit corrected.
hal::Result<HeaderRead> read_sector_header(hal::Flash& flash, const format::Layout& layout,
                                           uint32_t sector) {
    const uint32_t sector_size = flash.geometry().sector_size;
    const uint32_t start = sector * sector_size;
    uint8_t fields[format::kSectorFieldsSize];
    HAL_TRY(flash.read(start, hal::ByteSpan(fields)));
    HeaderRead read;
    HAL_ASSIGN_OR_RETURN(const bool own,
                         holds_with_own_unit(flash, start, sector_size, fields, read.header));
    if (own) {
        read.state = HeaderState::kValid;
        return read;
    }
    uint8_t crc[format::kCrcSize];
    HAL_TRY(flash.read(start + layout.sector_crc_offset(), hal::ByteSpan(crc)));
    const uint32_t stored = format::decode_crc(crc);
    if (correct_header(fields, stored, read.header)) {
        read.state = HeaderState::kValid;
        read.corrected = true;
        return read;
    }
    read.state = unreadable_header(fields, stored, read.header);
    return read;
}

void note_valid(uint32_t sector, const format::SectorHeader& header, SectorChoice& choice) {
    if (!choice.has_current ||
        format::is_newer(header.generation, choice.current_header.generation)) {
        if (choice.has_current) {
            choice.has_previous = true;
            choice.previous = choice.current;
            choice.previous_header = choice.current_header;
        }
        choice.has_current = true;
        choice.current = sector;
        choice.current_header = header;
    } else if (!choice.has_previous ||
               format::is_newer(header.generation, choice.previous_header.generation)) {
        choice.has_previous = true;
        choice.previous = sector;
        choice.previous_header = header;
    }
}

// Whether a record whose length field says `length` fits between `address` and `end`.
bool record_fits(const format::Layout& layout, uint32_t address, uint32_t end, uint16_t length) {
    return length <= kMaxValueSize && end - address >= layout.record_size(length);
}

uint16_t bump(uint16_t count) {
    return count == UINT16_MAX ? count : static_cast<uint16_t>(count + 1);
}

// The first record that holds at or after `address` (unit-aligned), or `end` if none.
hal::Result<uint32_t> next_record(hal::Flash& flash, const format::Layout& layout, uint32_t address,
                                  uint32_t end, hal::ByteSpan scratch) {
    const uint32_t unit = layout.align(1);
    for (; end - address >= layout.record_size(0); address += unit) {
        uint8_t magic[4];
        HAL_TRY(flash.read(address, hal::ByteSpan(magic)));
        if (hal::get_le<uint32_t>(magic) != format::kRecordMagic) continue;
        format::RecordHeader header{};
        const hal::Status status = read_record(flash, layout, address, end, scratch, header);
        if (status == hal::Status::kOk) return address;
        if (status != hal::Status::kCorrupt) return status;
    }
    return end;
}

// Bytes at the end of the log that are no record: a write cut by power loss (its CRC slot
// erased or only partly programmed, or its header cut before the length) or a committed
// record that was damaged (its CRC programmed, and wrong).
hal::Result<bool> write_was_cut(hal::Flash& flash, const format::Layout& layout, uint32_t address,
                                uint32_t end) {
    uint8_t head[format::kRecordHeaderSize];
    HAL_TRY(flash.read(address, hal::ByteSpan(head)));
    const uint16_t length = hal::get_le<uint16_t>(head + format::kRecordLengthOffset);
    if (!record_fits(layout, address, end, length)) return length == 0xFFFF;
    HAL_ASSIGN_OR_RETURN(
        const uint32_t right,
        flash::crc_of_range(flash, address, format::kRecordHeaderSize + length, 0));
    uint8_t crc[format::kCrcSize];
    HAL_TRY(flash.read(address + layout.record_crc_offset(length), hal::ByteSpan(crc)));
    return hal::crc32_cut_short(right, format::decode_crc(crc));
}

void note_record(const format::RecordHeader& header, uint32_t address, RecordIndex& index) {
    RecordSlot& slot = index.slots[header.key];
    slot.address = address;
    slot.sequence = header.sequence;
    slot.size = header.length;
    slot.present = header.length > 0;
}

// Reads the record at `address` into `scratch` as if its length field held `length`, and
// checks it against its CRC: the length as read with one flipped bit corrected anywhere,
// a length already changed by one bit only exactly. kBroken: no record of that length.
hal::Result<hal::CrcCheck> check_with_length(hal::Flash& flash, const format::Layout& layout,
                                             uint32_t address, uint16_t length, bool length_as_read,
                                             hal::ByteSpan scratch, format::RecordHeader& header) {
    uint8_t* bytes = scratch.data();
    HAL_TRY(flash.read(address, scratch.first(format::kRecordHeaderSize + length)));
    hal::put_le<uint16_t>(bytes + format::kRecordLengthOffset, length);
    uint8_t crc[format::kCrcSize];
    HAL_TRY(flash.read(address + layout.record_crc_offset(length), hal::ByteSpan(crc)));
    const hal::ByteSpan covered = scratch.first(format::kRecordHeaderSize + length);
    hal::CrcCheck check = hal::CrcCheck::kBroken;
    if (length_as_read) {
        check = hal::crc32_correct(covered, format::decode_crc(crc));
    } else if (hal::crc32(covered) == format::decode_crc(crc)) {
        check = hal::CrcCheck::kCorrected;
    }
    if (check == hal::CrcCheck::kBroken) return check;
    if (format::decode_record_header(bytes, &header) != format::HeaderKind::kRecord ||
        header.length != length) {
        return hal::CrcCheck::kBroken;
    }
    return check;
}

}  // namespace

hal::Status read_record(hal::Flash& flash, const format::Layout& layout, uint32_t address,
                        uint32_t end, hal::ByteSpan scratch, format::RecordHeader& header,
                        bool* corrected) {
    if (end - address < layout.record_size(0)) return hal::Status::kCorrupt;
    HAL_TRY(flash.read(address, scratch.first(format::kRecordHeaderSize)));
    const uint16_t as_read = hal::get_le<uint16_t>(scratch.data() + format::kRecordLengthOffset);
    // The length as read, then each one-bit change of it (the rest must then be intact).
    for (int flip = -1; flip < 16; ++flip) {
        const auto length = static_cast<uint16_t>(flip < 0 ? as_read : as_read ^ (1u << flip));
        if (!record_fits(layout, address, end, length)) continue;
        HAL_ASSIGN_OR_RETURN(
            const hal::CrcCheck check,
            check_with_length(flash, layout, address, length, flip < 0, scratch, header));
        if (check == hal::CrcCheck::kBroken) continue;
        if (corrected != nullptr) *corrected = check == hal::CrcCheck::kCorrected;
        return hal::Status::kOk;
    }
    return hal::Status::kCorrupt;
}

namespace {

// A sector without a readable header that still holds an intact record was ours: its
// header is what was damaged.
hal::Result<bool> holds_a_record(hal::Flash& flash, const format::Layout& layout, uint32_t sector,
                                 hal::ByteSpan scratch) {
    const uint32_t size = flash.geometry().sector_size;
    const uint32_t end = (sector + 1) * size;
    HAL_ASSIGN_OR_RETURN(
        const uint32_t found,
        next_record(flash, layout, sector * size + layout.sector_header_size(), end, scratch));
    return found != end;
}

}  // namespace

hal::Result<SectorChoice> choose_sectors(hal::Flash& flash, const format::Layout& layout,
                                         hal::ByteSpan scratch, StoreDamage& damage) {
    SectorChoice choice;
    bool foreign = false;
    const uint32_t count = flash.geometry().sector_count;
    for (uint32_t sector = 0; sector < count; ++sector) {
        HAL_ASSIGN_OR_RETURN(HeaderRead read, read_sector_header(flash, layout, sector));
        if (read.state == HeaderState::kForeign) {
            HAL_ASSIGN_OR_RETURN(const bool ours, holds_a_record(flash, layout, sector, scratch));
            if (ours) read.state = HeaderState::kDamaged;
        }
        switch (read.state) {
            case HeaderState::kValid:
                if (read.corrected) damage.corrected_bits = bump(damage.corrected_bits);
                note_valid(sector, read.header, choice);
                break;
            case HeaderState::kDamaged:
                damage.headers_lost = bump(damage.headers_lost);
                foreign = true;
                break;
            case HeaderState::kForeign:
                foreign = true;
                break;
            case HeaderState::kUnfinished:
                break;
        }
    }
    choice.foreign = !choice.has_current && foreign;
    return choice;
}

namespace {

// True when the log ends at `address`: an erased record header with only erased bytes
// behind it, up to `end`.
hal::Result<bool> log_ends_at(hal::Flash& flash, uint32_t address, uint32_t end) {
    uint8_t head[format::kRecordHeaderSize];
    HAL_TRY(flash.read(address, hal::ByteSpan(head)));
    if (!flash::all_erased(hal::ConstByteSpan(head))) return false;
    return flash::is_erased(flash, address, end - address);
}

// One sector's walk (scan_records): what it reads and what it fills.
struct RecordWalk {
    hal::Flash& flash;
    const format::Layout& layout;
    uint32_t end;  // the sector's end
    hal::ByteSpan scratch;
    RecordIndex& index;
    StoreDamage& damage;
    LogTail tail;
    bool first;  // no record taken yet
};

// Bytes at the tail's address that are no record. Never append behind them: the tail is
// sealed. True: the walk goes on at the next record that holds (the bytes skipped count
// as a lost range). False: no record follows and the log ends there, in a cut write
// (damage.torn_tail) or in a damaged record (a lost range).
hal::Result<bool> skip_damaged(RecordWalk& walk) {
    LogTail& tail = walk.tail;
    StoreDamage& damage = walk.damage;
    tail.sealed = true;
    HAL_ASSIGN_OR_RETURN(
        const uint32_t next,
        next_record(walk.flash, walk.layout, tail.append_address + walk.layout.align(1), walk.end,
                    walk.scratch));
    if (next != walk.end) {
        damage.lost_ranges = bump(damage.lost_ranges);
        tail.append_address = next;
        return true;
    }
    HAL_ASSIGN_OR_RETURN(const bool cut,
                         write_was_cut(walk.flash, walk.layout, tail.append_address, walk.end));
    if (cut) {
        damage.torn_tail = true;
    } else {
        damage.lost_ranges = bump(damage.lost_ranges);
    }
    return false;
}

// Takes the record that holds at the tail's address into the index and moves the tail
// behind it.
void take_record(RecordWalk& walk, const format::RecordHeader& header) {
    LogTail& tail = walk.tail;
    note_record(header, tail.append_address, walk.index);
    const uint32_t after = header.sequence + 1;
    if (walk.first || format::is_newer(after, tail.next_sequence)) tail.next_sequence = after;
    walk.first = false;
    tail.append_address += walk.layout.record_size(header.length);
}

// One step of the walk, at the tail's address: the record there is taken, or the bytes
// there that are no record are skipped (true); false when the log ends there.
hal::Result<bool> walk_one(RecordWalk& walk) {
    const uint32_t address = walk.tail.append_address;
    HAL_ASSIGN_OR_RETURN(const bool ends, log_ends_at(walk.flash, address, walk.end));
    if (ends) return false;
    format::RecordHeader header{};
    bool corrected = false;
    const hal::Status status =
        read_record(walk.flash, walk.layout, address, walk.end, walk.scratch, header, &corrected);
    if (status == hal::Status::kCorrupt) return skip_damaged(walk);
    HAL_TRY(status);
    if (corrected) walk.damage.corrected_bits = bump(walk.damage.corrected_bits);
    take_record(walk, header);
    return true;
}

}  // namespace

hal::Result<LogTail> scan_records(hal::Flash& flash, const format::Layout& layout, uint32_t sector,
                                  RecordIndex& index, hal::ByteSpan scratch, StoreDamage& damage) {
    const uint32_t sector_size = flash.geometry().sector_size;
    const LogTail start{sector * sector_size + layout.sector_header_size(), false, 1};
    RecordWalk walk{flash, layout, (sector + 1) * sector_size, scratch, index, damage, start, true};
    while (walk.end - walk.tail.append_address >= layout.record_size(0)) {
        HAL_ASSIGN_OR_RETURN(const bool goes_on, walk_one(walk));
        if (!goes_on) return walk.tail;
    }
    walk.tail.sealed = true;  // full: not even a removal fits
    return walk.tail;
}

}  // namespace firmware::settings

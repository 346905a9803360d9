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
    uint8_t crc[format::kCrcSize];
    if (format::decode_sector_fields(fields, &read.header) &&
        is_power_of_two(read.header.program_unit)) {
        const uint32_t own_offset = format::Layout(read.header.program_unit).sector_crc_offset();
        if (own_offset + format::kCrcSize <= sector_size) {
            HAL_TRY(flash.read(start + own_offset, hal::ByteSpan(crc)));
            if (format::decode_crc(crc) == hal::crc32(hal::ConstByteSpan(fields))) {
                read.state = HeaderState::kValid;
                return read;
            }
        }
    }
    HAL_TRY(flash.read(start + layout.sector_crc_offset(), hal::ByteSpan(crc)));
    const uint32_t stored = format::decode_crc(crc);
    uint8_t repaired[format::kSectorFieldsSize];
    for (size_t i = 0; i < sizeof fields; ++i)
        repaired[i] = fields[i];
    if (hal::crc32_correct(hal::ByteSpan(repaired), stored) != hal::CrcCheck::kBroken &&
        format::decode_sector_fields(repaired, &read.header)) {
        read.state = HeaderState::kValid;
        read.corrected = true;
        return read;
    }
    const bool ours = format::decode_sector_fields(fields, &read.header);
    if (flash::all_erased(hal::ConstByteSpan(fields)) || commit_unfinished(fields, stored)) {
        read.state = HeaderState::kUnfinished;
    } else {
        read.state = ours ? HeaderState::kDamaged : HeaderState::kForeign;
    }
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
    if (length > kMaxValueSize || end - address < layout.record_size(length)) {
        return length == 0xFFFF;
    }
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

}  // namespace

hal::Status read_record(hal::Flash& flash, const format::Layout& layout, uint32_t address,
                        uint32_t end, hal::ByteSpan scratch, format::RecordHeader& header,
                        bool* corrected) {
    if (end - address < layout.record_size(0)) return hal::Status::kCorrupt;
    uint8_t* bytes = scratch.data();
    HAL_TRY(flash.read(address, scratch.first(format::kRecordHeaderSize)));
    const uint16_t as_read = hal::get_le<uint16_t>(bytes + format::kRecordLengthOffset);
    // The length as read, then each one-bit change of it (the rest must then be intact).
    for (int flip = -1; flip < 16; ++flip) {
        const auto length = static_cast<uint16_t>(flip < 0 ? as_read : as_read ^ (1u << flip));
        if (length > kMaxValueSize || end - address < layout.record_size(length)) continue;
        HAL_TRY(flash.read(address, scratch.first(format::kRecordHeaderSize + length)));
        hal::put_le<uint16_t>(bytes + format::kRecordLengthOffset, length);
        uint8_t crc[format::kCrcSize];
        HAL_TRY(flash.read(address + layout.record_crc_offset(length), hal::ByteSpan(crc)));
        const hal::ByteSpan covered = scratch.first(format::kRecordHeaderSize + length);
        hal::CrcCheck check = hal::CrcCheck::kBroken;
        if (flip < 0) {
            check = hal::crc32_correct(covered, format::decode_crc(crc));
        } else if (hal::crc32(covered) == format::decode_crc(crc)) {
            check = hal::CrcCheck::kCorrected;
        }
        if (check == hal::CrcCheck::kBroken) continue;
        if (format::decode_record_header(bytes, &header) != format::HeaderKind::kRecord ||
            header.length != length) {
            continue;
        }
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

hal::Result<LogTail> scan_records(hal::Flash& flash, const format::Layout& layout, uint32_t sector,
                                  RecordIndex& index, hal::ByteSpan scratch, StoreDamage& damage) {
    const uint32_t sector_size = flash.geometry().sector_size;
    const uint32_t end = (sector + 1) * sector_size;
    LogTail tail{sector * sector_size + layout.sector_header_size(), false, 1};
    bool first = true;
    while (end - tail.append_address >= layout.record_size(0)) {
        uint8_t head[format::kRecordHeaderSize];
        HAL_TRY(flash.read(tail.append_address, hal::ByteSpan(head)));
        if (flash::all_erased(hal::ConstByteSpan(head))) {
            HAL_ASSIGN_OR_RETURN(const bool blank, flash::is_erased(flash, tail.append_address,
                                                                    end - tail.append_address));
            if (blank) return tail;
        }
        format::RecordHeader header{};
        bool corrected = false;
        const hal::Status status =
            read_record(flash, layout, tail.append_address, end, scratch, header, &corrected);
        if (status == hal::Status::kCorrupt) {
            // Never append behind bytes that are no record; look for records after them.
            tail.sealed = true;
            HAL_ASSIGN_OR_RETURN(
                const uint32_t next,
                next_record(flash, layout, tail.append_address + layout.align(1), end, scratch));
            if (next == end) {
                HAL_ASSIGN_OR_RETURN(const bool cut,
                                     write_was_cut(flash, layout, tail.append_address, end));
                if (cut) {
                    damage.torn_tail = true;
                } else {
                    damage.lost_ranges = bump(damage.lost_ranges);
                }
                return tail;
            }
            damage.lost_ranges = bump(damage.lost_ranges);
            tail.append_address = next;
            continue;
        }
        HAL_TRY(status);
        if (corrected) damage.corrected_bits = bump(damage.corrected_bits);
        note_record(header, tail.append_address, index);
        const uint32_t after = header.sequence + 1;
        if (first || format::is_newer(after, tail.next_sequence)) tail.next_sequence = after;
        first = false;
        tail.append_address += layout.record_size(header.length);
    }
    tail.sealed = true;  // full: not even a removal fits
    return tail;
}

}  // namespace firmware::settings

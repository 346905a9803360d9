#include "firmware/settings/log_scan.h"

#include "firmware/settings/flash_access.h"
#include "hal/crc32.h"
#include "hal/span.h"

namespace firmware::settings {
namespace {

bool is_power_of_two(uint32_t n) {
    return n != 0 && (n & (n - 1)) == 0;
}

// The header's CRC is looked for where the header's own program unit put it, so a log
// written with another unit is recognised (and then refused) instead of taken for blank.
hal::Result<bool> read_sector_header(hal::Flash& flash, uint32_t sector,
                                     format::SectorHeader* header) {
    const uint32_t sector_size = flash.geometry().sector_size;
    const uint32_t start = sector * sector_size;
    uint8_t fields[format::kSectorFieldsSize];
    HAL_TRY(flash.read(start, hal::ByteSpan(fields)));
    if (!format::decode_sector_fields(fields, header)) return false;
    if (!is_power_of_two(header->program_unit)) return false;
    const uint32_t crc_offset = format::Layout(header->program_unit).sector_crc_offset();
    if (crc_offset + format::kCrcSize > sector_size) return false;
    uint8_t crc[format::kCrcSize];
    HAL_TRY(flash.read(start + crc_offset, hal::ByteSpan(crc)));
    return format::decode_crc(crc) == hal::crc32(hal::ConstByteSpan(fields));
}

enum class Entry : uint8_t { kRecord, kEnd, kBroken };

struct Step {
    Entry entry;
    format::RecordHeader header;
};

// An erased header ends the log only if everything after it is erased too; anything else
// there (a torn erase, a foreign image) means the sector must take no more records.
hal::Result<Step> end_of_log(hal::Flash& flash, uint32_t address, uint32_t end) {
    HAL_ASSIGN_OR_RETURN(const bool blank, is_erased(flash, address, end - address));
    return Step{blank ? Entry::kEnd : Entry::kBroken, {}};
}

hal::Result<bool> crc_matches(hal::Flash& flash, const format::Layout& layout, uint32_t address,
                              uint16_t length) {
    HAL_ASSIGN_OR_RETURN(const uint32_t crc,
                         crc_of_range(flash, address, format::kRecordHeaderSize + length, 0));
    uint8_t stored[format::kCrcSize];
    HAL_TRY(flash.read(address + layout.record_crc_offset(length), hal::ByteSpan(stored)));
    return format::decode_crc(stored) == crc;
}

// Reads and checks the entry at `address` of a sector that ends at `end`.
hal::Result<Step> read_entry(hal::Flash& flash, const format::Layout& layout, uint32_t address,
                             uint32_t end) {
    Step step{Entry::kBroken, {}};
    if (end - address < layout.record_size(0)) return step;  // full: not even a removal fits
    uint8_t bytes[format::kRecordHeaderSize];
    HAL_TRY(flash.read(address, hal::ByteSpan(bytes)));
    const format::HeaderKind kind = format::decode_record_header(bytes, &step.header);
    if (kind == format::HeaderKind::kErased) return end_of_log(flash, address, end);
    if (kind == format::HeaderKind::kInvalid) return step;
    if (end - address < layout.record_size(step.header.length)) return step;
    HAL_ASSIGN_OR_RETURN(const bool intact,
                         crc_matches(flash, layout, address, step.header.length));
    if (intact) step.entry = Entry::kRecord;
    return step;
}

void note_record(const format::RecordHeader& header, uint32_t address, RecordIndex& index) {
    RecordSlot& slot = index.slots[header.key];
    slot.address = address;
    slot.sequence = header.sequence;
    slot.size = header.length;
    slot.present = header.length > 0;
}

}  // namespace

hal::Result<CurrentSector> find_current_sector(hal::Flash& flash) {
    bool found = false;
    CurrentSector best{};
    const uint32_t count = flash.geometry().sector_count;
    for (uint32_t sector = 0; sector < count; ++sector) {
        format::SectorHeader header{};
        HAL_ASSIGN_OR_RETURN(const bool valid, read_sector_header(flash, sector, &header));
        if (valid && (!found || format::is_newer(header.generation, best.header.generation))) {
            best = CurrentSector{sector, header};
            found = true;
        }
    }
    if (!found) return hal::Status::kNotFound;
    return best;
}

hal::Result<LogTail> scan_records(hal::Flash& flash, const format::Layout& layout, uint32_t sector,
                                  RecordIndex& index) {
    const uint32_t sector_size = flash.geometry().sector_size;
    const uint32_t end = (sector + 1) * sector_size;
    LogTail tail{sector * sector_size + layout.sector_header_size(), false, 1};
    bool first = true;
    for (;;) {
        HAL_ASSIGN_OR_RETURN(const Step step, read_entry(flash, layout, tail.append_address, end));
        if (step.entry != Entry::kRecord) {
            tail.sealed = step.entry == Entry::kBroken;
            return tail;
        }
        note_record(step.header, tail.append_address, index);
        const uint32_t after = step.header.sequence + 1;
        if (first || format::is_newer(after, tail.next_sequence)) tail.next_sequence = after;
        first = false;
        tail.append_address += layout.record_size(step.header.length);
    }
}

}  // namespace firmware::settings

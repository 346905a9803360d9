#include "firmware/outbox/sector_format.h"

#include <cstring>

#include "hal/crc32.h"
#include "hal/le_bytes.h"

namespace firmware::outbox::format {

using hal::get_le;
using hal::put_le;
namespace {

constexpr size_t kMagicAt = 0;
constexpr size_t kVersionAt = 4;
constexpr size_t kUnitAt = 5;
constexpr size_t kReservedAt = 6;
constexpr size_t kSectorAt = 8;
constexpr size_t kFirstEntryAt = 12;
constexpr size_t kNextSequenceAt = 16;

bool is_power_of_two(uint32_t n) {
    return n != 0 && (n & (n - 1)) == 0;
}

bool first_entry_fits(uint32_t first, const LogLayout& layout) {
    if (first == kNoEntry) return true;
    return first >= layout.header_size() && first < layout.sector_size() &&
           first % layout.unit() == 0;
}

}  // namespace

void encode_sector_header(const SectorHeader& header, uint8_t* out) {
    const uint32_t size = sector_header_size(header.program_unit);
    std::memset(out, kErasedByte, size);
    put_le<uint32_t>(out + kMagicAt, kSectorMagic);
    out[kVersionAt] = header.version;
    out[kUnitAt] = header.program_unit;
    put_le<uint16_t>(out + kReservedAt, 0);
    put_le<uint32_t>(out + kSectorAt, header.sector);
    put_le<uint32_t>(out + kFirstEntryAt, header.first_entry);
    put_le<uint32_t>(out + kNextSequenceAt, header.next_sequence);
    put_le<uint32_t>(out + sector_crc_offset(header.program_unit), sector_fields_crc(out));
}

bool decode_sector_fields(const uint8_t* fields, SectorHeader* header) {
    if (get_le<uint32_t>(fields + kMagicAt) != kSectorMagic) return false;
    header->version = fields[kVersionAt];
    header->program_unit = fields[kUnitAt];
    header->sector = get_le<uint32_t>(fields + kSectorAt);
    header->first_entry = get_le<uint32_t>(fields + kFirstEntryAt);
    header->next_sequence = get_le<uint32_t>(fields + kNextSequenceAt);
    return is_power_of_two(header->program_unit);
}

uint32_t sector_fields_crc(const uint8_t* fields) {
    return hal::crc32(hal::ConstByteSpan(fields, kSectorFieldsSize));
}

bool usable_header(const SectorHeader& header, const LogLayout& layout, uint32_t slot) {
    if (header.version != kVersion || header.program_unit != layout.unit()) return false;
    if (header.sector > kMaxSectorIndex || layout.slot(header.sector) != slot) return false;
    return first_entry_fits(header.first_entry, layout);
}

}  // namespace firmware::outbox::format

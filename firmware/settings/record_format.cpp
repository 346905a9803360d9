#include "firmware/settings/record_format.h"

#include "hal/le_bytes.h"

namespace firmware::settings::format {

using hal::get_le;
using hal::put_le;
namespace {

// Field offsets: sector header.
constexpr size_t kSectorMagicAt = 0;
constexpr size_t kSectorVersionAt = 4;
constexpr size_t kSectorUnitAt = 5;
constexpr size_t kSectorReservedAt = 6;
constexpr size_t kSectorGenerationAt = 8;

// Field offsets: record header.
constexpr size_t kRecordMagicAt = 0;
constexpr size_t kRecordVersionAt = 4;
constexpr size_t kRecordKeyAt = 5;
constexpr size_t kRecordLengthAt = kRecordLengthOffset;
constexpr size_t kRecordSequenceAt = 8;

}  // namespace

void encode_sector_fields(const SectorHeader& header, uint8_t* out) {
    put_le<uint32_t>(out + kSectorMagicAt, kSectorMagic);
    out[kSectorVersionAt] = header.version;
    out[kSectorUnitAt] = header.program_unit;
    put_le<uint16_t>(out + kSectorReservedAt, 0);
    put_le<uint32_t>(out + kSectorGenerationAt, header.generation);
}

bool decode_sector_fields(const uint8_t* in, SectorHeader* header) {
    if (get_le<uint32_t>(in + kSectorMagicAt) != kSectorMagic) return false;
    header->version = in[kSectorVersionAt];
    header->program_unit = in[kSectorUnitAt];
    header->generation = get_le<uint32_t>(in + kSectorGenerationAt);
    return true;
}

void encode_record_header(const RecordHeader& header, uint8_t* out) {
    put_le<uint32_t>(out + kRecordMagicAt, kRecordMagic);
    out[kRecordVersionAt] = kVersion;
    out[kRecordKeyAt] = header.key;
    put_le<uint16_t>(out + kRecordLengthAt, header.length);
    put_le<uint32_t>(out + kRecordSequenceAt, header.sequence);
}

HeaderKind decode_record_header(const uint8_t* in, RecordHeader* header) {
    if (flash::all_erased(hal::ConstByteSpan(in, kRecordHeaderSize))) return HeaderKind::kErased;
    if (get_le<uint32_t>(in + kRecordMagicAt) != kRecordMagic) return HeaderKind::kInvalid;
    if (in[kRecordVersionAt] != kVersion) return HeaderKind::kInvalid;
    header->key = in[kRecordKeyAt];
    header->length = get_le<uint16_t>(in + kRecordLengthAt);
    header->sequence = get_le<uint32_t>(in + kRecordSequenceAt);
    if (header->key >= kMaxKeys || header->length > value_limit(header->key)) {
        return HeaderKind::kInvalid;
    }
    return HeaderKind::kRecord;
}

}  // namespace firmware::settings::format

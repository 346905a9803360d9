// RecordFormat: the bytes of the settings log on flash (SPEC.md) as pure functions:
// offsets and sizes for a program unit, and encoding/decoding of the sector header and
// the record header. Touches no flash, allocates nothing.
#pragma once

#include <cstddef>
#include <cstdint>

#include "firmware/flash/verified_flash.h"
#include "firmware/settings/settings_config.h"
#include "hal/span.h"

namespace firmware::settings::format {

constexpr uint8_t kVersion = 1;
// Random constants (pw_kvs style), none of whose bytes is 0x00 or 0xFF, so that neither
// an erased nor a zeroed range ever looks like a header.
constexpr uint32_t kSectorMagic = 0x5A3C96E1u;
constexpr uint32_t kRecordMagic = 0xC4B2735Du;

constexpr uint32_t kSectorFieldsSize = 12;
constexpr uint32_t kRecordHeaderSize = 12;
constexpr uint32_t kRecordLengthOffset = 6;  // u16: the value's length (SPEC.md "Record")
using flash::kCrcSize;
using flash::kErasedByte;

// Offsets and sizes for one program unit: every range the store programs starts and ends
// on a unit boundary, so a unit is never programmed twice.
class Layout {
  public:
    explicit constexpr Layout(uint32_t program_unit) : unit_(program_unit) {}

    constexpr uint32_t align(uint32_t size) const { return (size + unit_ - 1) / unit_ * unit_; }
    constexpr uint32_t crc_slot_size() const { return align(kCrcSize); }
    constexpr uint32_t sector_crc_offset() const { return align(kSectorFieldsSize); }
    constexpr uint32_t sector_header_size() const { return sector_crc_offset() + crc_slot_size(); }
    constexpr uint32_t record_crc_offset(uint32_t value_size) const {
        return align(kRecordHeaderSize + value_size);
    }
    constexpr uint32_t record_size(uint32_t value_size) const {
        return record_crc_offset(value_size) + crc_slot_size();
    }
    // A sector must hold its header and every key at its largest: then compaction can
    // never run out of room (SPEC.md "Writing").
    constexpr uint32_t min_sector_size() const {
        return sector_header_size() + kLargeKeys * record_size(kMaxValueSize) +
               (kMaxKeys - kLargeKeys) * record_size(kSmallValueSize);
    }

  private:
    uint32_t unit_;
};

// The largest value `key` may hold: the store refuses more, and mount takes a record
// that claims more for damage.
constexpr size_t value_limit(uint32_t key) {
    return key < kLargeKeys ? kMaxValueSize : kSmallValueSize;
}

constexpr Layout kWidestLayout(kMaxProgramUnit);
constexpr size_t kMaxRecordSize = kWidestLayout.record_size(kMaxValueSize);
constexpr size_t kMaxCrcSlotSize = kWidestLayout.crc_slot_size();
constexpr size_t kMaxSectorHeaderSize = kWidestLayout.sector_header_size();

struct SectorHeader {
    uint8_t version;
    uint8_t program_unit;
    uint32_t generation;
};

struct RecordHeader {
    uint8_t key;
    uint16_t length;
    uint32_t sequence;
};

// `out` holds kSectorFieldsSize bytes.
void encode_sector_fields(const SectorHeader& header, uint8_t* out);
// False when the magic is not ours; version and unit are returned as found.
bool decode_sector_fields(const uint8_t* in, SectorHeader* header);

// `out` holds kRecordHeaderSize bytes.
void encode_record_header(const RecordHeader& header, uint8_t* out);

enum class HeaderKind : uint8_t { kErased, kRecord, kInvalid };
// kErased: all bytes 0xFF (the end of the log). kRecord: magic, version, key and length
// are plausible. kInvalid: anything else (a torn or foreign header).
HeaderKind decode_record_header(const uint8_t* in, RecordHeader* header);

// The CRC little-endian, the rest of the slot left erased (0xFF): firmware/flash's slot.
using flash::decode_crc;
using flash::encode_crc_slot;

// Serial-number order (RFC 1982): true when a was written after b, across wrap-around.
constexpr bool is_newer(uint32_t a, uint32_t b) {
    return a != b && a - b < 0x80000000u;
}

}  // namespace firmware::settings::format

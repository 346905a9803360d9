// SectorFormat: the header at the start of every sector the outbox log uses (SPEC.md
// "Sector header") as pure functions: its size for a program unit, encoding, decoding
// and the checks that make a header trustworthy. Touches no flash, allocates nothing.
#pragma once

#include <cstddef>
#include <cstdint>

#include "firmware/flash/verified_flash.h"
#include "firmware/outbox/log_layout.h"
#include "firmware/outbox/outbox_config.h"
#include "hal/span.h"

namespace firmware::outbox::format {

constexpr uint8_t kVersion = 1;
// A random constant with no 0x00 or 0xFF byte: neither an erased nor a zeroed range,
// nor a settings-store sector (magic 0x5A3C96E1), reads as an outbox header.
constexpr uint32_t kSectorMagic = 0x3E8A51C9u;
constexpr uint32_t kSectorFieldsSize = 20;
using flash::kCrcSize;
using flash::kErasedByte;
// first_entry value of a sector in which no entry starts (one entry runs through it).
constexpr uint32_t kNoEntry = 0;

// Fields, then a CRC slot of align(4) bytes: written in one program.
constexpr uint32_t sector_crc_offset(uint32_t unit) {
    return align_up(kSectorFieldsSize, unit);
}
constexpr uint32_t sector_header_size(uint32_t unit) {
    return sector_crc_offset(unit) + align_up(kCrcSize, unit);
}
constexpr uint32_t kMaxSectorHeaderSize = sector_header_size(kMaxProgramUnit);

struct SectorHeader {
    uint8_t version = kVersion;
    uint8_t program_unit = 1;
    uint32_t sector = 0;         // virtual sector index
    uint32_t first_entry = 0;    // offset of the first entry starting here, or kNoEntry
    uint32_t next_sequence = 1;  // the outbox's next sequence number when it was opened
};

// The whole header, CRC slot included, in `out` (sector_header_size(program_unit) bytes).
void encode_sector_header(const SectorHeader& header, uint8_t* out);

// `fields`: the first kSectorFieldsSize bytes of a sector. False when the magic is not
// ours or the unit byte is not a power of two; version and unit are returned as found.
bool decode_sector_fields(const uint8_t* fields, SectorHeader* header);

// CRC-32 of the fields, as stored in the CRC slot.
uint32_t sector_fields_crc(const uint8_t* fields);

// A header of this layout that the log can use at `slot`: its own version and unit, the
// slot its index maps to, an index below kMaxSectorIndex and a first entry inside it.
bool usable_header(const SectorHeader& header, const LogLayout& layout, uint32_t slot);

}  // namespace firmware::outbox::format

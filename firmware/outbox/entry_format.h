// EntryFormat: the bytes of one outbox entry (SPEC.md "Entry") as pure functions: the
// fixed header, offsets of the CRC slot and of the state trailer for a program unit, and
// the trailer's markers and id records. Touches no flash, allocates nothing.
#pragma once

#include <cstddef>
#include <cstdint>

#include "firmware/flash/verified_flash.h"
#include "firmware/outbox/log_layout.h"
#include "firmware/outbox/outbox_config.h"
#include "firmware/outbox/outbox_types.h"
#include "hal/span.h"

namespace firmware::outbox::format {

// A random constant with no 0x00 or 0xFF byte (see kSectorMagic).
constexpr uint32_t kEntryMagic = 0x6D2B9E47u;
constexpr uint8_t kEntryVersion = 1;
constexpr uint32_t kEntryHeaderSize = 24;
constexpr uint32_t kIdRecordSize = 12;  // u64 id, CRC-32 of (sequence, id)

struct EntryHeader {
    uint8_t type_id = kTypeUserMessage;
    uint8_t media_id_size = 0;
    uint16_t description_size = 0;
    uint16_t text_size = 0;
    uint32_t sequence = 0;
    int64_t accepted_at = kUnknownTime;

    uint32_t payload_size() const { return uint32_t{media_id_size} + description_size + text_size; }
};

// Offsets from the start of an entry, for one program unit u. Body = header + payload,
// padded to u; then the CRC slot; then the trailer: sent-after record, written marker,
// confirmed marker, server id record, each on its own units.
class EntryLayout {
  public:
    explicit constexpr EntryLayout(uint32_t unit) : unit_(unit) {}

    constexpr uint32_t crc_offset(uint32_t payload) const {
        return align_up(kEntryHeaderSize + payload, unit_);
    }
    constexpr uint32_t trailer_offset(uint32_t payload) const {
        return crc_offset(payload) + crc_slot_size();
    }
    constexpr uint32_t extent(uint32_t payload) const {
        return trailer_offset(payload) + trailer_size();
    }
    constexpr uint32_t crc_slot_size() const { return align_up(4, unit_); }
    constexpr uint32_t record_size() const { return align_up(kIdRecordSize, unit_); }
    constexpr uint32_t marker_size() const { return unit_; }
    // Within the trailer.
    constexpr uint32_t sent_after_at() const { return 0; }
    constexpr uint32_t written_at() const { return record_size(); }
    constexpr uint32_t confirmed_at() const { return record_size() + unit_; }
    constexpr uint32_t server_id_at() const { return record_size() + 2 * unit_; }
    constexpr uint32_t trailer_size() const { return 2 * record_size() + 2 * unit_; }

  private:
    uint32_t unit_;
};

constexpr uint32_t kMaxTrailerSize = EntryLayout(kMaxProgramUnit).trailer_size();
constexpr uint32_t kMaxIdRecordSize = EntryLayout(kMaxProgramUnit).record_size();
constexpr uint32_t kMaxMarkerSize = kMaxProgramUnit;
constexpr uint32_t kMaxCrcSlotSize = EntryLayout(kMaxProgramUnit).crc_slot_size();

// `out` holds kEntryHeaderSize bytes.
void encode_entry_header(const EntryHeader& header, uint8_t* out);
// False unless magic, version, type id, sizes (within the limits) and sequence (not 0)
// are plausible (sequence numbers are 1 .. UINT32_MAX-1): a torn, erased or foreign range.
bool decode_entry_header(const uint8_t* in, EntryHeader* header);

// The three sizes (media id, description, text) and the sequence number as read, whatever
// the rest of the header holds; false when a size is over its limit. How a damaged entry
// is measured.
constexpr uint32_t kSizeFieldsAt = 6;  // bytes 6..11: m, reserved, d, t
constexpr uint32_t kSizeFieldsBytes = 6;
bool decode_entry_sizes(const uint8_t* in, EntryHeader* header);

// A CRC slot or id record: the value little-endian, the rest left erased (0xFF). The
// CRC slot is firmware/flash's, as in the settings store.
using flash::decode_crc;
using flash::encode_crc_slot;
void encode_id_record(uint32_t sequence, uint64_t id, hal::ByteSpan record);

// What an entry's trailer says. A marker counts once any bit of it is 0 (a torn marker
// program counts: see SPEC.md "States"). A record counts only when its CRC holds.
struct Trailer {
    EntryState state = EntryState::kPending;
    bool sent_after_erased = true;  // the record can still be programmed
    uint64_t sent_after_id = 0;
    bool server_id_erased = true;
    uint64_t server_id = 0;
    hal::Status failure = hal::Status::kOk;  // state kFailed: why
};

// A server id record whose value carries this tag in its top 48 bits marks the entry
// failed, the low 16 bits being the hal::Status why (SPEC.md "States"). No service id
// comes near it (ids are below 2^53).
constexpr uint64_t kFailedIdTag = 0xFA11'ED00'0000'0000ULL;
constexpr uint64_t kFailedIdTagMask = 0xFFFF'FFFF'FFFF'0000ULL;
constexpr uint64_t failed_id(hal::Status why) {
    return kFailedIdTag | static_cast<uint16_t>(why);
}
Trailer decode_trailer(const uint8_t* trailer, uint32_t unit, uint32_t sequence);

}  // namespace firmware::outbox::format

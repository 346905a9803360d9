#include "firmware/outbox/entry_format.h"

#include "firmware/outbox/sector_format.h"
#include "hal/crc32.h"
#include "hal/le_bytes.h"

namespace firmware::outbox::format {

using hal::get_le;
using hal::put_le;
namespace {

constexpr size_t kMagicAt = 0;
constexpr size_t kVersionAt = 4;
constexpr size_t kTypeAt = 5;
constexpr size_t kMediaIdSizeAt = 6;
constexpr size_t kReservedAt = 7;
constexpr size_t kDescriptionSizeAt = 8;
constexpr size_t kTextSizeAt = 10;
constexpr size_t kSequenceAt = 12;
constexpr size_t kAcceptedAtAt = 16;

uint32_t id_record_crc(uint32_t sequence, uint64_t id) {
    uint8_t bytes[12];
    put_le<uint32_t>(bytes, sequence);
    put_le<uint64_t>(bytes + 4, id);
    return hal::crc32(hal::ConstByteSpan(bytes));
}

bool sizes_fit(const EntryHeader& h) {
    return h.media_id_size <= kMaxMediaIdBytes && h.description_size <= kMaxDescriptionBytes &&
           h.text_size <= kMaxTextBytes;
}

// The id in a record, when its CRC holds; `erased` when no bit of it was programmed.
bool decode_id_record(const uint8_t* in, uint32_t sequence, bool* erased, uint64_t* id) {
    *erased = flash::all_erased(hal::ConstByteSpan(in, kIdRecordSize));
    const uint64_t value = get_le<uint64_t>(in);
    if (*erased || get_le<uint32_t>(in + 8) != id_record_crc(sequence, value)) return false;
    *id = value;
    return true;
}

}  // namespace

void encode_entry_header(const EntryHeader& header, uint8_t* out) {
    put_le<uint32_t>(out + kMagicAt, kEntryMagic);
    out[kVersionAt] = kEntryVersion;
    out[kTypeAt] = header.type_id;
    out[kMediaIdSizeAt] = header.media_id_size;
    out[kReservedAt] = 0;
    put_le<uint16_t>(out + kDescriptionSizeAt, header.description_size);
    put_le<uint16_t>(out + kTextSizeAt, header.text_size);
    put_le<uint32_t>(out + kSequenceAt, header.sequence);
    put_le<int64_t>(out + kAcceptedAtAt, header.accepted_at);
}

bool decode_entry_header(const uint8_t* in, EntryHeader* header) {
    if (get_le<uint32_t>(in + kMagicAt) != kEntryMagic) return false;
    if (in[kVersionAt] != kEntryVersion || in[kReservedAt] != 0) return false;
    header->type_id = in[kTypeAt];
    header->media_id_size = in[kMediaIdSizeAt];
    header->description_size = get_le<uint16_t>(in + kDescriptionSizeAt);
    header->text_size = get_le<uint16_t>(in + kTextSizeAt);
    header->sequence = get_le<uint32_t>(in + kSequenceAt);
    header->accepted_at = get_le<int64_t>(in + kAcceptedAtAt);
    const bool known_type =
        header->type_id == kTypeUserMessage || header->type_id == kTypeSilentSystemMessage;
    const bool sequence_ok = header->sequence != 0 && header->sequence != UINT32_MAX;
    return known_type && sizes_fit(*header) && sequence_ok;
}

bool decode_entry_sizes(const uint8_t* in, EntryHeader* header) {
    header->media_id_size = in[kMediaIdSizeAt];
    header->description_size = get_le<uint16_t>(in + kDescriptionSizeAt);
    header->text_size = get_le<uint16_t>(in + kTextSizeAt);
    header->sequence = get_le<uint32_t>(in + kSequenceAt);
    return sizes_fit(*header);
}

void encode_id_record(uint32_t sequence, uint64_t id, hal::ByteSpan record) {
    for (uint8_t& byte : record)
        byte = kErasedByte;
    put_le<uint64_t>(record.data(), id);
    put_le<uint32_t>(record.data() + 8, id_record_crc(sequence, id));
}

Trailer decode_trailer(const uint8_t* trailer, uint32_t unit, uint32_t sequence) {
    const EntryLayout layout(unit);
    Trailer t;
    (void)decode_id_record(trailer + layout.sent_after_at(), sequence, &t.sent_after_erased,
                           &t.sent_after_id);
    (void)decode_id_record(trailer + layout.server_id_at(), sequence, &t.server_id_erased,
                           &t.server_id);
    if (!flash::all_erased(hal::ConstByteSpan(trailer + layout.written_at(), unit)))
        t.state = EntryState::kWritten;
    if (!flash::all_erased(hal::ConstByteSpan(trailer + layout.confirmed_at(), unit)))
        t.state = EntryState::kConfirmed;
    // The failed record is programmed before the confirmed marker: it alone decides.
    if (!t.server_id_erased && (t.server_id & kFailedIdTagMask) == kFailedIdTag) {
        t.state = EntryState::kFailed;
        t.failure = static_cast<hal::Status>(static_cast<int16_t>(t.server_id & 0xFFFF));
        t.server_id = 0;
    }
    return t;
}

}  // namespace firmware::outbox::format

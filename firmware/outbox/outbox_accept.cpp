// Outbox::accept: placing an entry at the end of the log, opening (and reclaiming)
// sectors for it, and programming it so that its CRC is the commit (SPEC.md "Accept").
#include "firmware/flash/verified_flash.h"
#include "firmware/outbox/body_source.h"
#include "firmware/outbox/entry_format.h"
#include "firmware/outbox/log_io.h"
#include "firmware/outbox/outbox.h"
#include "firmware/outbox/sector_format.h"
#include "hal/crc32.h"

namespace firmware::outbox {
namespace {

uint32_t smaller(uint32_t a, uint32_t b) {
    return a < b ? a : b;
}

hal::Status check_sizes(const OutgoingMessage& m) {
    if (m.text.size() > kMaxTextBytes || m.media_id.size() > kMaxMediaIdBytes ||
        m.media_description.size() > kMaxDescriptionBytes) {
        return hal::Status::kTooLarge;
    }
    return hal::Status::kOk;
}

hal::Status check_message(const OutgoingMessage& m) {
    if (m.type_id != kTypeUserMessage && m.type_id != kTypeSilentSystemMessage) {
        return hal::Status::kInvalidArgument;
    }
    if (m.text.empty() && m.media_id.empty()) return hal::Status::kInvalidArgument;
    if (m.media_id.empty() && !m.media_description.empty()) return hal::Status::kInvalidArgument;
    return check_sizes(m);
}

format::EntryHeader header_for(const OutgoingMessage& m) {
    format::EntryHeader h;
    h.type_id = m.type_id;
    h.media_id_size = static_cast<uint8_t>(m.media_id.size());
    h.description_size = static_cast<uint16_t>(m.media_description.size());
    h.text_size = static_cast<uint16_t>(m.text.size());
    h.accepted_at = m.accepted_at;
    return h;
}

}  // namespace

hal::Result<uint32_t> Outbox::accept(const OutgoingMessage& message) {
    if (!mounted_) return hal::Status::kFailedPrecondition;
    HAL_TRY(check_message(message));
    format::EntryHeader header = header_for(message);
    const uint32_t extent = format::EntryLayout(layout_.unit()).extent(header.payload_size());
    HAL_ASSIGN_OR_RETURN(const Placement placement, place(extent));
    if (next_sequence_ == UINT32_MAX) return hal::Status::kNoSpace;
    header.sequence = next_sequence_++;
    const hal::Status status = write_entry(placement, header, message);
    if (status != hal::Status::kOk) return recover(header.sequence, status);
    note_accepted(placement, header.sequence);
    return header.sequence;
}

// Where the entry goes: at the end of the newest sector, or at the start of a new one.
hal::Result<Outbox::Placement> Outbox::place(uint32_t extent) const {
    Placement p;
    p.first_new = run_.empty ? 0 : run_.newest + 1;
    p.start = tail_.open ? tail_.append : layout_.sector_start(p.first_new);
    p.end = layout_.advance(p.start, extent);
    p.last_new = p.end.sector;
    if (p.last_new > kMaxSectorIndex || !room_for(p.last_new)) return hal::Status::kNoSpace;
    return p;
}

// Opening sector `last_new` reuses the slots of the oldest sectors up to last_new -
// sector_count; they may go only if no unconfirmed entry starts in them. (An entry that
// starts earlier and runs into them was confirmed when its own sector was reclaimed.)
bool Outbox::room_for(uint32_t last_new) const {
    if (run_.empty || last_new < run_.oldest + layout_.sector_count()) return true;
    const uint32_t reclaimed_through = last_new - layout_.sector_count();
    return !has_unconfirmed_ || first_unconfirmed_.sector > reclaimed_through;
}

hal::Status Outbox::write_entry(const Placement& p, const format::EntryHeader& header,
                                const OutgoingMessage& message) {
    for (uint32_t sector = p.first_new; sector <= p.last_new; ++sector) {
        HAL_TRY(open_sector(sector, first_entry_in(sector, p)));
    }
    HAL_ASSIGN_OR_RETURN(const uint32_t crc, program_body(p.start, header, message));
    const format::EntryLayout entry_layout(layout_.unit());
    uint8_t slot[format::kMaxCrcSlotSize];
    const hal::ByteSpan crc_slot(slot, entry_layout.crc_slot_size());
    format::encode_crc_slot(crc, crc_slot);
    const LogPosition at = layout_.advance(p.start, entry_layout.crc_offset(header.payload_size()));
    return program_log(flash_, layout_, at, crc_slot);  // the commit
}

// Where the first entry starting in `sector` begins: this entry, if it starts there;
// else the next one, if this entry ends before the sector does; else none.
uint32_t Outbox::first_entry_in(uint32_t sector, const Placement& p) const {
    if (sector == p.start.sector) return p.start.offset;
    if (sector == p.end.sector && layout_.room(p.end) > 0) return p.end.offset;
    return format::kNoEntry;
}

// Takes the slot of virtual sector `sector` (reclaiming the oldest sector if it is
// there), erases it unless blank, and programs its header in one go.
hal::Status Outbox::open_sector(uint32_t sector, uint32_t first_entry) {
    if (!run_.empty && sector >= run_.oldest + layout_.sector_count()) {
        run_.oldest = sector - layout_.sector_count() + 1;
    }
    HAL_TRY(flash::erase_unless_blank(flash_, layout_.slot(sector)));
    format::SectorHeader header;
    header.program_unit = static_cast<uint8_t>(layout_.unit());
    header.sector = sector;
    header.first_entry = first_entry;
    header.next_sequence = next_sequence_;
    uint8_t bytes[format::kMaxSectorHeaderSize];
    format::encode_sector_header(header, bytes);
    const hal::ConstByteSpan encoded(bytes, layout_.header_size());
    HAL_TRY(program_log(flash_, layout_, LogPosition{sector, 0}, encoded));
    if (run_.empty) run_.oldest = sector;
    run_.empty = false;
    run_.newest = sector;
    return hal::Status::kOk;
}

// Programs header, payload and padding in chunks of kProgramChunkBytes; returns the CRC.
hal::Result<uint32_t> Outbox::program_body(LogPosition at, const format::EntryHeader& header,
                                           const OutgoingMessage& message) {
    uint8_t encoded[format::kEntryHeaderSize];
    format::encode_entry_header(header, encoded);
    const BodySource source(hal::ConstByteSpan(encoded), message.media_id,
                            message.media_description, message.text);
    const uint32_t body = format::kEntryHeaderSize + header.payload_size();
    const uint32_t padded = layout_.align(body);
    uint32_t crc = 0;
    for (uint32_t done = 0; done < padded;) {
        const uint32_t n = smaller(kProgramChunkBytes, padded - done);
        source.copy(done, stage_, n);
        const uint32_t covered = done < body ? smaller(n, body - done) : 0;
        crc = hal::crc32(hal::ConstByteSpan(stage_, covered), crc);
        HAL_TRY(program_log(flash_, layout_, at, hal::ConstByteSpan(stage_, n)));
        at = layout_.advance(at, n);
        done += n;
    }
    return crc;
}

void Outbox::note_accepted(const Placement& p, uint32_t sequence) {
    if (!has_unconfirmed_) first_unconfirmed_ = p.start;
    has_unconfirmed_ = true;
    ++unconfirmed_count_;
    has_entries_ = true;
    last_sequence_ = sequence;
    tail_ = layout_.room(p.end) > 0 ? LogTail{true, p.end} : LogTail{};
}

// A flash operation failed part way: rebuild the RAM state from the flash. The entry
// counts as accepted only if its commit reads back (a CRC slot that landed although the
// device reported an error); otherwise it is invisible for good.
hal::Result<uint32_t> Outbox::recover(uint32_t sequence, hal::Status failure) {
    if (rescan() != hal::Status::kOk) return failure;
    if (has_entries_ && last_sequence_ == sequence) return sequence;
    return failure;
}

}  // namespace firmware::outbox

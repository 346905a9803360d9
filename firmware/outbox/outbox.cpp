#include "firmware/outbox/outbox.h"

#include "firmware/outbox/entry_format.h"
#include "firmware/outbox/sector_format.h"

namespace firmware::outbox {
namespace {

constexpr uint32_t kMinSectorCount = 2;  // the newest sector and one to reclaim

bool is_power_of_two(uint32_t n) {
    return n != 0 && (n & (n - 1)) == 0;
}

// One entry of the largest size must fit in the sectors other than the newest, which is
// never reclaimed: then a log whose entries are all confirmed always takes one more.
bool holds_largest_entry(const hal::FlashGeometry& g) {
    const uint32_t header = format::sector_header_size(g.program_unit);
    if (g.sector_size <= header) return false;
    const uint64_t room = uint64_t{g.sector_count - 1} * (g.sector_size - header);
    return room >= format::EntryLayout(g.program_unit).extent(kMaxPayloadBytes);
}

hal::Status check_geometry(const hal::FlashGeometry& g) {
    if (!is_power_of_two(g.program_unit) || g.program_unit > kMaxProgramUnit) {
        return hal::Status::kUnsupported;
    }
    if (g.sector_count < kMinSectorCount || g.sector_size % g.program_unit != 0) {
        return hal::Status::kUnsupported;
    }
    if (uint64_t{g.sector_size} * g.sector_count > UINT32_MAX) return hal::Status::kUnsupported;
    return holds_largest_entry(g) ? hal::Status::kOk : hal::Status::kUnsupported;
}

// Walks on from `step` to entry `sequence`, which it leaves in step.entry. Sequence
// numbers increase along the log: stop once past the one asked for.
hal::Status search(LogReader& log, WalkStep& step, uint32_t sequence) {
    while (step.is_entry && step.entry.header.sequence < sequence) {
        HAL_TRY(log.from(step.entry.end, step));
    }
    const bool found = step.is_entry && step.entry.header.sequence == sequence;
    return found ? hal::Status::kOk : hal::Status::kNotFound;
}

// The entry as the app sees it, its views into `payload` (filled by the reader): the
// whole payload, or the media id and description with the text left on flash.
hal::Result<Entry> to_entry(hal::Flash& flash, const LogLayout& layout, const EntryInfo& info,
                            hal::ByteSpan payload) {
    const format::EntryHeader& h = info.header;
    const uint32_t fields = uint32_t{h.media_id_size} + h.description_size;
    if (info.loaded < fields) return hal::Status::kBufferTooSmall;
    const std::string_view bytes = hal::as_chars(payload);
    Entry entry;
    entry.sequence = h.sequence;
    entry.type_id = h.type_id;
    entry.state = info.trailer.state;
    entry.accepted_at = h.accepted_at;
    entry.sent_after_id = info.trailer.sent_after_id;
    entry.server_id = info.trailer.server_id;
    entry.failure = info.trailer.failure;
    entry.media_id = bytes.substr(0, h.media_id_size);
    entry.media_description = bytes.substr(h.media_id_size, h.description_size);
    if (info.loaded == h.payload_size()) {
        entry.text = bytes.substr(fields, h.text_size);
        return entry;
    }
    StoredText& stored = entry.stored_text;
    stored.flash = &flash;
    stored.layout = &layout;
    stored.at = layout.advance(info.at, format::kEntryHeaderSize + fields);
    stored.size = h.text_size;
    if (info.fix_mask != 0) {  // a corrected bit in the text (one in the fields is applied)
        stored.fix_at = info.fix_at - fields;
        stored.fix_mask = info.fix_mask;
    }
    return entry;
}

}  // namespace

hal::Status Outbox::mount() {
    mounted_ = false;
    damage_ = OutboxDamage{};
    const hal::FlashGeometry geometry = flash_.geometry();
    HAL_TRY(check_geometry(geometry));
    layout_ = LogLayout(geometry, format::sector_header_size(geometry.program_unit));
    HAL_TRY(scan());
    mounted_ = true;
    return hal::Status::kOk;
}

hal::Status Outbox::format() {
    const hal::FlashGeometry geometry = flash_.geometry();
    HAL_TRY(check_geometry(geometry));
    for (uint32_t sector = 0; sector < geometry.sector_count; ++sector) {
        HAL_TRY(flash_.erase(sector));
    }
    return mount();
}

// Rebuilds everything the outbox keeps in RAM from the flash, as a reboot would.
hal::Status Outbox::scan() {
    tail_ = LogTail{};
    has_unconfirmed_ = false;
    unconfirmed_count_ = 0;
    has_entries_ = false;
    HAL_ASSIGN_OR_RETURN(run_, find_live_run(flash_, layout_));
    next_sequence_ = run_.next_sequence;
    // What the walk finds is counted afresh; a decayed entry found while sending stays.
    const uint16_t unsent_found_before = damage_.unsent_lost;
    damage_ = OutboxDamage{};
    damage_.corrected_bits = run_.corrected_headers;
    damage_.headers_lost = run_.damaged_headers;
    if (run_.empty) return hal::Status::kOk;
    LogReader log = counting_reader();
    WalkStep step;
    HAL_TRY(log.first(step));
    while (step.is_entry) {
        note_entry(step.entry);
        HAL_TRY(log.from(step.entry.end, step));
    }
    tail_ = step.tail;
    if (damage_.unsent_lost < unsent_found_before) damage_.unsent_lost = unsent_found_before;
    return hal::Status::kOk;
}

// After a failed program: the RAM state is rebuilt from what the flash now holds, so the
// outbox goes on exactly as it would after a reboot. Sequence numbers stay burned.
hal::Status Outbox::rescan() {
    const uint32_t burned = next_sequence_;
    const hal::Status status = scan();
    mounted_ = status == hal::Status::kOk;
    if (next_sequence_ < burned) next_sequence_ = burned;
    return status;
}

void Outbox::note_entry(const EntryInfo& entry) {
    const uint32_t sequence = entry.header.sequence;  // below UINT32_MAX: decode checks
    if (sequence >= next_sequence_) next_sequence_ = sequence + 1;
    has_entries_ = true;
    last_sequence_ = sequence;
    if (is_settled(entry.trailer.state)) return;
    ++unconfirmed_count_;
    if (!has_unconfirmed_) first_unconfirmed_ = entry.at;
    has_unconfirmed_ = true;
}

// Entries are usually marked oldest first: look from the oldest unconfirmed entry, then
// (for a confirmed one) from the start of the log. The entry is left in step.entry.
hal::Status Outbox::locate(uint32_t sequence, WalkStep& step, hal::ByteSpan payload) {
    LogReader log = reader(payload);
    if (has_unconfirmed_) {
        HAL_TRY(log.from(first_unconfirmed_, step));
        const hal::Status status = search(log, step, sequence);
        if (status != hal::Status::kNotFound) return status;
    }
    if (run_.empty) return hal::Status::kNotFound;
    HAL_TRY(log.first(step));
    return search(log, step, sequence);
}

hal::Result<Entry> Outbox::oldest_unconfirmed(hal::ByteSpan payload) {
    if (!mounted_) return hal::Status::kFailedPrecondition;
    if (!has_unconfirmed_) return hal::Status::kNotFound;
    LogReader log = reader(payload);
    WalkStep step;
    HAL_TRY(log.from(first_unconfirmed_, step));
    if (step.is_entry && step.entry.at == first_unconfirmed_)
        return to_entry(flash_, layout_, step.entry, payload);
    // The entry no longer reads as committed (the flash decayed): say so, count it, then go
    // on from what the flash holds, as a reboot would.
    const uint16_t lost = damage_.unsent_lost;
    (void)rescan();
    if (damage_.unsent_lost <= lost) damage_.unsent_lost = static_cast<uint16_t>(lost + 1);
    return hal::Status::kCorrupt;
}

hal::Result<Entry> Outbox::find(uint32_t sequence, hal::ByteSpan payload) {
    if (!mounted_) return hal::Status::kFailedPrecondition;
    WalkStep found;
    HAL_TRY(locate(sequence, found, payload));
    return to_entry(flash_, layout_, found.entry, payload);
}

hal::Status Outbox::for_each(hal::ByteSpan payload, EntryVisitor& visitor) {
    if (!mounted_) return hal::Status::kFailedPrecondition;
    if (run_.empty) return hal::Status::kOk;
    LogReader log = reader(payload);
    WalkStep step;
    HAL_TRY(log.first(step));
    while (step.is_entry) {
        HAL_ASSIGN_OR_RETURN(const Entry entry, to_entry(flash_, layout_, step.entry, payload));
        if (!visitor.visit(entry)) return hal::Status::kOk;
        HAL_TRY(log.from(step.entry.end, step));
    }
    return hal::Status::kOk;
}

}  // namespace firmware::outbox

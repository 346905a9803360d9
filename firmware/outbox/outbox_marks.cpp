// Outbox::mark_written and mark_confirmed: state changes that only program erased units
// of an entry's trailer, so they need no erase and never go back (SPEC.md "States").
#include "firmware/outbox/entry_format.h"
#include "firmware/outbox/log_io.h"
#include "firmware/outbox/outbox.h"
#include "hal/log.h"

namespace firmware::outbox {
namespace {

constexpr const char* kLogModule = "outbox";

}  // namespace

hal::Status Outbox::mark_written(uint32_t sequence, uint64_t sent_after_id) {
    if (!mounted_) return hal::Status::kFailedPrecondition;
    WalkStep found;
    HAL_TRY(locate(sequence, found));
    const EntryInfo& entry = found.entry;
    if (is_settled(entry.trailer.state)) return hal::Status::kFailedPrecondition;
    if (entry.trailer.state == EntryState::kWritten) return hal::Status::kOk;
    const format::EntryLayout layout(layout_.unit());
    const LogPosition trailer = trailer_position(layout_, entry);
    // The bound first, then the state: "written" never lacks a bound it could have had.
    // A bound left torn by an earlier attempt cannot be programmed again; the entry is
    // then written without one (SPEC.md "States").
    if (entry.trailer.sent_after_erased) {
        HAL_TRY(program_id_record(layout_.advance(trailer, layout.sent_after_at()), sequence,
                                  sent_after_id));
    }
    return program_marker(layout_.advance(trailer, layout.written_at()));
}

hal::Status Outbox::mark_confirmed(uint32_t sequence, uint64_t server_id) {
    if (!mounted_) return hal::Status::kFailedPrecondition;
    WalkStep found;
    HAL_TRY(locate(sequence, found));
    const EntryInfo& entry = found.entry;
    if (entry.trailer.state == EntryState::kFailed) return hal::Status::kFailedPrecondition;
    const LogPosition trailer = trailer_position(layout_, entry);
    if (entry.trailer.state != EntryState::kConfirmed) HAL_TRY(confirm(entry, trailer));
    if (server_id != 0 && entry.trailer.server_id_erased) {
        keep_server_id(entry, trailer, server_id);
    }
    return hal::Status::kOk;
}

// The failed record first, then the confirmed marker: the record alone makes the entry
// failed, so a cut between the two loses nothing; the marker keeps older readers and
// reclamation treating it as done. A record that cannot be programmed (torn by an
// earlier attempt, or the program fails) leaves the entry confirmed: it is still never
// sent again, and the app has been told through the listener.
hal::Status Outbox::mark_failed(uint32_t sequence, hal::Status why) {
    if (!mounted_) return hal::Status::kFailedPrecondition;
    WalkStep found;
    HAL_TRY(locate(sequence, found));
    const EntryInfo& entry = found.entry;
    if (entry.trailer.state == EntryState::kFailed) return hal::Status::kOk;
    if (entry.trailer.state == EntryState::kConfirmed) return hal::Status::kFailedPrecondition;
    const format::EntryLayout layout(layout_.unit());
    const LogPosition trailer = trailer_position(layout_, entry);
    if (entry.trailer.server_id_erased) {
        const hal::Status kept = program_id_record(layout_.advance(trailer, layout.server_id_at()),
                                                   sequence, format::failed_id(why));
        if (kept != hal::Status::kOk) {
            HAL_LOG_WARN(kLogModule, "entry %lu set aside without its reason (%s)",
                         static_cast<unsigned long>(sequence), hal::to_string(kept));
        }
    }
    return confirm(entry, trailer);
}

hal::Status Outbox::confirm(const EntryInfo& entry, LogPosition trailer) {
    const format::EntryLayout layout(layout_.unit());
    const hal::Status status = program_marker(layout_.advance(trailer, layout.confirmed_at()));
    if (status != hal::Status::kOk) {
        // A torn marker reads as confirmed: count what the flash now says.
        (void)rescan();
        return status;
    }
    --unconfirmed_count_;
    if (!(entry.at == first_unconfirmed_)) return hal::Status::kOk;
    const hal::Status moved = advance_cursor(entry.end);
    if (moved != hal::Status::kOk) (void)rescan();
    return moved;
}

// The id is an annotation: the entry is confirmed whether or not it lands.
void Outbox::keep_server_id(const EntryInfo& entry, LogPosition trailer, uint64_t server_id) {
    const format::EntryLayout layout(layout_.unit());
    const LogPosition at = layout_.advance(trailer, layout.server_id_at());
    const hal::Status status = program_id_record(at, entry.header.sequence, server_id);
    if (status != hal::Status::kOk) {
        HAL_LOG_WARN(kLogModule, "entry %lu confirmed without its server id (%s)",
                     static_cast<unsigned long>(entry.header.sequence), hal::to_string(status));
    }
}

// Moves the oldest-unconfirmed cursor to the first entry from `from` on that is not
// confirmed (entries may be confirmed out of order).
hal::Status Outbox::advance_cursor(LogPosition from) {
    LogReader log = reader();
    WalkStep step;
    HAL_TRY(log.from(from, step));
    while (step.is_entry && is_settled(step.entry.trailer.state)) {
        HAL_TRY(log.from(step.entry.end, step));
    }
    has_unconfirmed_ = step.is_entry;
    if (step.is_entry) first_unconfirmed_ = step.entry.at;
    return hal::Status::kOk;
}

hal::Status Outbox::program_marker(LogPosition at) {
    const uint8_t zeros[format::kMaxMarkerSize] = {};
    return program_log(flash_, layout_, at, hal::ConstByteSpan(zeros, layout_.unit()));
}

hal::Status Outbox::program_id_record(LogPosition at, uint32_t sequence, uint64_t id) {
    const format::EntryLayout layout(layout_.unit());
    uint8_t record[format::kMaxIdRecordSize];
    const hal::ByteSpan bytes(record, layout.record_size());
    format::encode_id_record(sequence, id, bytes);
    return program_log(flash_, layout_, at, bytes);
}

}  // namespace firmware::outbox

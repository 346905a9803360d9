// Outbox: messages accepted from the app and not yet confirmed by the service, in order, in
// a power-loss-safe log on its own hal::Flash (SPEC.md). Texts up to kMaxTextBytes; no
// heap: one kProgramChunkBytes buffer inside, payloads read into the caller's buffers
// (or, for the text, read from flash in pieces: EntryText).
#pragma once

#include <cstddef>
#include <cstdint>

#include "firmware/outbox/log_layout.h"
#include "firmware/outbox/log_reader.h"
#include "firmware/outbox/outbox_config.h"
#include "firmware/outbox/outbox_types.h"
#include "hal/flash.h"
#include "hal/result.h"
#include "hal/span.h"
#include "hal/status.h"

namespace firmware::outbox {

class Outbox {
  public:
    explicit Outbox(hal::Flash& flash) : flash_(flash) {}
    Outbox(const Outbox&) = delete;
    Outbox& operator=(const Outbox&) = delete;

    // Reads the log and finds the oldest unconfirmed entry and the end; programs nothing.
    // A blank device mounts empty (the first accept formats a sector). Damage is survived
    // where it can be and counted in damage() (SPEC.md "Damage"). kCorrupt: no usable
    // header but bytes past the header areas (a log whose headers are lost, or not an
    // outbox): nothing is touched, and only format() makes the outbox usable.
    // kUnsupported: a geometry the format cannot serve (program unit not a power of two
    // up to kMaxProgramUnit, fewer than 2 sectors, or too little room for one entry of
    // the largest size besides one sector: SPEC.md "Geometry"), or a log written by
    // another format version or program unit (left untouched). kFlashError: a read
    // failed. Every other call needs a successful mount (kFailedPrecondition before).
    hal::Status mount();
    bool mounted() const { return mounted_; }

    // Appends `message` and returns its sequence number. On kOk the entry is on flash,
    // read back and committed: it survives any power cut from then on. On an error
    // nothing of it is visible, now or after a reboot, and the message may be offered
    // again. kInvalidArgument: type id not 1 or 4, neither text nor media id, or a
    // description without a media id. kTooLarge: a field over its limit. kNoSpace: the
    // entry does not fit without erasing a sector that holds unconfirmed entries.
    // Flash errors as the device reports them (kFlashError for a read-back mismatch).
    hal::Result<uint32_t> accept(const OutgoingMessage& message);

    // The oldest entry not yet confirmed (pending or written), checked against its CRC
    // again over the whole payload (one flipped bit corrected). Its payload is read into
    // `payload` when it fits (kMaxPayloadBytes always do; Entry::text views it); else its
    // media id and description are (kMaxEntryFieldsBytes always do) and the text stays
    // on flash (Entry::stored_text), read in pieces through EntryText (which reads either way).
    // kNotFound: nothing to send. kBufferTooSmall: not even the media id and description
    // fit. kCorrupt: it no longer reads as committed (flash decay): it is counted in
    // damage() (unsent_lost), and the next call goes on with the next.
    hal::Result<Entry> oldest_unconfirmed(hal::ByteSpan payload);

    // The entry `sequence`, while it is still on flash (confirmed entries stay until
    // their sector is reclaimed). kNotFound otherwise; other errors as above.
    hal::Result<Entry> find(uint32_t sequence, hal::ByteSpan payload);

    // Records that a request carrying entry `sequence` is about to be written: call it
    // right before the first byte goes out, and send only on kOk. From then on a failure
    // means "outcome unknown" and the entry is reconciled before it is sent again
    // (reconciliation.h). `sent_after_id`: the newest server message id the messenger
    // knows (0 if none). Already written: kOk, nothing programmed. Confirmed:
    // kFailedPrecondition. kNotFound: no such entry. Flash errors: the entry may read
    // as written afterwards (the safe side: reconciliation finds nothing and resends).
    hal::Status mark_written(uint32_t sequence, uint64_t sent_after_id);

    // Records that the service has entry `sequence`, with its message id (0: unknown).
    // On kOk the entry is never offered again. The id is kept when the flash takes it: a
    // failed id program leaves "confirmed, id unknown" and is only logged. Confirming
    // again is kOk. kNotFound: no such entry (or already reclaimed).
    hal::Status mark_confirmed(uint32_t sequence, uint64_t server_id);

    // Sets entry `sequence` aside as failed (refused on its own merits), with the reason:
    // it is never offered again, and for_each shows it (state kFailed, Entry::failure)
    // until its sector is reclaimed. Already failed: kOk. Confirmed: kFailedPrecondition.
    // kNotFound: no such entry. Power-loss safe: the reason is programmed first and
    // alone marks the entry failed (SPEC.md "States").
    hal::Status mark_failed(uint32_t sequence, hal::Status why);

    // Visits every entry still on flash, oldest first, confirmed ones included, each read
    // into `payload` as oldest_unconfirmed does. The visitor must not call the outbox.
    hal::Status for_each(hal::ByteSpan payload, EntryVisitor& visitor);

    // What reading the log found wrong: at mount, and since (a decayed entry found while
    // sending). Zero when the flash read clean.
    const OutboxDamage& damage() const { return damage_; }

    // Erases every sector and mounts empty: the way out of kCorrupt (an explicit command
    // on a host; a board's documented policy). Every message in it is lost.
    hal::Status format();

    // Entries pending or written (not confirmed, not failed).
    size_t unconfirmed_count() const { return unconfirmed_count_; }
    // The sequence number the next accept will use (diagnostics and tests).
    uint32_t next_sequence() const { return next_sequence_; }

  private:
    struct Placement {
        LogPosition start;
        LogPosition end;
        uint32_t first_new;  // sectors first_new..last_new are opened for the entry
        uint32_t last_new;
    };

    // outbox.cpp: mount and reads.
    hal::Status scan();
    hal::Status rescan();
    void note_entry(const EntryInfo& entry);
    LogReader reader(hal::ByteSpan payload = hal::ByteSpan()) const {
        return LogReader(flash_, layout_, run_, payload);
    }
    LogReader counting_reader() {
        return LogReader(flash_, layout_, run_, hal::ByteSpan(), &damage_);
    }
    hal::Status locate(uint32_t sequence, WalkStep& step, hal::ByteSpan payload = hal::ByteSpan());

    // outbox_accept.cpp: appending.
    hal::Result<Placement> place(uint32_t extent) const;
    bool room_for(uint32_t last_new) const;
    hal::Status write_entry(const Placement& placement, const format::EntryHeader& header,
                            const OutgoingMessage& message);
    uint32_t first_entry_in(uint32_t sector, const Placement& placement) const;
    hal::Status open_sector(uint32_t sector, uint32_t first_entry);
    hal::Result<uint32_t> program_body(LogPosition at, const format::EntryHeader& header,
                                       const OutgoingMessage& message);
    void note_accepted(const Placement& placement, uint32_t sequence);
    hal::Result<uint32_t> recover(uint32_t sequence, hal::Status failure);

    // outbox_marks.cpp: state changes.
    hal::Status confirm(const EntryInfo& entry, LogPosition trailer);
    void keep_server_id(const EntryInfo& entry, LogPosition trailer, uint64_t server_id);
    hal::Status advance_cursor(LogPosition from);
    hal::Status program_marker(LogPosition at);
    hal::Status program_id_record(LogPosition at, uint32_t sequence, uint64_t id);

    hal::Flash& flash_;
    LogLayout layout_;
    LiveRun run_;                    // the sectors of the log (run_.empty: none yet)
    LogTail tail_;                   // where the next entry goes
    uint32_t next_sequence_ = 1;     // burned by every accept attempt
    bool has_unconfirmed_ = false;   // first_unconfirmed_ names an entry
    LogPosition first_unconfirmed_;  // the oldest entry not yet confirmed
    size_t unconfirmed_count_ = 0;
    bool has_entries_ = false;    // the log holds an intact entry
    uint32_t last_sequence_ = 0;  // the newest entry's sequence number, if any
    bool mounted_ = false;
    OutboxDamage damage_{};
    uint8_t stage_[kProgramChunkBytes] = {};  // a piece of an entry, staged for programming
};

}  // namespace firmware::outbox

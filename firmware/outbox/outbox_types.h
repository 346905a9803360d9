// The values the outbox takes from the app and hands to the messenger: a message to send,
// an entry as kept on flash (with its state), and the visitor that walks the entries.
// Entries are views into a buffer the caller owns (or read their text from flash);
// nothing here allocates.
#pragma once

#include <cstdint>
#include <string_view>

#include "firmware/outbox/log_layout.h"
#include "hal/flash.h"
#include "hal/status.h"

namespace firmware::outbox {

// typeId of "POST messages" (docs/protocol.md §6.2): the only two a device may send.
constexpr uint8_t kTypeUserMessage = 1;
constexpr uint8_t kTypeSilentSystemMessage = 4;

// accepted_at when the device's wall clock was not known.
constexpr int64_t kUnknownTime = -1;

// A message the app hands over. Text, or a media file already uploaded (its id and an
// optional description), or both; views only need to live during accept().
struct OutgoingMessage {
    uint8_t type_id = kTypeUserMessage;
    std::string_view text;               // UTF-8, up to kMaxTextBytes
    std::string_view media_id;           // empty: no media; up to kMaxMediaIdBytes
    std::string_view media_description;  // only with a media id; up to kMaxDescriptionBytes
    int64_t accepted_at = kUnknownTime;  // wall seconds when the app accepted it
};

// Where an entry is in its life. Each step programs more 0 bits; none goes back.
enum class EntryState : uint8_t {
    kPending,    // accepted; no byte of it has gone to the service
    kWritten,    // a request carrying it was (maybe) written: outcome unknown until
                 // confirmed or found in the conversation (reconciliation.h)
    kConfirmed,  // the service has it; the space is reclaimed in time
    kFailed,     // set aside: refused on its own merits (by the service or by the client's
                 // input check); never sent again, kept for the app until reclaimed
};

// Done with: nothing more is sent for an entry in this state.
constexpr bool is_settled(EntryState state) {
    return state == EntryState::kConfirmed || state == EntryState::kFailed;
}

// What reading the log found wrong with the flash (SPEC.md "Damage"), for the app to
// report. Zero when the flash read clean.
struct OutboxDamage {
    uint16_t corrected_bits = 0;   // single flipped bits corrected in headers and entries
    uint16_t damaged_entries = 0;  // committed entries that no longer read, skipped alone
    uint16_t unsent_lost = 0;      // of those, entries not yet confirmed: never sent
    uint16_t lost_ranges = 0;      // damaged bytes whose entries cannot be told apart
    uint16_t headers_lost = 0;     // sector headers of ours that no longer read

    // True when messages the app handed over may never reach the service.
    bool messages_lost() const { return unsent_lost > 0 || lost_ranges > 0 || headers_lost > 0; }
    bool any() const {
        return corrected_bits > 0 || damaged_entries > 0 || lost_ranges > 0 || headers_lost > 0;
    }
    bool operator==(const OutboxDamage& o) const {
        return corrected_bits == o.corrected_bits && damaged_entries == o.damaged_entries &&
               unsent_lost == o.unsent_lost && lost_ranges == o.lost_ranges &&
               headers_lost == o.headers_lost;
    }
};

// Where an entry's text is when it stayed on flash (the entry was read with a buffer for
// its media id and description only): `size` bytes of the outbox's log from `at`, with
// the bit `fix_mask` of byte `fix_at` (from `at`; mask 0: none) to flip back, one the CRC
// check corrected. Read it through EntryText (entry_text.h). A plain value: entries copy
// freely; it refers to the outbox's flash and layout, which outlive its entries.
struct StoredText {
    hal::Flash* flash = nullptr;  // nullptr: the text is Entry::text, in the caller's buffer
    const LogLayout* layout = nullptr;
    LogPosition at;
    uint32_t size = 0;
    uint32_t fix_at = 0;
    uint8_t fix_mask = 0;

    bool on_flash() const { return flash != nullptr; }
};

struct Entry {
    uint32_t sequence = 0;  // local, increasing, never reused; the app's handle
    uint8_t type_id = kTypeUserMessage;
    EntryState state = EntryState::kPending;
    int64_t accepted_at = kUnknownTime;
    // Written: the newest server message id the messenger knew when it sent (0: none or
    // unknown); the service's id for this message, if it stored it, is larger.
    uint64_t sent_after_id = 0;
    // Confirmed: the service's message id, or 0 when it is not known.
    uint64_t server_id = 0;
    // Failed: why (kBadRequest: the service refused it; kInvalidArgument, kTooLarge: the
    // client's own input check). kOk in every other state.
    hal::Status failure = hal::Status::kOk;
    std::string_view media_id;  // views into the caller's payload buffer
    std::string_view media_description;
    // The text as a view into the caller's buffer, when the whole payload was read into
    // it; empty when the text stayed on flash (stored_text.on_flash()). EntryText
    // (entry_text.h) reads it in pieces either way.
    std::string_view text;
    StoredText stored_text;
};

// Called for each entry by Outbox::for_each; return false to stop the walk. The entry's
// views are valid during the call only.
class EntryVisitor {
  public:
    virtual bool visit(const Entry& entry) = 0;

  protected:
    ~EntryVisitor() = default;
};

}  // namespace firmware::outbox

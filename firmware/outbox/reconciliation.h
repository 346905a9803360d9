// Reconciliation: the rule that decides whether a message found in the conversation is
// an outbox entry whose send had an unknown outcome (docs/protocol.md §12: no idempotency
// key). The messenger fetches the messages and calls it; this only compares fields.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "firmware/outbox/outbox_types.h"
#include "hal/status.h"
#include "net/text/text_reader.h"

namespace firmware::outbox {

// The fields of a message from the conversation (docs/protocol.md §7) that the rule reads.
struct ConversationMessage {
    uint64_t id = 0;            // server id
    uint8_t type_id = 0;        // typeId
    int64_t time = 0;           // unix seconds; 0 or less when absent
    bool same_text = false;     // "message" (empty when null) equals the entry's text
    std::string_view media_id;  // media.id (empty when there is no media)
};

// True when `candidate` may be the service's copy of `entry` (state written):
//  - its id is above entry.sent_after_id: the service numbers messages in increasing
//    order, so anything it stored before the send was written is not this entry (and an
//    earlier entry with the same text, confirmed before, is never taken for this one);
//  - the same typeId, byte-identical text and the same media id;
//  - when both times are known, candidate.time >= entry.accepted_at - kMatchSkewSeconds
//    (the service cannot have stored it before the app handed it over, up to the skew
//    between the device's clock and the service's).
// The messenger takes the oldest candidate that matches, looking at messages newer than
// entry.sent_after_id; none: the message was not stored and is sent again.
bool matches(const Entry& entry, const ConversationMessage& candidate);

// Compares a text that arrives in pieces (MessageHandler::on_text) with an expected one,
// byte for byte, without holding either: the expected text is read through a reader (an
// entry's text on flash: EntryText) kCompareChunk bytes at a time, on the stack.
// equal() once every piece has been fed.
class TextComparison {
  public:
    static constexpr size_t kCompareChunk = 32;

    // `expected` must outlive the comparison.
    explicit TextComparison(const net::text::TextReader& expected) : expected_(expected) {}
    TextComparison(const TextComparison&) = delete;
    TextComparison& operator=(const TextComparison&) = delete;

    void feed(std::string_view piece);
    bool equal() const {
        return !differs_ && status_ == hal::Status::kOk && at_ == expected_.size();
    }
    // kOk, or the error of a read of the expected text that failed (never equal() then; it
    // stays until the comparison is made anew: a search that met it decided nothing).
    hal::Status status() const { return status_; }
    // Starts over for the next candidate.
    void restart() {
        at_ = 0;
        differs_ = false;
    }

  private:
    const net::text::TextReader& expected_;
    size_t at_ = 0;
    bool differs_ = false;
    hal::Status status_ = hal::Status::kOk;
};

}  // namespace firmware::outbox

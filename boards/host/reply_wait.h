// `parley-ticket wait`: runs the messenger — which also sends whatever the outbox still
// holds, such as a ticket queued by an earlier `send` — and prints each new message from
// the service desk. Each is printed once: the messenger keeps the last id seen in flash,
// so a reply `send` or an earlier `wait` printed does not come again. It ends at the
// first reply, after printing whatever else is already waiting (what the messenger does
// at once: the rest of the poll's window, a catch-up poll after a full page, the
// delivery receipts) but never waiting for another poll; or when `timeout` passes
// without one; or when the link stops (bad credentials, a rejected certificate).
// Host-only: it prints to stdout and stderr.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "boards/host/reply_attachments.h"
#include "firmware/apps/ticket/ticket.h"
#include "firmware/messenger/messenger.h"
#include "hal/clock.h"

namespace boards::host {

constexpr long kDefaultWaitSeconds = 120;
constexpr long kMaxWaitSeconds = 86400;  // a day

// `wait [--wait SECONDS]` (args[0] is "wait"): SECONDS a whole number from 1 to
// kMaxWaitSeconds, kDefaultWaitSeconds when absent. False with a message otherwise.
bool parse_wait_args(const std::vector<std::string>& args, long* wait_s, std::string* error);

enum class WaitOutcome : uint8_t {
    kReplied,  // at least one message from the service desk was printed
    kNoReply,  // none came in time; nothing of ours is left unconfirmed
    kQueued,   // none came, and the outbox still holds a message the service has not confirmed
    kFailed,   // none came, and the link stopped or the service refused a queued message
};
const char* to_string(WaitOutcome outcome);
// The ticket app's exit codes: replied 0, no reply 10, queued 11, failed 1.
int exit_code(WaitOutcome outcome);

// What happened during one wait.
struct WaitTally {
    uint32_t replies = 0;
    bool stopped = false;    // the link stopped
    uint32_t rejected = 0;   // outbox entries the service refused during the wait
    size_t unconfirmed = 0;  // outbox entries not confirmed at the end
};

// A reply wins (the user has the answer; any failure was said on stderr), then a
// failure, then a message still queued, then "no reply".
WaitOutcome decide(const WaitTally& tally);

class ReplyWaiter final : public firmware::messenger::MessengerListener {
  public:
    // `attachments` (may be null) notes the replies' attachments, to be saved once run()
    // has returned (the connection is busy while a message is delivered).
    ReplyWaiter(hal::Clock& clock, firmware::apps::ticket::TicketIdle& idle,
                ReplyAttachments* attachments = nullptr)
        : clock_(clock), idle_(idle), attachments_(attachments) {}

    // Steps the messenger until the first reply (and what is already on its way), the
    // timeout, or a stopped link; the tally at the end.
    WaitTally run(firmware::messenger::Messenger& messenger, hal::Millis timeout_ms);

    void on_message_text(std::string_view piece) override { text_ += piece; }
    void on_message(const net::parley::Message& message) override;
    void on_message_text_dropped() override { text_.clear(); }
    void on_sent(uint32_t sequence, uint64_t server_id) override;
    void on_rejected(uint32_t sequence, hal::Status why, std::string_view error) override;
    void on_link(firmware::messenger::LinkState state, hal::Status cause) override;
    void on_storage_damage(const firmware::messenger::StorageDamage& damage) override;

  private:
    hal::Clock& clock_;
    firmware::apps::ticket::TicketIdle& idle_;
    ReplyAttachments* attachments_;
    std::string text_;  // the message arriving
    WaitTally tally_;
};

}  // namespace boards::host

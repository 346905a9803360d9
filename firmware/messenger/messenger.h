// Messenger: the device's conversation with the service desk (docs/design.md). The app
// hands messages over (they are in the flash outbox once accepted) and calls step(now)
// from its loop; each step does at most one network operation — renew the token,
// subscribe, a poll or the fetch of one new message, send or reconcile the oldest outbox
// entry, a typing event — and says when the next step is due. Failures back off with
// full jitter, honour Retry-After, and stop — not loop — on bad credentials. No heap.
//
// Outgoing, exactly once and in order: text the client would refuse is refused by
// send_text before it enters the outbox; entries go out oldest first; an entry whose
// send may have been stored without an answer waits a grace period, then is looked for
// above the previous entry's server id (each stored message matches one entry at most)
// and sent again only if absent; an entry refused on its own merits is set aside as
// failed and reported, and the queue goes on (outbox SPEC.md "Reconciliation").
//
// Incoming, once each and oldest first: a poll reads only the ids of a page's new
// messages (PageIds, 50 at most); each is then fetched (GET messages/{id}) and handed to
// the listener in ascending order, the last id seen kept in flash after each. A full
// page is followed by paging below it until the gap to the last id seen is closed, so a
// service that pages newest first skips nothing either. Polls keep their due times while
// the outbox drains. A first start shows the last `history_messages` messages.
//
// Read receipts (read_receipts, docs/protocol.md §6.8): each delivered message is marked
// delivered (3), or read (4) once the app calls message_shown(); after each poll at most
// one PUT messages/status/4 and one PUT messages/status/3 (receipts.h), none when nothing
// is owed. A service that refuses them is logged once and not asked again this session.
// Unread count: once after start() (and after request_unread_count()) the listener gets
// the service's unseen count (GET messages/unseen/count, unseen_count) or, without it,
// the number of new messages above the last id seen from the next poll.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "firmware/messenger/backoff.h"
#include "firmware/messenger/messenger_config.h"
#include "firmware/messenger/page_ids.h"
#include "firmware/messenger/poll_schedule.h"
#include "firmware/messenger/receipts.h"
#include "firmware/messenger/service_api.h"
#include "firmware/messenger/typing_throttle.h"
#include "firmware/outbox/outbox.h"
#include "firmware/settings/settings.h"
#include "firmware/token/token_keeper.h"
#include "hal/clock.h"
#include "hal/entropy.h"
#include "net/parley/message.h"

namespace firmware::messenger {

enum class LinkState : uint8_t {
    kConnecting,  // nothing has succeeded yet
    kOnline,      // the last operation succeeded
    kRetrying,    // the last operation failed; backing off
    kStopped,     // a failure retrying cannot fix (credentials, a registered user the
                  // service wants, certificate): waiting
};
const char* to_string(LinkState state);

// What the device found wrong with its flash (settings and outbox SPEC.md "Damage"):
// corrected bits, values read from their second copy, entries lost. Never silent: the
// messenger reports it at start, and again whenever an outbox entry is found decayed.
struct StorageDamage {
    settings::Settings::Damage settings;
    outbox::OutboxDamage outbox;
    bool any() const { return settings.any() || outbox.any(); }
};

// How many messages from the service desk wait unseen (after a restart or a wake-up).
struct UnreadCount {
    uint32_t count = 0;
    bool from_service = false;  // the service's count; else the messages above the last id seen
    bool at_least = false;      // a full page above the last id seen: there may be more
};

class MessengerListener {
  public:
    // A message from the service desk (agent, bot, system); own messages are not echoed.
    // Its text comes first, in pieces, as it arrives (on_message_text: valid UTF-8, never
    // ending inside a character, any length), then the message itself with every other
    // field (on_message; text_bytes is the text's length). Each message reaches
    // on_message once, in order.
    virtual void on_message_text(std::string_view /*piece*/) {}
    virtual void on_message(const net::parley::Message& message) = 0;
    // The pieces given since the last on_message are void: the fetch failed midway (the
    // message will come again, whole) or the object was not a deliverable message.
    virtual void on_message_text_dropped() {}
    // An outbox entry reached the service (server_id 0 when only reconciliation knows).
    virtual void on_sent(uint32_t /*sequence*/, uint64_t /*server_id*/) {}
    // An entry was set aside as failed: the service refused it on its own merits
    // (kBadRequest, with the service's error string) or the client's input check did
    // (kInvalidArgument, kTooLarge). It stays in the outbox as failed (status shows it)
    // and is never sent again; the entries after it go on.
    virtual void on_rejected(uint32_t /*sequence*/, hal::Status /*why*/,
                             std::string_view /*error*/) {}
    virtual void on_link(LinkState /*state*/, hal::Status /*cause*/) {}
    // The flash was found damaged (see StorageDamage); the counts are totals so far.
    virtual void on_storage_damage(const StorageDamage& /*damage*/) {}
    virtual void on_agent_typing(bool /*typing*/, std::string_view /*agent_name*/) {}
    // Once after start() and after each request_unread_count().
    virtual void on_unread_count(const UnreadCount& /*unread*/) {}

  protected:
    ~MessengerListener() = default;
};

struct MessengerParts {
    ServiceApi& api;
    outbox::Outbox& outbox;
    settings::Settings& settings;
    token::TokenKeeper* tokens;  // KPN dialect; nullptr for Parley direct
    hal::Clock& clock;
    hal::Entropy& entropy;
    MessengerListener& listener;
    // outbox::kMaxEntryFieldsBytes at least, for the media id and description of the
    // entry being sent (its text is read from flash in pieces).
    hal::ByteSpan entry_fields;
};

struct MessengerConfig {
    // Identifies what the device subscribed with (device id, registration, server):
    // when it differs from the one kept in flash, the device subscribes again.
    uint32_t subscription_hash = 0;
    hal::Span<const PollStep> poll_steps = hal::Span<const PollStep>(kParleyWebPollSteps);
    BackoffConfig backoff;
    TypingConfig typing;
    hal::Millis operation_timeout_ms = kOperationTimeoutMs;
    hal::Millis send_grace_ms = kSendGraceMs;
    uint8_t history_messages = kHistoryMessages;
    // Mark delivered messages delivered (3) / read (4): PUT messages/status (Parley v1.9).
    // Off here; a device turns it on where its dialect and version have the endpoint
    // (net::parley::has_status_endpoints). Needs receipt_ids: kReceiptStorageIds ids lent
    // by the composition root (empty: no receipts, whatever read_receipts says).
    bool read_receipts = false;
    hal::Span<uint64_t> receipt_ids;
    // Ask GET messages/unseen/count (Parley v1.9) for the unread count; otherwise (or
    // when the service refuses it) the count comes from the last id seen.
    bool unseen_count = false;
};

class Messenger {
  public:
    Messenger(const MessengerParts& parts, const MessengerConfig& config);
    Messenger(const Messenger&) = delete;
    Messenger& operator=(const Messenger&) = delete;

    // Reads the subscription state and the last message id seen from the settings, and
    // reports damage found at mount (on_storage_damage). Call once, after the settings
    // and the outbox are mounted (and repaired, where the app repairs).
    void start();

    // Does at most one network operation; returns when the next step is due.
    hal::Millis step(hal::Millis now);

    // Accepts a message into the outbox (durable on kOk; no network). Refused before it
    // enters: kInvalidArgument (not valid UTF-8, empty or blank, a type other than 1 or
    // 4), kTooLarge (over outbox::kMaxTextBytes bytes or net::parley::kMaxTextLength
    // characters; nothing is cut). kNoSpace when the outbox is full.
    hal::Result<uint32_t> send_text(std::string_view text,
                                    uint8_t type_id = outbox::kTypeUserMessage);
    hal::Result<uint32_t> send_media(std::string_view media_id, std::string_view description);

    // Downloads a message's attachment to `sink` (docs/protocol.md §6.7): its media, or
    // the media file its legacy `image` path names (anything else: kInvalidArgument, nothing
    // sent). One network operation bounded by `deadline`, outside the step() cycle: call it
    // from the app's loop between steps, never from a listener callback (the connection is
    // busy then). The sink's error is passed on as is. kUnsupported when downloads are
    // compiled out (PARLEY_MESSENGER_DOWNLOADS 0). A failure does not change the link
    // state: the app decides whether to try again.
    hal::Status download_media(const net::parley::Media& media, net::http::BodySink& sink,
                               hal::Millis deadline);
    hal::Status download_image(std::string_view image, net::http::BodySink& sink,
                               hal::Millis deadline);

    void user_typing(hal::Millis now) { typing_.key_pressed(now); }
    // The app showed this delivered message to its user: marked read (4) after the next
    // poll, not delivered (3). Ignored when receipts are off or were refused.
    void message_shown(uint64_t id) { receipts_.on_shown(id); }
    // Receipts are being sent (configured with storage, and not refused by the service).
    bool receipts_active() const { return receipts_.enabled(); }
    // Report the unread count again (on_unread_count), e.g. when the screen wakes up.
    void request_unread_count();
    // Poll at the next step, whatever the schedule says.
    void poll_soon() { poll_due_ = clock_.now_ms(); }
    // New credentials were provisioned: leave kStopped and try again.
    void credentials_changed();
    // The registered user's string changed (provisioned or removed; the API client already
    // sends the new one): subscribe again, remembered under `subscription_hash`, and go
    // on; leaves kStopped. The token and the outbox are kept.
    void registration_changed(uint32_t subscription_hash);

    LinkState link() const { return link_; }
    // The device's subscription is in place: the API accepts requests from this device
    // (a media upload is refused with device_not_registered before it is).
    bool subscribed() const { return subscribed_; }
    size_t unconfirmed() const { return outbox_.unconfirmed_count(); }
    uint64_t last_seen_id() const { return last_seen_id_; }
    // Network operations performed (API calls, token requests included).
    uint32_t operations() const { return operations_; }
    hal::Millis next_poll() const { return poll_due_; }

    // Sending waits for an entry in doubt until this time (0: not waiting).
    hal::Millis grace_until() const { return grace_sequence_ != 0 ? grace_until_ : 0; }

  private:
    void report_damage();
    void resume();

    enum class Op : uint8_t {
        kNone,
        kRenewToken,
        kSubscribe,
        kTyping,
        kFetch,
        kProbe,
        kPoll,
        kSend,
        kReceipts,
        kUnreadCount,
    };

    Op next_op(hal::Millis now) const;
    hal::Status run(Op op, hal::Millis now);
    hal::Status renew_token(hal::Millis deadline);
    hal::Status subscribe(hal::Millis deadline);
    hal::Status send_oldest(hal::Millis now, hal::Millis deadline);
    hal::Status transmit(const outbox::Entry& entry, hal::Millis now, hal::Millis deadline);
    hal::Result<uint64_t> reconcile(const outbox::Entry& entry, hal::Millis deadline);
    hal::Status set_aside(const outbox::Entry& entry, hal::Status why, std::string_view error);
    void arm_grace(uint32_t sequence, hal::Millis now);
    bool sending_waits(hal::Millis now) const;
    hal::Status typing_event(hal::Millis now, hal::Millis deadline);
    hal::Status poll(hal::Millis now, hal::Millis deadline);
    hal::Status probe(hal::Millis now, hal::Millis deadline);
    hal::Status fetch(hal::Millis now, hal::Millis deadline);
    hal::Status send_receipts(hal::Millis deadline);
    hal::Status ask_unread_count(hal::Millis deadline);
    void report_unread_from_poll(const net::parley::PageResult& page);
    void start_delivery(hal::Millis now);
    void finish_delivery(hal::Millis now);
    void keep_last_seen();
    void confirmed(uint32_t sequence, uint64_t server_id);
    void succeeded();
    void failed(hal::Status status, hal::Millis now);
    void set_link(LinkState state, hal::Status cause);
    hal::Millis next_due(hal::Millis now) const;
    uint32_t random32();

    ServiceApi& api_;
    outbox::Outbox& outbox_;
    settings::Settings& settings_;
    token::TokenKeeper* tokens_;
    hal::Clock& clock_;
    hal::Entropy& entropy_;
    MessengerListener& listener_;
    hal::ByteSpan entry_fields_;
    MessengerConfig config_;
    PollSchedule schedule_;
    RetryPolicy retry_;
    TypingThrottle typing_;
    LinkState link_ = LinkState::kConnecting;
    hal::Millis not_before_ = 0;  // backoff: no operation before this
    hal::Millis poll_due_ = 0;
    uint64_t last_seen_id_ = 0;
    uint64_t kept_last_seen_id_ = 0;
    bool first_start_ = false;  // no last id seen in flash yet: the first poll is history
    // Incoming: the ids of the window being delivered, oldest first.
    PageIds incoming_;
    size_t next_fetch_ = 0;
    uint64_t window_top_ = 0;  // last_seen_id_ once the window is delivered
    bool delivering_ = false;
    bool catch_up_ = false;       // poll again as soon as the window is delivered
    uint64_t probe_below_ = 0;    // a full page began here: look below it for a gap
    uint64_t probe_above_ = 0;    // ... a probe's full page, read below this id
    uint64_t probed_floor_ = 0;   // a probe found no gap between this floor ...
    uint64_t probed_lowest_ = 0;  // ... and this id
    // Outgoing.
    uint64_t last_sent_id_ = 0;               // server id of the newest entry confirmed
    outbox::OutboxDamage reported_outbox_{};  // what on_storage_damage last said
    bool damage_reported_ = false;            // start() looked
    uint32_t unsent_sequence_ = 0;            // this entry's last attempt provably wrote nothing
    uint32_t grace_sequence_ = 0;             // this entry is in doubt, waiting until grace_until_
    hal::Millis grace_until_ = 0;
    uint32_t operations_ = 0;
    bool sent_while_poll_due_ = false;  // the due poll goes next
    bool subscribed_ = false;
    bool backing_off_ = false;
    // Read receipts and the unread count.
    Receipts receipts_;
    bool unread_asked_ = false;      // ask the service for the unread count
    bool unread_from_poll_ = false;  // count it from the next poll
    bool unseen_refused_ = false;    // the service refused the unseen count: not asked again
};

}  // namespace firmware::messenger

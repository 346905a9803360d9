// Messenger: the device's conversation with the service desk (DESIGN.md §5). The app
// hands messages over (they are in the flash outbox once accepted) and calls step(now)
// from its loop; each step does at most one network operation — renew the token,
// subscribe, send or reconcile the oldest outbox entry, a typing event, or a poll — and
// says when the next step is due. Replies arrive through the listener, deduplicated by
// id (the last id seen is kept in flash). Failures back off with full jitter, honour
// Retry-After, and stop — not loop — on bad credentials. No heap, no threads.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "firmware/messenger/backoff.h"
#include "firmware/messenger/poll_schedule.h"
#include "firmware/messenger/service_api.h"
#include "firmware/messenger/typing_throttle.h"
#include "firmware/outbox/outbox.h"
#include "firmware/settings/settings.h"
#include "firmware/token/token_keeper.h"
#include "hal/clock.h"
#include "hal/entropy.h"
#include "net/parley/message.h"

namespace firmware {

enum class LinkState : uint8_t {
    kConnecting,  // nothing has succeeded yet
    kOnline,      // the last operation succeeded
    kRetrying,    // the last operation failed; backing off
    kStopped,     // a failure retrying cannot fix (credentials, certificate): waiting
};
const char* to_string(LinkState state);

class MessengerListener {
  public:
    // A message from the service desk (agent, bot, system); own messages are not echoed.
    virtual void on_message(const net::parley::Message& message) = 0;
    // An outbox entry reached the service (server_id 0 when only reconciliation knows).
    virtual void on_sent(uint32_t /*sequence*/, uint64_t /*server_id*/) {}
    // The service refused an entry as invalid; it is dropped from the outbox.
    virtual void on_rejected(uint32_t /*sequence*/, hal::Status /*why*/,
                             std::string_view /*error*/) {}
    virtual void on_link(LinkState /*state*/, hal::Status /*cause*/) {}
    virtual void on_agent_typing(bool /*typing*/, std::string_view /*agent_name*/) {}

  protected:
    ~MessengerListener() = default;
};

struct MessengerParts {
    ServiceApi& api;
    outbox::Outbox& outbox;
    settings::Settings& settings;
    TokenKeeper* tokens;  // KPN dialect; nullptr for Parley direct
    hal::Clock& clock;
    hal::Entropy& entropy;
    MessengerListener& listener;
    hal::ByteSpan entry_buffer;  // outbox::kMaxPayloadBytes, for the entry being sent
};

#ifndef PARLEY_OPERATION_TIMEOUT_MS
#define PARLEY_OPERATION_TIMEOUT_MS 30000  // one network operation, connect included
#endif
#ifndef PARLEY_MAX_RECONCILE_PAGES
#define PARLEY_MAX_RECONCILE_PAGES 8  // pages read looking for an unanswered send
#endif

struct MessengerConfig {
    // Identifies what the device subscribed with (device id, registration, server):
    // when it differs from the one kept in flash, the device subscribes again.
    uint32_t subscription_hash = 0;
    hal::Span<const PollStep> poll_steps = hal::Span<const PollStep>(kParleyWebPollSteps);
    BackoffConfig backoff;
    TypingConfig typing;
    hal::Millis operation_timeout_ms = PARLEY_OPERATION_TIMEOUT_MS;
};

class Messenger {
  public:
    Messenger(const MessengerParts& parts, const MessengerConfig& config);
    Messenger(const Messenger&) = delete;
    Messenger& operator=(const Messenger&) = delete;

    // Reads the subscription state and the last message id seen from the settings.
    // Call once, after the settings and the outbox are mounted.
    void start();

    // Does at most one network operation; returns when the next step is due.
    hal::Millis step(hal::Millis now);

    // Accepts a message into the outbox (durable on kOk; no network). kNoSpace when the
    // outbox is full, kTooLarge/kInvalidArgument for bad input.
    hal::Result<uint32_t> send_text(std::string_view text,
                                    uint8_t type_id = outbox::kTypeUserMessage);
    hal::Result<uint32_t> send_media(std::string_view media_id, std::string_view description);

    void user_typing(hal::Millis now) { typing_.key_pressed(now); }
    // Poll at the next step, whatever the schedule says.
    void poll_soon() { poll_due_ = clock_.now_ms(); }
    // New credentials were provisioned: leave kStopped and try again.
    void credentials_changed();

    LinkState link() const { return link_; }
    size_t unconfirmed() const { return outbox_.unconfirmed_count(); }
    uint64_t last_seen_id() const { return last_seen_id_; }
    // Network operations performed (API calls, token requests included).
    uint32_t operations() const { return operations_; }
    hal::Millis next_poll() const { return poll_due_; }

    // Used by the page handlers (messenger.cpp). Within one page, new messages reach the
    // listener in the page's order: newest first, as the service sends them.
    void deliver(const net::parley::Message& message);
    void note_skipped(uint64_t id);

  private:
    enum class Op : uint8_t { kNone, kRenewToken, kSubscribe, kSend, kTyping, kPoll };

    Op next_op(hal::Millis now) const;
    hal::Status run(Op op, hal::Millis now);
    hal::Status renew_token(hal::Millis deadline);
    hal::Status subscribe(hal::Millis deadline);
    hal::Status send_oldest(hal::Millis now, hal::Millis deadline);
    hal::Status transmit(const outbox::Entry& entry, hal::Millis now, hal::Millis deadline);
    hal::Result<uint64_t> reconcile(const outbox::Entry& entry, hal::Millis deadline);
    hal::Status typing_event(hal::Millis now, hal::Millis deadline);
    hal::Status poll(hal::Millis now, hal::Millis deadline);
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
    TokenKeeper* tokens_;
    hal::Clock& clock_;
    hal::Entropy& entropy_;
    MessengerListener& listener_;
    hal::ByteSpan entry_buffer_;
    MessengerConfig config_;
    PollSchedule schedule_;
    RetryPolicy retry_;
    TypingThrottle typing_;
    LinkState link_ = LinkState::kConnecting;
    hal::Millis not_before_ = 0;  // backoff: no operation before this
    hal::Millis poll_due_ = 0;
    uint64_t last_seen_id_ = 0;
    uint64_t kept_last_seen_id_ = 0;
    uint64_t poll_floor_ = 0;       // last_seen_id_ when the poll in progress began
    uint64_t page_highest_ = 0;     // the highest id in the poll in progress
    uint32_t unsent_sequence_ = 0;  // this entry's last attempt provably wrote nothing
    uint32_t operations_ = 0;
    uint32_t new_messages_ = 0;  // delivered by the poll in progress
    bool subscribed_ = false;
    bool backing_off_ = false;
};

}  // namespace firmware

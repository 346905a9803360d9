#include "firmware/messenger/messenger.h"

#include "firmware/outbox/reconciliation.h"
#include "hal/log.h"

namespace firmware {
namespace {

constexpr const char* kLogModule = "messenger";
// PROTOCOL.md §5: a page holds at most 50 messages; a full one means more may follow.
constexpr uint32_t kFullPage = 50;
// While stopped (bad credentials, rejected certificate) nothing is tried; the app is
// asked to step again this late, so a loop that sleeps until "next" stays idle.
constexpr hal::Millis kStoppedRecheckMs = 60000;

bool is_own(const net::parley::Message& m) {
    return m.type == net::parley::MessageType::kUser ||
           m.type == net::parley::MessageType::kUserSilent;
}

// Hands new messages of a poll to the messenger.
class PollHandler final : public net::parley::MessageHandler {
  public:
    explicit PollHandler(Messenger& messenger) : messenger_(messenger) {}
    void on_message(const net::parley::Message& message) override { messenger_.deliver(message); }
    void on_skipped(uint64_t id, hal::Status) override { messenger_.note_skipped(id); }

  private:
    Messenger& messenger_;
};

// Looks for an outbox entry among the messages of a page (reconciliation.h).
class ReconcileHandler final : public net::parley::MessageHandler {
  public:
    explicit ReconcileHandler(const outbox::Entry& entry) : entry_(entry) {}
    void on_message(const net::parley::Message& m) override {
        if (found != 0) return;
        const outbox::ConversationMessage candidate{m.id, m.type_id, m.time, m.text.view(),
                                                    m.media.id.view()};
        if (outbox::matches(entry_, candidate)) found = m.id;
    }
    uint64_t found = 0;

  private:
    const outbox::Entry& entry_;
};

}  // namespace

const char* to_string(LinkState state) {
    switch (state) {
        case LinkState::kConnecting:
            return "connecting";
        case LinkState::kOnline:
            return "online";
        case LinkState::kRetrying:
            return "retrying";
        case LinkState::kStopped:
            return "stopped";
    }
    return "?";
}

Messenger::Messenger(const MessengerParts& parts, const MessengerConfig& config)
    : api_(parts.api),
      outbox_(parts.outbox),
      settings_(parts.settings),
      tokens_(parts.tokens),
      clock_(parts.clock),
      entropy_(parts.entropy),
      listener_(parts.listener),
      entry_buffer_(parts.entry_buffer),
      config_(config),
      schedule_(config.poll_steps),
      retry_(config.backoff),
      typing_(config.typing) {}

void Messenger::start() {
    settings::Subscription subscription;
    subscribed_ = settings_.read_subscription(subscription) == hal::Status::kOk &&
                  subscription.subscribed && subscription.config_hash == config_.subscription_hash;
    const hal::Result<uint64_t> last = settings_.read_last_message_id();
    last_seen_id_ = last.value_or(0);
    kept_last_seen_id_ = last_seen_id_;
    poll_due_ = clock_.now_ms();
}

hal::Result<uint32_t> Messenger::send_text(std::string_view text, uint8_t type_id) {
    outbox::OutgoingMessage message;
    message.type_id = type_id;
    message.text = text;
    message.accepted_at = clock_.wall_seconds().value_or(outbox::kUnknownTime);
    return outbox_.accept(message);
}

hal::Result<uint32_t> Messenger::send_media(std::string_view media_id,
                                            std::string_view description) {
    outbox::OutgoingMessage message;
    message.media_id = media_id;
    message.media_description = description;
    message.accepted_at = clock_.wall_seconds().value_or(outbox::kUnknownTime);
    return outbox_.accept(message);
}

void Messenger::credentials_changed() {
    if (tokens_ != nullptr) tokens_->credentials_changed();
    retry_.after_success();
    not_before_ = clock_.now_ms();
    backing_off_ = false;
    set_link(LinkState::kConnecting, hal::Status::kOk);
}

hal::Millis Messenger::step(hal::Millis now) {
    if (link_ == LinkState::kStopped) return now + kStoppedRecheckMs;
    if (backing_off_ && !hal::deadline_passed(now, not_before_)) return not_before_;
    backing_off_ = false;
    const Op op = next_op(now);
    if (op != Op::kNone) {
        ++operations_;
        const hal::Status status = run(op, now);
        if (status == hal::Status::kOk) {
            succeeded();
        } else {
            failed(status, clock_.now_ms());
        }
    }
    if (link_ == LinkState::kStopped) return now + kStoppedRecheckMs;
    return backing_off_ ? not_before_ : next_due(clock_.now_ms());
}

Messenger::Op Messenger::next_op(hal::Millis now) const {
    if (tokens_ != nullptr && tokens_->renewal_due(now)) return Op::kRenewToken;
    if (!subscribed_) return Op::kSubscribe;
    if (outbox_.unconfirmed_count() > 0) return Op::kSend;
    if (typing_.due(now) != TypingThrottle::Event::kNone) return Op::kTyping;
    if (hal::deadline_passed(now, poll_due_)) return Op::kPoll;
    return Op::kNone;
}

hal::Millis Messenger::next_due(hal::Millis now) const {
    if (next_op(now) != Op::kNone) return now;
    const hal::Millis typing = typing_.next_due(now);
    return hal::deadline_passed(typing, poll_due_) ? poll_due_ : typing;
}

hal::Status Messenger::run(Op op, hal::Millis now) {
    const hal::Millis deadline = now + config_.operation_timeout_ms;
    switch (op) {
        case Op::kRenewToken:
            return renew_token(deadline);
        case Op::kSubscribe:
            return subscribe(deadline);
        case Op::kSend:
            return send_oldest(now, deadline);
        case Op::kTyping:
            return typing_event(now, deadline);
        case Op::kPoll:
            return poll(now, deadline);
        case Op::kNone:
            break;
    }
    return hal::Status::kOk;
}

hal::Status Messenger::renew_token(hal::Millis deadline) {
    return tokens_->token(deadline).status();
}

hal::Status Messenger::subscribe(hal::Millis deadline) {
    HAL_TRY(api_.subscribe(deadline));
    subscribed_ = true;
    const hal::Status kept = settings_.write_subscription({true, config_.subscription_hash});
    if (kept != hal::Status::kOk) {
        HAL_LOG_WARN(kLogModule, "subscription not kept (%s)", hal::to_string(kept));
    }
    HAL_LOG_INFO(kLogModule, "device subscribed");
    return hal::Status::kOk;
}

hal::Status Messenger::send_oldest(hal::Millis now, hal::Millis deadline) {
    const hal::Result<outbox::Entry> oldest = outbox_.oldest_unconfirmed(entry_buffer_);
    if (oldest.status() == hal::Status::kNotFound) return hal::Status::kOk;
    if (!oldest.ok()) return oldest.status();
    const outbox::Entry& entry = oldest.value();
    const bool in_doubt =
        entry.state == outbox::EntryState::kWritten && unsent_sequence_ != entry.sequence;
    if (in_doubt) {
        HAL_ASSIGN_OR_RETURN(const uint64_t found, reconcile(entry, deadline));
        if (found != 0) {
            HAL_LOG_INFO(kLogModule, "entry %u was stored as %llu: not sent again",
                         static_cast<unsigned>(entry.sequence),
                         static_cast<unsigned long long>(found));
            confirmed(entry.sequence, found);
            return hal::Status::kOk;
        }
    }
    return transmit(entry, now, deadline);
}

hal::Status Messenger::transmit(const outbox::Entry& entry, hal::Millis now, hal::Millis deadline) {
    HAL_TRY(outbox_.mark_written(entry.sequence, last_seen_id_));
    const hal::Result<uint64_t> sent = api_.send(entry, deadline);
    if (sent.ok()) {
        confirmed(entry.sequence, sent.value());
        typing_.message_sent();
        schedule_.on_activity();
        poll_due_ = now + schedule_.interval_ms();
        return hal::Status::kOk;
    }
    const hal::Status status = sent.status();
    // Only a request that may have been written and not answered needs reconciling.
    const bool in_doubt = status == hal::Status::kOutcomeUnknown || status == hal::Status::kCorrupt;
    unsent_sequence_ = in_doubt ? 0 : entry.sequence;
    if (status == hal::Status::kBadRequest) {
        const net::parley::ApiError& error = api_.last_error();
        HAL_LOG_WARN(kLogModule, "entry %u refused by the service (%s): dropped",
                     static_cast<unsigned>(entry.sequence), error.error);
        (void)outbox_.mark_confirmed(entry.sequence, 0);
        listener_.on_rejected(entry.sequence, status, error.error_string());
        return hal::Status::kOk;
    }
    return status;
}

hal::Result<uint64_t> Messenger::reconcile(const outbox::Entry& entry, hal::Millis deadline) {
    ReconcileHandler handler(entry);
    uint64_t after = entry.sent_after_id;
    for (int page_no = 0; page_no < PARLEY_MAX_RECONCILE_PAGES; ++page_no) {
        net::parley::PageResult page;
        HAL_TRY(api_.messages_after(after, handler, &page, deadline));
        if (handler.found != 0) return handler.found;
        if (page.delivered + page.skipped < kFullPage || page.highest_id <= after) break;
        after = page.highest_id;
    }
    return uint64_t{0};
}

hal::Status Messenger::typing_event(hal::Millis now, hal::Millis deadline) {
    const TypingThrottle::Event event = typing_.due(now);
    HAL_TRY(api_.typing(event == TypingThrottle::Event::kStart, deadline));
    typing_.sent(event, now);
    return hal::Status::kOk;
}

// Pages come newest first (PROTOCOL.md §5), so a page's new messages arrive in
// descending id order: each is judged against the last id seen before the page began
// (poll_floor_), and last_seen_id_ becomes the page's highest id only once the page is
// read. Comparing with a running maximum instead would drop all but the newest.
void Messenger::deliver(const net::parley::Message& message) {
    if (message.id <= poll_floor_) return;  // seen in an earlier poll: ids are the dedupe key
    if (message.id > page_highest_) page_highest_ = message.id;
    if (is_own(message)) return;
    ++new_messages_;
    listener_.on_message(message);
}

void Messenger::note_skipped(uint64_t id) {
    HAL_LOG_WARN(kLogModule, "message %llu too large for this device: skipped",
                 static_cast<unsigned long long>(id));
    if (id > page_highest_) page_highest_ = id;
}

hal::Status Messenger::poll(hal::Millis now, hal::Millis deadline) {
    PollHandler handler(*this);
    net::parley::PageResult page;
    new_messages_ = 0;
    poll_floor_ = last_seen_id_;
    page_highest_ = last_seen_id_;
    const hal::Status status = api_.messages_after(last_seen_id_, handler, &page, deadline);
    last_seen_id_ = page_highest_;
    keep_last_seen();  // what was delivered stays delivered, even if the page broke off
    if (page.has_agent) listener_.on_agent_typing(page.agent.is_typing, page.agent.name.view());
    HAL_TRY(status);
    if (new_messages_ > 0) {
        schedule_.on_activity();
    } else {
        schedule_.on_empty_poll();
    }
    const bool full = page.delivered + page.skipped >= kFullPage;
    poll_due_ = full ? now : now + schedule_.interval_ms();
    return hal::Status::kOk;
}

void Messenger::keep_last_seen() {
    if (last_seen_id_ == kept_last_seen_id_) return;
    const hal::Status kept = settings_.write_last_message_id(last_seen_id_);
    if (kept == hal::Status::kOk) {
        kept_last_seen_id_ = last_seen_id_;
    } else {
        HAL_LOG_WARN(kLogModule, "last message id not kept (%s)", hal::to_string(kept));
    }
}

void Messenger::confirmed(uint32_t sequence, uint64_t server_id) {
    const hal::Status marked = outbox_.mark_confirmed(sequence, server_id);
    if (marked != hal::Status::kOk) {
        HAL_LOG_WARN(kLogModule, "entry %u not marked sent (%s)", static_cast<unsigned>(sequence),
                     hal::to_string(marked));
    }
    unsent_sequence_ = 0;
    listener_.on_sent(sequence, server_id);
}

void Messenger::succeeded() {
    retry_.after_success();
    set_link(LinkState::kOnline, hal::Status::kOk);
}

void Messenger::failed(hal::Status status, hal::Millis now) {
    const net::parley::ApiError& error = api_.last_error();
    if (status == hal::Status::kFailedPrecondition &&
        net::parley::is_device_not_registered(error.error_string())) {
        HAL_LOG_WARN(kLogModule, "service forgot this device: subscribing again");
        subscribed_ = false;
        (void)settings_.clear_subscription();
    }
    const RetryPolicy::Decision decision =
        retry_.after_failure(status, error.http_status != 0 ? error.retry_after_s : -1, random32());
    if (!decision.retry) {
        HAL_LOG_ERROR(kLogModule, "stopped: %s", hal::to_string(status));
        set_link(LinkState::kStopped, status);
        return;
    }
    HAL_LOG_WARN(kLogModule, "%s; next try in %u ms", hal::to_string(status),
                 static_cast<unsigned>(decision.delay_ms));
    not_before_ = now + decision.delay_ms;
    backing_off_ = true;
    set_link(LinkState::kRetrying, status);
}

void Messenger::set_link(LinkState state, hal::Status cause) {
    if (state == link_) return;
    link_ = state;
    listener_.on_link(state, cause);
}

uint32_t Messenger::random32() {
    uint8_t bytes[4] = {};
    (void)entropy_.fill(hal::ByteSpan(bytes));
    return uint32_t{bytes[0]} | uint32_t{bytes[1]} << 8 | uint32_t{bytes[2]} << 16 |
           uint32_t{bytes[3]} << 24;
}

}  // namespace firmware

#include "firmware/messenger/messenger.h"

#include "firmware/outbox/entry_text.h"
#include "firmware/outbox/reconciliation.h"
#include "hal/log.h"
#include "net/text/ascii.h"
#include "net/text/text_reader.h"
#include "net/text/utf8.h"

namespace firmware::messenger {
namespace {

// A server error answering a send does not say that the message was not stored: a
// gateway answers 502 or 504 while the backend may still store the request, and a 500
// may come after the write. Only 503 and 429 (kRetryLater too) refuse a request before
// it is processed, and could_not_save_message says it was not saved.
bool maybe_stored(const net::parley::ApiError& error) {
    return error.kind == hal::Status::kRetryLater && error.http_status >= 500 &&
           error.http_status != 503 && error.error_string() != "could_not_save_message";
}

constexpr const char* kLogModule = "messenger";
// A page holds at most 50 messages (docs/protocol.md §8); a full one means more may follow.
constexpr uint32_t kFullPage = PageIds::kCapacity;
// While stopped (bad credentials, rejected certificate) nothing is tried; the app is
// asked to step again this late, so a loop that sleeps until "next" stays idle.
constexpr hal::Millis kStoppedRecheckMs = 60000;

bool is_own(const net::parley::Message& m) {
    return m.type == net::parley::MessageType::kUser ||
           m.type == net::parley::MessageType::kUserSilent;
}

// The statuses that refuse one entry on its own merits: it is set aside, the queue goes
// on. Everything else about a send is about the device or the network.
// (kInvalidArgument is not among them: the client's input check is made here, on the
// entry, before sending; from the API client it means the device's configuration.)
bool refuses_entry(hal::Status status) {
    return status == hal::Status::kBadRequest || status == hal::Status::kTooLarge ||
           status == hal::Status::kBufferTooSmall;
}

// A refusal of an optional endpoint (receipts, unseen count): the service answered, and
// not with something that passes — 429/5xx, a refused token (the client renews it) and
// device_not_registered (the messenger subscribes again) say nothing about the endpoint,
// and neither does a transport failure. kUnsupported: a ServiceApi without it;
// kInvalidArgument: the client would never send it.
bool refused(hal::Status status, const net::parley::ApiError& error) {
    if (status == hal::Status::kUnsupported || status == hal::Status::kInvalidArgument) return true;
    if (error.http_status == 0) return false;
    return status != hal::Status::kRetryLater && status != hal::Status::kTokenInvalid &&
           status != hal::Status::kFailedPrecondition;
}

// Notes the new messages of a page into PageIds (nothing reaches the listener).
class IdCollector final : public net::parley::MessageHandler {
  public:
    explicit IdCollector(PageIds& ids) : ids_(ids) {}
    void on_message(const net::parley::Message& m) override { ids_.note(m.id, !is_own(m)); }
    // Too large for the page decoder: fetched on its own in its turn, and reported then.
    void on_skipped(uint64_t id, hal::Status) override {
        if (id != 0) ids_.note(id, true);
    }

  private:
    PageIds& ids_;
};

// Hands the one fetched message to the listener: its text as it streams, then the rest.
// Pieces of anything that does not end as that message are declared void.
class FetchHandler final : public net::parley::MessageHandler {
  public:
    FetchHandler(uint64_t id, MessengerListener& listener, Receipts& receipts)
        : id_(id), listener_(listener), receipts_(receipts) {}
    FetchHandler(const FetchHandler&) = delete;
    FetchHandler& operator=(const FetchHandler&) = delete;
    ~FetchHandler() { drop(); }  // a fetch that failed midway

    void on_text(std::string_view piece) override {
        pending_ = true;
        listener_.on_message_text(piece);
    }
    void on_message(const net::parley::Message& m) override {
        if (m.id != id_ || is_own(m)) return drop();
        pending_ = false;
        // Noted first: the listener may call message_shown() from on_message.
        if (kReceiptsBuiltIn) receipts_.on_delivered(m.id);
        listener_.on_message(m);
    }
    void on_skipped(uint64_t, hal::Status) override { drop(); }

  private:
    void drop() {
        if (pending_) listener_.on_message_text_dropped();
        pending_ = false;
    }

    uint64_t id_;
    MessengerListener& listener_;
    Receipts& receipts_;    // notes nothing when receipts are off
    bool pending_ = false;  // pieces given, the message not yet
};

// Looks for an outbox entry among the messages of a page (reconciliation.h): the
// lowest matching id is the entry (the service numbers messages in increasing order).
// Each candidate's text is compared with the entry's as it streams.
class ReconcileHandler final : public net::parley::MessageHandler {
  public:
    explicit ReconcileHandler(const outbox::Entry& entry)
        : entry_(entry), stored_(entry), text_(stored_) {}
    void on_text(std::string_view piece) override { text_.feed(piece); }
    void on_message(const net::parley::Message& m) override {
        const outbox::ConversationMessage candidate{m.id, m.type_id, m.time, text_.equal(),
                                                    m.media.id.view()};
        text_.restart();
        if ((found == 0 || m.id < found) && outbox::matches(entry_, candidate)) found = m.id;
    }
    void on_skipped(uint64_t, hal::Status) override { text_.restart(); }
    // kOk, or the error of a read of the entry's text from flash (the search decided nothing).
    hal::Status read_status() const { return text_.status(); }
    uint64_t found = 0;

  private:
    const outbox::Entry& entry_;
    const outbox::EntryText stored_;  // the entry's text, read from flash in chunks
    outbox::TextComparison text_;
};

bool is_full(const net::parley::PageResult& page) {
    return page.delivered + page.skipped >= kFullPage;
}

// One reconciliation's look through the service's pages: the handler that matches the
// entry, and the pages read so far (kMaxReconcilePages at most).
struct ReconcileSearch {
    ServiceApi& api;
    ReconcileHandler& handler;
    hal::Millis deadline;
    int pages;
};

// After the `first` page: the pages below it, down to the floor, while they are full.
hal::Status look_below(ReconcileSearch& search, const net::parley::PageResult& first,
                       uint64_t floor) {
    uint64_t below = first.lowest_id;
    bool more = is_full(first) && below > floor + 1;
    while (more && search.pages < kMaxReconcilePages) {
        net::parley::PageResult older;
        HAL_TRY(search.api.messages_before(below, search.handler, &older, search.deadline));
        ++search.pages;
        more = is_full(older) && older.lowest_id > floor + 1 && older.lowest_id < below;
        below = older.lowest_id;
    }
    return hal::Status::kOk;
}

// After the `first` page: the pages above it while they are full, until the entry is found.
hal::Status look_above(ReconcileSearch& search, const net::parley::PageResult& first) {
    uint64_t above = first.highest_id;
    bool more = is_full(first);
    while (more && search.handler.found == 0 && search.pages < kMaxReconcilePages) {
        net::parley::PageResult newer;
        HAL_TRY(search.api.messages_after(above, search.handler, &newer, search.deadline));
        ++search.pages;
        more = is_full(newer) && newer.highest_id > above;
        above = newer.highest_id;
    }
    return hal::Status::kOk;
}

// The page above the floor, then the pages below and above it.
hal::Status look_from(ReconcileSearch& search, uint64_t floor) {
    net::parley::PageResult page;
    HAL_TRY(search.api.messages_after(floor, search.handler, &page, search.deadline));
    search.pages = 1;
    HAL_TRY(look_below(search, page, floor));
    return look_above(search, page);
}

// What send_text checks, on a text read in pieces of kCheckChunk bytes (an entry's text
// on flash; a character cut between two pieces is carried over): kTooLarge over
// outbox::kMaxTextBytes bytes or net::parley::kMaxTextLength characters, kInvalidArgument
// when not UTF-8 or blank. A read that fails is its status (kFlashError): nothing is
// decided about the text.
constexpr size_t kCheckChunk = 64;
hal::Status check_outgoing_text(const net::text::TextReader& text) {
    if (text.size() > outbox::kMaxTextBytes) return hal::Status::kTooLarge;
    char chunk[kCheckChunk];
    net::text::Utf8Counter counter;
    bool blank = true;
    HAL_TRY(net::text::for_each_piece(text, hal::CharSpan(chunk), [&](std::string_view piece) {
        counter.feed(piece);
        for (size_t i = 0; blank && i < piece.size(); ++i)
            blank = net::text::is_space(piece[i]);
        return true;
    }));
    const hal::Result<size_t> characters = counter.result();
    if (!characters.ok()) return hal::Status::kInvalidArgument;
    if (characters.value() > net::parley::kMaxTextLength) return hal::Status::kTooLarge;
    return blank ? hal::Status::kInvalidArgument : hal::Status::kOk;
}

// What send_text checks, again for an entry already in flash (an older firmware may have
// accepted it): one the service would refuse is set aside, not sent (kInvalidArgument,
// kTooLarge); any other status is a failed flash read.
hal::Status check_entry(const outbox::Entry& entry) {
    if (entry.media_id.empty()) return check_outgoing_text(outbox::EntryText(entry));
    const bool valid = net::text::count_code_points(entry.media_id).ok() &&
                       net::text::count_code_points(entry.media_description).ok();
    return valid ? hal::Status::kOk : hal::Status::kInvalidArgument;
}

bool refused_by_check(hal::Status status) {
    return status == hal::Status::kInvalidArgument || status == hal::Status::kTooLarge;
}

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
      entry_fields_(parts.entry_fields),
      config_(config),
      schedule_(config.poll_steps),
      retry_(config.backoff),
      typing_(config.typing),
      receipts_(kReceiptsBuiltIn && config.read_receipts ? Receipts(config.receipt_ids)
                                                         : Receipts()) {}

void Messenger::start() {
    settings::Subscription subscription;
    subscribed_ = settings_.read_subscription(subscription) == hal::Status::kOk &&
                  subscription.subscribed && subscription.config_hash == config_.subscription_hash;
    const hal::Result<uint64_t> last = settings_.read_last_message_id();
    first_start_ = last.status() == hal::Status::kNotFound;
    last_seen_id_ = last.value_or(0);
    kept_last_seen_id_ = last_seen_id_;
    last_sent_id_ = settings_.read_last_sent_id().value_or(0);
    const hal::Millis now = clock_.now_ms();
    poll_due_ = now;
    request_unread_count();
    report_damage();
    // An entry left written by the previous life may be stored yet: wait the grace.
    const hal::Result<outbox::Entry> oldest = outbox_.oldest_unconfirmed(entry_fields_);
    if (oldest.ok() && oldest.value().state == outbox::EntryState::kWritten) {
        arm_grace(oldest.value().sequence, now);
    }
}

void Messenger::report_damage() {
    const StorageDamage damage{settings_.damage(), outbox_.damage()};
    const outbox::OutboxDamage& o = damage.outbox;
    const bool outbox_changed = !(o == reported_outbox_);
    const bool first = !damage_reported_;
    damage_reported_ = true;
    if (!(first ? damage.any() : outbox_changed)) return;
    reported_outbox_ = o;
    HAL_LOG_WARN(kLogModule,
                 "flash damage: outbox %u bits corrected, %u entries lost (%u unsent), %u "
                 "ranges lost, %u headers lost",
                 static_cast<unsigned>(o.corrected_bits), static_cast<unsigned>(o.damaged_entries),
                 static_cast<unsigned>(o.unsent_lost), static_cast<unsigned>(o.lost_ranges),
                 static_cast<unsigned>(o.headers_lost));
    listener_.on_storage_damage(damage);
}

hal::Result<uint32_t> Messenger::send_text(std::string_view text, uint8_t type_id) {
    HAL_TRY(check_outgoing_text(net::text::StringTextReader(text)));
    outbox::OutgoingMessage message;
    message.type_id = type_id;
    message.text = text;
    message.accepted_at = clock_.wall_seconds().value_or(outbox::kUnknownTime);
    return outbox_.accept(message);
}

hal::Result<uint32_t> Messenger::send_media(std::string_view media_id,
                                            std::string_view description) {
    if (!description.empty() && !net::text::count_code_points(description).ok()) {
        return hal::Status::kInvalidArgument;
    }
    outbox::OutgoingMessage message;
    message.media_id = media_id;
    message.media_description = description;
    message.accepted_at = clock_.wall_seconds().value_or(outbox::kUnknownTime);
    return outbox_.accept(message);
}

void Messenger::request_unread_count() {
    unread_asked_ = kReceiptsBuiltIn && config_.unseen_count && !unseen_refused_;
    unread_from_poll_ = !unread_asked_;
}

hal::Status Messenger::download_media(const net::parley::Media& media, net::http::BodySink& sink,
                                      hal::Millis deadline) {
    if (!kDownloadsBuiltIn) return hal::Status::kUnsupported;
    ++operations_;
    return api_.download_media(media, sink, deadline);
}

hal::Status Messenger::download_image(std::string_view image, net::http::BodySink& sink,
                                      hal::Millis deadline) {
    if (!kDownloadsBuiltIn) return hal::Status::kUnsupported;
    ++operations_;
    return api_.download_image(image, sink, deadline);
}

void Messenger::credentials_changed() {
    if (tokens_ != nullptr) tokens_->credentials_changed();
    resume();
}

void Messenger::registration_changed(uint32_t subscription_hash) {
    config_.subscription_hash = subscription_hash;
    subscribed_ = false;
    resume();
}

void Messenger::resume() {
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
        if (op == Op::kSend) sent_while_poll_due_ = hal::deadline_passed(now, poll_due_);
        if (op == Op::kPoll) sent_while_poll_due_ = false;
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
    if (typing_.due(now) != TypingThrottle::Event::kNone) return Op::kTyping;
    if (delivering_) return Op::kFetch;
    if (probe_below_ != 0) return Op::kProbe;
    if (kReceiptsBuiltIn && unread_asked_) return Op::kUnreadCount;
    if (kReceiptsBuiltIn && receipts_.owed()) return Op::kReceipts;
    // Polls keep their due times while the outbox drains: a due poll waits for one send
    // at most. A first start shows the history before anything is sent.
    const bool poll_due = hal::deadline_passed(now, poll_due_);
    const bool can_send = outbox_.unconfirmed_count() > 0 && !first_start_ && !sending_waits(now);
    if (poll_due && (!can_send || sent_while_poll_due_)) return Op::kPoll;
    if (can_send) return Op::kSend;
    return Op::kNone;
}

hal::Millis Messenger::next_due(hal::Millis now) const {
    if (next_op(now) != Op::kNone) return now;
    hal::Millis due = typing_.next_due(now);
    if (hal::deadline_passed(due, poll_due_)) due = poll_due_;
    const bool waiting = outbox_.unconfirmed_count() > 0 && sending_waits(now);
    if (waiting && hal::deadline_passed(due, grace_until_)) due = grace_until_;
    return due;
}

bool Messenger::sending_waits(hal::Millis now) const {
    return grace_sequence_ != 0 && !hal::deadline_passed(now, grace_until_);
}

void Messenger::arm_grace(uint32_t sequence, hal::Millis now) {
    grace_sequence_ = sequence;
    grace_until_ = now + config_.send_grace_ms;
    HAL_LOG_INFO(kLogModule, "entry %u may be stored: looking for it in %u ms",
                 static_cast<unsigned>(sequence), static_cast<unsigned>(config_.send_grace_ms));
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
        case Op::kFetch:
            return fetch(now, deadline);
        case Op::kProbe:
            return probe(now, deadline);
        case Op::kPoll:
            return poll(now, deadline);
        case Op::kReceipts:  // never chosen without them built in (next_op)
            if (kReceiptsBuiltIn) return send_receipts(deadline);
            break;
        case Op::kUnreadCount:
            if (kReceiptsBuiltIn) return ask_unread_count(deadline);
            break;
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
    const hal::Result<outbox::Entry> oldest = outbox_.oldest_unconfirmed(entry_fields_);
    if (oldest.status() == hal::Status::kNotFound) return hal::Status::kOk;
    if (oldest.status() == hal::Status::kCorrupt) {
        report_damage();  // it decayed on flash: counted, reported; the next one goes on
        return hal::Status::kOk;
    }
    if (!oldest.ok()) return oldest.status();
    const outbox::Entry& entry = oldest.value();
    const bool in_doubt =
        entry.state == outbox::EntryState::kWritten && unsent_sequence_ != entry.sequence;
    if (in_doubt) {
        if (grace_sequence_ != entry.sequence) {  // found in doubt without a grace yet
            arm_grace(entry.sequence, now);
            return hal::Status::kOk;
        }
        HAL_ASSIGN_OR_RETURN(const uint64_t found, reconcile(entry, deadline));
        grace_sequence_ = 0;
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
    // Whatever the service stores for this entry gets an id above both: the floor that
    // reconciliation looks above (an earlier entry's copy is never taken for this one).
    const hal::Status valid = check_entry(entry);
    if (refused_by_check(valid)) return set_aside(entry, valid, "");
    if (valid != hal::Status::kOk) return valid;  // the flash failed: try again later
    const uint64_t floor = last_seen_id_ > last_sent_id_ ? last_seen_id_ : last_sent_id_;
    HAL_TRY(outbox_.mark_written(entry.sequence, floor));
    const hal::Result<uint64_t> sent = api_.send(entry, deadline);
    if (sent.ok()) {
        confirmed(entry.sequence, sent.value());
        typing_.message_sent();
        schedule_.on_activity();
        const hal::Millis soon = now + schedule_.interval_ms();
        if (hal::deadline_passed(poll_due_, soon)) poll_due_ = soon;  // never later
        return hal::Status::kOk;
    }
    const hal::Status status = sent.status();
    if (refuses_entry(status)) return set_aside(entry, status, api_.last_error().error_string());
    // Only a request that may have been stored without the client knowing needs
    // reconciling: one written and not answered, or answered with a server error.
    const bool in_doubt = status == hal::Status::kOutcomeUnknown ||
                          status == hal::Status::kCorrupt || maybe_stored(api_.last_error());
    unsent_sequence_ = in_doubt ? 0 : entry.sequence;
    if (in_doubt) arm_grace(entry.sequence, clock_.now_ms());
    return status;
}

hal::Status Messenger::set_aside(const outbox::Entry& entry, hal::Status why,
                                 std::string_view error) {
    HAL_LOG_WARN(kLogModule, "entry %u refused (%s%s%.*s): set aside as failed",
                 static_cast<unsigned>(entry.sequence), hal::to_string(why),
                 error.empty() ? "" : ": ", static_cast<int>(error.size()), error.data());
    const hal::Status marked = outbox_.mark_failed(entry.sequence, why);
    if (marked != hal::Status::kOk) return marked;  // retried: it is still the oldest
    unsent_sequence_ = 0;
    listener_.on_rejected(entry.sequence, why, error);
    return hal::Status::kOk;
}

// The floor is the entry's own bound or the previous entry's server id, whichever is
// higher. A service that pages newest first may hide messages between the floor and
// its first page: look below that page too, down to the floor; one that pages oldest
// first: look above it while pages are full. kMaxReconcilePages pages at most.
hal::Result<uint64_t> Messenger::reconcile(const outbox::Entry& entry, hal::Millis deadline) {
    outbox::Entry bounded = entry;
    if (last_sent_id_ > bounded.sent_after_id) bounded.sent_after_id = last_sent_id_;
    const uint64_t floor = bounded.sent_after_id;
    ReconcileHandler handler(bounded);
    ReconcileSearch search{api_, handler, deadline, 0};
    HAL_TRY(look_from(search, floor));
    HAL_TRY(handler.read_status());
    if (search.pages >= kMaxReconcilePages && handler.found == 0) {
        HAL_LOG_WARN(kLogModule, "entry %u: not found in %d pages; sending it again",
                     static_cast<unsigned>(entry.sequence), search.pages);
    }
    return handler.found;
}

hal::Status Messenger::typing_event(hal::Millis now, hal::Millis deadline) {
    const TypingThrottle::Event event = typing_.due(now);
    HAL_TRY(api_.typing(event == TypingThrottle::Event::kStart, deadline));
    typing_.sent(event, now);
    return hal::Status::kOk;
}

// GET messages/after:{last seen} (a first start: GET messages, the newest page) reads the
// ids of the new messages only; fetch() then delivers them oldest first. A full page may
// be the newest 50 with a gap below them: probe() looks there first.
hal::Status Messenger::poll(hal::Millis now, hal::Millis deadline) {
    if (first_start_) {
        incoming_.begin(0, config_.history_messages, true);
    } else {
        incoming_.begin(last_seen_id_);
    }
    IdCollector collector(incoming_);
    net::parley::PageResult page;
    const hal::Status status = first_start_
                                   ? api_.newest_messages(collector, &page, deadline)
                                   : api_.messages_after(last_seen_id_, collector, &page, deadline);
    if (page.has_agent) listener_.on_agent_typing(page.agent.is_typing, page.agent.name.view());
    HAL_TRY(status);
    if (kReceiptsBuiltIn) report_unread_from_poll(page);
    if (incoming_.size() > 0) {
        schedule_.on_activity();
    } else {
        schedule_.on_empty_poll();
    }
    poll_due_ = now + schedule_.interval_ms();
    const bool gap_possible = !first_start_ && is_full(page) && page.lowest_id > last_seen_id_ + 1;
    const bool gap_ruled_out = probed_floor_ == last_seen_id_ && page.lowest_id <= probed_lowest_;
    if (gap_possible && !gap_ruled_out) {
        probe_below_ = page.lowest_id;  // its ids are read again once the gap is known
        return hal::Status::kOk;
    }
    if (is_full(page)) catch_up_ = true;
    start_delivery(now);
    return hal::Status::kOk;
}

// GET messages/before:{id}: anything above the last id seen there is a gap the full page
// hid. It is delivered first (the oldest window), and a poll follows at once; a page
// wholly inside the gap sends the probe lower. Nothing there: the full page just above
// was the oldest above the last id seen; when that was the poll's page the poll is
// repeated to read it, when it was a probe's page that page is read again and delivered
// (a poll would find the newest page again and probe from the top, forever).
hal::Status Messenger::probe(hal::Millis now, hal::Millis deadline) {
    incoming_.begin(last_seen_id_);
    IdCollector collector(incoming_);
    net::parley::PageResult page;
    HAL_TRY(api_.messages_before(probe_below_, collector, &page, deadline));
    const uint64_t below = probe_below_;
    probe_below_ = 0;
    if (!incoming_.any_new()) {
        probed_floor_ = last_seen_id_;
        probed_lowest_ = below;
        probe_below_ = probe_above_;  // 0: the poll's page was the oldest
        probe_above_ = 0;
        if (probe_below_ == 0) poll_due_ = now;
        return hal::Status::kOk;
    }
    const bool gap_ruled_out = probed_floor_ == last_seen_id_ && page.lowest_id <= probed_lowest_;
    if (!gap_ruled_out && is_full(page) && page.lowest_id > last_seen_id_ + 1 &&
        page.lowest_id < below) {
        probe_above_ = below;
        probe_below_ = page.lowest_id;  // still inside the gap
        return hal::Status::kOk;
    }
    probe_above_ = 0;
    catch_up_ = true;
    start_delivery(now);
    return hal::Status::kOk;
}

void Messenger::start_delivery(hal::Millis now) {
    window_top_ = incoming_.highest();
    if (incoming_.truncated() && !first_start_) catch_up_ = true;
    next_fetch_ = 0;
    delivering_ = incoming_.size() > 0;
    if (!delivering_) finish_delivery(now);
}

// One new message, fetched by id and handed to the listener; the last id seen moves past
// it and is kept in flash before the next.
hal::Status Messenger::fetch(hal::Millis now, hal::Millis deadline) {
    const uint64_t id = incoming_.at(next_fetch_);
    FetchHandler handler(id, listener_, receipts_);
    const hal::Status status = api_.message(id, handler, deadline);
    if (status == hal::Status::kNotFound || status == hal::Status::kTooLarge) {
        HAL_LOG_WARN(kLogModule, "message %llu %s: skipped", static_cast<unsigned long long>(id),
                     status == hal::Status::kNotFound ? "is gone" : "too large for this device");
    } else {
        HAL_TRY(status);
    }
    if (id > last_seen_id_) last_seen_id_ = id;
    keep_last_seen();
    if (++next_fetch_ == incoming_.size()) finish_delivery(now);
    return hal::Status::kOk;
}

void Messenger::finish_delivery(hal::Millis now) {
    delivering_ = false;
    if (window_top_ > last_seen_id_) last_seen_id_ = window_top_;
    if (first_start_) {
        const hal::Status kept = settings_.write_last_message_id(last_seen_id_);
        if (kept == hal::Status::kOk) kept_last_seen_id_ = last_seen_id_;
        first_start_ = false;  // even if not kept: a restart shows the history again
    }
    keep_last_seen();
    if (catch_up_) poll_due_ = now;
    catch_up_ = false;
    if (kReceiptsBuiltIn) receipts_.start_round();  // the marks owed for this poll go out next
}

// One PUT messages/status/{4|3} with the ids owed this round (read first). Refused: said
// once, and receipts are off for the rest of the session. Failed otherwise: the ids wait
// for the next poll's round (a mark is idempotent: sending it twice does no harm).
hal::Status Messenger::send_receipts(hal::Millis deadline) {
    ReceiptBatch* batch = receipts_.next_owed();
    if (batch == nullptr) return hal::Status::kOk;
    const net::parley::DeliveryStatus status = receipts_.status_of(*batch);
    const hal::Status marked = api_.mark(status, batch->ids(), deadline);
    if (marked == hal::Status::kOk) {
        receipts_.sent(*batch);
        return hal::Status::kOk;
    }
    if (refused(marked, api_.last_error())) {
        HAL_LOG_WARN(kLogModule,
                     "read receipts refused by the service (%s, HTTP %u): not sent again",
                     hal::to_string(marked), static_cast<unsigned>(api_.last_error().http_status));
        receipts_.disable();
        return hal::Status::kOk;
    }
    receipts_.postpone(*batch);
    return marked;
}

// GET messages/unseen/count. Refused: said once, never asked again; the count comes from
// the next poll instead (also after any other failure, so polls never wait on it).
hal::Status Messenger::ask_unread_count(hal::Millis deadline) {
    unread_asked_ = false;
    net::parley::UnseenCount unseen;
    const hal::Status status = api_.unseen_count(&unseen, deadline);
    if (status == hal::Status::kOk) {
        listener_.on_unread_count(UnreadCount{unseen.count, true, false});
        return hal::Status::kOk;
    }
    unread_from_poll_ = true;
    if (!refused(status, api_.last_error())) return status;
    HAL_LOG_WARN(kLogModule, "unseen count refused by the service (%s, HTTP %u): counted here",
                 hal::to_string(status), static_cast<unsigned>(api_.last_error().http_status));
    unseen_refused_ = true;
    return hal::Status::kOk;
}

// The fallback count: the new messages a poll found above the last id seen. A first
// start has no last id seen (its poll is the history): nothing is reported then.
void Messenger::report_unread_from_poll(const net::parley::PageResult& page) {
    if (!unread_from_poll_) return;
    unread_from_poll_ = false;
    if (first_start_) return;
    const bool more = is_full(page) || incoming_.truncated();
    listener_.on_unread_count(UnreadCount{static_cast<uint32_t>(incoming_.size()), false, more});
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
    // The entry stays written in flash when its mark did not land, and is looked for
    // again above its floor: its own id must not become that floor (it would not be found
    // above itself and would go out twice).
    if (marked == hal::Status::kOk && server_id > last_sent_id_) {
        last_sent_id_ = server_id;
        const hal::Status kept = settings_.write_last_sent_id(server_id);
        if (kept != hal::Status::kOk) {
            HAL_LOG_WARN(kLogModule, "last sent id not kept (%s)", hal::to_string(kept));
        }
    }
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

}  // namespace firmware::messenger

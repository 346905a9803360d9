#include "firmware/apps/ticket/ticket.h"

#include <cstring>

#include "hal/format.h"

namespace firmware::apps::ticket {
namespace {

constexpr uint32_t kSecondsPerMinute = 60;
constexpr uint32_t kSecondsPerHour = 3600;
constexpr uint32_t kSecondsPerDay = 86400;

// A bounded appender over the caller's buffer.
class Text {
  public:
    explicit Text(hal::CharSpan out) : out_(out) {}
    Text& add(std::string_view s) {
        if (s.size() > out_.size() - used_) {
            overflow_ = true;
        } else {
            std::memcpy(out_.data() + used_, s.data(), s.size());
            used_ += s.size();
        }
        return *this;
    }
    Text& add(uint32_t n) {
        char digits[12];
        const size_t length =
            hal::format(hal::CharSpan(digits), "%lu", static_cast<unsigned long>(n));
        return add(std::string_view(digits, length));
    }
    hal::Result<size_t> result() const {
        if (overflow_) return hal::Status::kBufferTooSmall;
        return used_;
    }

  private:
    hal::CharSpan out_;
    size_t used_ = 0;
    bool overflow_ = false;
};

void add_uptime(Text& text, uint32_t s) {
    text.add(s / kSecondsPerDay).add("d ");
    text.add(s % kSecondsPerDay / kSecondsPerHour).add("h ");
    text.add(s % kSecondsPerHour / kSecondsPerMinute).add("m");
}

}  // namespace

hal::Result<size_t> compose_ticket(const DeviceFacts& facts, hal::CharSpan out) {
    if (facts.fault_code.empty()) return hal::Status::kInvalidArgument;
    Text text(out);
    text.add("Fault report ").add(facts.fault_code).add("\n");
    text.add("Device: ").add(facts.device_id).add("\n");
    text.add("Firmware: ").add(facts.firmware_version).add("\n");
    text.add("Uptime: ");
    add_uptime(text, facts.uptime_s);
    if (!facts.description.empty()) text.add("\n").add(facts.description);
    return text.result();
}

const char* to_string(TicketOutcome outcome) {
    switch (outcome) {
        case TicketOutcome::kReplied:
            return "replied";
        case TicketOutcome::kSent:
            return "sent";
        case TicketOutcome::kQueued:
            return "queued";
        case TicketOutcome::kFailed:
            return "failed";
    }
    return "?";
}

int exit_code(TicketOutcome outcome) {
    switch (outcome) {
        case TicketOutcome::kReplied:
            return 0;
        case TicketOutcome::kSent:
            return 10;
        case TicketOutcome::kQueued:
            return 11;
        case TicketOutcome::kFailed:
            break;
    }
    return 1;
}

TicketOutcome TicketApp::run(firmware::messenger::Messenger& messenger, const DeviceFacts& facts,
                             TicketAttachment* attachment, const TicketConfig& config) {
    const hal::Millis deadline = clock_.now_ms() + config.send_timeout_ms;
    replies_wanted_ = config.replies > 0 ? config.replies : 1;
    const hal::Status accepted = accept(messenger, facts, attachment, deadline);
    if (accepted != hal::Status::kOk) return TicketOutcome::kFailed;
    return wait(messenger, config);
}

hal::Status TicketApp::accept(firmware::messenger::Messenger& messenger, const DeviceFacts& facts,
                              TicketAttachment* attachment, hal::Millis deadline) {
    char text[kMaxTicketTextBytes];
    const hal::Result<size_t> length = compose_ticket(facts, hal::CharSpan(text));
    if (!length.ok()) {
        console_.failed(length.status(), "the ticket text does not fit");
        return length.status();
    }
    hal::Result<uint32_t> sequence = messenger.send_text(std::string_view(text, length.value()));
    if (!sequence.ok()) {
        console_.failed(sequence.status(), "the ticket could not be stored for sending");
        return sequence.status();
    }
    sequence_ = sequence.value();  // before any step: the text may go out while attaching
    if (attachment != nullptr) attach(messenger, *attachment, deadline);
    console_.ticket_accepted(sequence_);
    return hal::Status::kOk;
}

void TicketApp::attach(firmware::messenger::Messenger& messenger, TicketAttachment& attachment,
                       hal::Millis deadline) {
    // On a first start the service does not know the device yet and refuses the upload
    // (device_not_registered): the messenger subscribes first.
    hal::Status status = until_subscribed(messenger, deadline);
    if (status == hal::Status::kOk) {
        const hal::Result<std::string_view> media = attachment.upload(deadline);
        if (media.ok()) {
            (void)messenger.send_media(media.value(), attachment.description());
            return;
        }
        status = media.status();
    }
    console_.failed(status, "the attachment could not be uploaded");
}

hal::Status TicketApp::until_subscribed(firmware::messenger::Messenger& messenger,
                                        hal::Millis deadline) {
    for (;;) {
        if (messenger.subscribed()) return hal::Status::kOk;
        if (messenger.link() == firmware::messenger::LinkState::kStopped)
            return hal::Status::kFailedPrecondition;  // the console has the link's cause
        const hal::Millis now = clock_.now_ms();
        if (hal::deadline_passed(now, deadline)) return hal::Status::kTimeout;
        const hal::Millis next = messenger.step(now);
        if (messenger.subscribed()) return hal::Status::kOk;
        idle_.idle_until(hal::deadline_passed(next, deadline) ? deadline : next);
    }
}

TicketOutcome TicketApp::wait(firmware::messenger::Messenger& messenger,
                              const TicketConfig& config) {
    const hal::Millis start = clock_.now_ms();
    const hal::Millis send_deadline = start + config.send_timeout_ms;
    hal::Millis reply_deadline = send_deadline;
    bool reply_clock_started = false;
    uint32_t replies_timed = 0;
    for (;;) {
        const hal::Millis now = clock_.now_ms();
        // The reply timeout runs from the send, and again from each reply that arrives.
        if ((sent_ && !reply_clock_started) || replies_seen_ != replies_timed) {
            reply_deadline = now + config.reply_timeout_ms;
            reply_clock_started = sent_;
            replies_timed = replies_seen_;
        }
        if (replied_ || rejected_ || messenger.link() == firmware::messenger::LinkState::kStopped)
            break;
        if (hal::deadline_passed(now, sent_ ? reply_deadline : send_deadline)) break;
        const hal::Millis next = messenger.step(now);
        if (replied_ || rejected_ || messenger.link() == firmware::messenger::LinkState::kStopped)
            break;
        const hal::Millis limit = sent_ ? reply_deadline : send_deadline;
        idle_.idle_until(hal::deadline_passed(next, limit) ? limit : next);
    }
    return outcome_now(messenger);
}

TicketOutcome TicketApp::outcome_now(const firmware::messenger::Messenger& messenger) const {
    if (rejected_) return TicketOutcome::kFailed;
    if (replied_) return TicketOutcome::kReplied;
    if (sent_) return TicketOutcome::kSent;
    if (messenger.link() == firmware::messenger::LinkState::kStopped) return TicketOutcome::kFailed;
    return TicketOutcome::kQueued;
}

void TicketApp::on_message_text(std::string_view piece) {
    if (sent_) console_.reply_text(piece);  // else an older conversation
}

void TicketApp::on_message_text_dropped() {
    if (sent_) console_.reply_dropped();
}

void TicketApp::on_message(const net::parley::Message& message) {
    if (!sent_) return;  // older conversation, not an answer to this ticket
    replied_ = ++replies_seen_ >= replies_wanted_;
    console_.reply(message);
}

void TicketApp::on_sent(uint32_t sequence, uint64_t server_id) {
    if (sequence != sequence_) return;
    sent_ = true;
    console_.ticket_sent(server_id);
}

void TicketApp::on_rejected(uint32_t sequence, hal::Status why, std::string_view error) {
    if (sequence != sequence_) return;
    rejected_ = true;
    console_.failed(why, error);
}

}  // namespace firmware::apps::ticket

#include "boards/host/reply_wait.h"

#include <cstdio>
#include <cstdlib>

#include "boards/host/app_commands.h"
#include "boards/host/console_format.h"
#include "boards/host/host_device.h"

namespace boards::host {

bool parse_wait_args(const std::vector<std::string>& args, long* wait_s, std::string* error) {
    *wait_s = kDefaultWaitSeconds;
    for (size_t i = 1; i < args.size(); ++i) {
        if (args[i] != "--wait") {
            *error = "unknown option for wait: " + args[i];
            return false;
        }
        if (i + 1 >= args.size()) {
            *error = "option --wait needs a value";
            return false;
        }
        const std::string& v = args[++i];
        // Digits only (strtol would take a sign and spaces); at most 9 of them, so the
        // value cannot overflow before the range check.
        const bool digits =
            !v.empty() && v.size() <= 9 && v.find_first_not_of("0123456789") == std::string::npos;
        const long value = digits ? std::strtol(v.c_str(), nullptr, 10) : 0;
        if (value < 1 || value > kMaxWaitSeconds) {
            *error = "--wait must be a whole number of seconds from 1 to " +
                     std::to_string(kMaxWaitSeconds) + " (got '" + v + "')";
            return false;
        }
        *wait_s = value;
    }
    return true;
}

const char* to_string(WaitOutcome outcome) {
    switch (outcome) {
        case WaitOutcome::kReplied:
            return "replied";
        case WaitOutcome::kNoReply:
            return "no reply";
        case WaitOutcome::kQueued:
            return "queued";
        case WaitOutcome::kFailed:
            return "failed";
    }
    return "?";
}

int exit_code(WaitOutcome outcome) {
    using firmware::apps::ticket::TicketOutcome;
    switch (outcome) {
        case WaitOutcome::kReplied:
            return firmware::apps::ticket::exit_code(TicketOutcome::kReplied);
        case WaitOutcome::kNoReply:
            return firmware::apps::ticket::exit_code(TicketOutcome::kSent);
        case WaitOutcome::kQueued:
            return firmware::apps::ticket::exit_code(TicketOutcome::kQueued);
        case WaitOutcome::kFailed:
            break;
    }
    return firmware::apps::ticket::exit_code(TicketOutcome::kFailed);
}

WaitOutcome decide(const WaitTally& tally) {
    if (tally.replies > 0) return WaitOutcome::kReplied;
    if (tally.stopped || tally.rejected > 0) return WaitOutcome::kFailed;
    if (tally.unconfirmed > 0) return WaitOutcome::kQueued;
    return WaitOutcome::kNoReply;
}

WaitTally ReplyWaiter::run(firmware::messenger::Messenger& messenger, hal::Millis timeout_ms) {
    using firmware::messenger::LinkState;
    const hal::Millis deadline = clock_.now_ms() + timeout_ms;
    for (;;) {
        const hal::Millis now = clock_.now_ms();
        if (messenger.link() == LinkState::kStopped || hal::deadline_passed(now, deadline)) break;
        const hal::Millis next = messenger.step(now);
        if (messenger.link() == LinkState::kStopped) break;
        // After a reply only what is due at once: the rest of the poll's messages, their
        // receipts. Never another poll's wait.
        if (tally_.replies > 0 && !hal::deadline_passed(clock_.now_ms(), next)) break;
        idle_.idle_until(hal::deadline_passed(next, deadline) ? deadline : next);
    }
    tally_.stopped = messenger.link() == LinkState::kStopped;
    tally_.unconfirmed = messenger.unconfirmed();
    return tally_;
}

void ReplyWaiter::on_message(const net::parley::Message& message) {
    ++tally_.replies;
    std::printf("reply from %s", format_message(message, text_).c_str());
    std::fflush(stdout);
    text_.clear();
    if (attachments_ != nullptr) attachments_->note(message);
}

void ReplyWaiter::on_sent(uint32_t sequence, uint64_t server_id) {
    std::printf("outbox: #%u sent (message %llu)\n", static_cast<unsigned>(sequence),
                static_cast<unsigned long long>(server_id));
    std::fflush(stdout);
}

void ReplyWaiter::on_rejected(uint32_t sequence, hal::Status why, std::string_view error) {
    ++tally_.rejected;
    std::fprintf(stderr, "outbox: #%u refused: %.*s (%s)\n", static_cast<unsigned>(sequence),
                 static_cast<int>(error.size()), error.data(), explain(why).c_str());
}

void ReplyWaiter::on_link(firmware::messenger::LinkState state, hal::Status cause) {
    if (state == firmware::messenger::LinkState::kRetrying ||
        state == firmware::messenger::LinkState::kStopped) {
        std::fprintf(stderr, "network: %s (%s)\n", firmware::messenger::to_string(state),
                     explain(cause).c_str());
    }
}

void ReplyWaiter::on_storage_damage(const firmware::messenger::StorageDamage& damage) {
    std::fprintf(stderr, "wait: flash damage found:\n%s", describe_damage(damage).c_str());
}

}  // namespace boards::host

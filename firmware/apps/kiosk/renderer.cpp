#include "firmware/apps/kiosk/renderer.h"

#include <cstring>

#include "firmware/apps/kiosk/attachment.h"
#include "firmware/apps/kiosk/command_parser.h"
#include "hal/format.h"
#include "net/text/utf8.h"

namespace firmware::apps::kiosk {
namespace {

constexpr int64_t kSecondsPerDay = 86400;
constexpr int64_t kSecondsPerHour = 3600;
constexpr int64_t kSecondsPerMinute = 60;
constexpr size_t kProgressWidth = 20;
// "[" bar "] " and "100%" and the NUL hal::format ends with.
constexpr size_t kProgressFrame = 8;
constexpr size_t kSizeText = 32;  // "1023 KB", "16.0 MB", "18446744073709551615 bytes"

constexpr std::string_view kPrompt = "> ";
constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD
constexpr std::string_view kClearLine = "\r\x1b[K";

std::string_view sender(const net::parley::Message& m) {
    if (m.agent.present && !m.agent.name.empty()) return m.agent.name.view();
    if (m.type == net::parley::MessageType::kSystem) return "System";
    if (m.type == net::parley::MessageType::kUser) return "You";
    return "Service desk";
}

std::string_view button_tag(net::parley::ButtonType type) {
    switch (type) {
        case net::parley::ButtonType::kWebUrl:
            return "[link] ";
        case net::parley::ButtonType::kPhoneNumber:
            return "[call] ";
        case net::parley::ButtonType::kReply:
            return "[reply] ";
        case net::parley::ButtonType::kUnknown:
            break;
    }
    return "[button] ";
}

std::string_view refusal(hal::Status status) {
    switch (status) {
        case hal::Status::kNoSpace:
            return "the outbox is full; wait until the network is back";
        case hal::Status::kTooLarge:
            return "the message is longer than the service takes";
        case hal::Status::kInvalidArgument:
            return "the line is not valid UTF-8 text (check the terminal's encoding)";
        default:
            return "it could not be stored";
    }
}

std::string_view notice_text(KioskNotice notice) {
    switch (notice) {
        case KioskNotice::kGreeting:
            return "Chat with the service desk. /help lists the commands.\n";
        case KioskNotice::kHelp:
            return kCommandHelp;
        case KioskNotice::kNoQuickReply:
            return "There is no quick reply to pick.\n";
        case KioskNotice::kNoFiles:
            return "This kiosk cannot send files.\n";
        case KioskNotice::kAttachUsage:
            return "Usage: /attach PATH\n";
    }
    return {};
}

// Why an attachment was not saved, where the status alone does not say it well.
std::string_view not_saved_reason(hal::Status status, KioskOutput& out) {
    switch (status) {
        case hal::Status::kInvalidArgument:
            return "not a file of this service";
        case hal::Status::kNotFound:
            return "the service no longer has it";
        case hal::Status::kUnsupported:
            return "this kiosk cannot download";
        default:
            return out.explain(status);
    }
}

}  // namespace

size_t format_progress(uint64_t sent, uint64_t total, size_t width, hal::CharSpan out) {
    if (out.size() < width + kProgressFrame) return 0;
    const size_t filled = hal::percent_of(sent, total) * width / 100;
    size_t n = 0;
    out[n++] = '[';
    for (size_t i = 0; i < width; ++i)
        out[n++] = i < filled ? '#' : ' ';
    out[n++] = ']';
    out[n++] = ' ';
    return n + hal::format_percent(out.subspan(n), sent, total);
}

void format_clock(int64_t unix_seconds, int32_t utc_offset_s, char (&out)[6]) {
    if (unix_seconds <= 0) {
        std::memcpy(out, "--:--", sizeof out);
        return;
    }
    int64_t of_day = (unix_seconds + utc_offset_s) % kSecondsPerDay;
    if (of_day < 0) of_day += kSecondsPerDay;
    hal::format(hal::CharSpan(out), "%02d:%02d", static_cast<int>(of_day / kSecondsPerHour),
                static_cast<int>(of_day % kSecondsPerHour / kSecondsPerMinute));
}

void KioskRenderer::clear_line() {
    if (interactive_) out_.write(kClearLine);
}

void KioskRenderer::prompt(std::string_view input) {
    if (!interactive_) return;
    out_.write(kPrompt);
    out_.write(input);
}

void KioskRenderer::echo(char c) {
    if (interactive_) out_.write(std::string_view(&c, 1));
}

void KioskRenderer::erase() {
    if (interactive_) out_.write("\b \b");
}

void KioskRenderer::bell() {
    if (interactive_) out_.write("\a");
}

void KioskRenderer::notice(KioskNotice notice) {
    out_.write(notice_text(notice));
}

void KioskRenderer::message(const net::parley::Message& m, std::string_view text) {
    header(sender(m), m.time);
    title(m);
    if (!m.title.empty()) out_.write(" ");
    untrusted(text, true);
    message_end(m);
}

void KioskRenderer::message_text(std::string_view piece) {
    untrusted(piece, true);
}

void KioskRenderer::message_after_text(const net::parley::Message& m) {
    out_.write("\n  -- ");
    header(sender(m), m.time);
    title(m);
    message_end(m);
}

void KioskRenderer::title(const net::parley::Message& m) {
    if (m.title.empty()) return;
    out_.write("[");
    field(m.title.view());
    out_.write("]");
}

void KioskRenderer::message_interrupted() {
    out_.write(" [...]\n-- the rest did not arrive; the message will be shown again\n");
}

void KioskRenderer::message_end(const net::parley::Message& m) {
    if (has_attachment(m)) {
        out_.write(" ");
        attachment_head(attachment_kind(m.media.mime_type.view(), !m.media.present),
                        attachment_name(m));
        out_.write("]");
    }
    out_.write("\n");
    // Own messages offer nothing to pick: their buttons are listed without numbers.
    KioskPick picks[kMaxQuickReplyPick];
    const uint8_t count = m.type != net::parley::MessageType::kUser ? kiosk_picks(m, picks) : 0;
    buttons(m, 0, picks, count);
    for (size_t i = 0; i < m.kept_carousel_items(); ++i) {
        const net::parley::CarouselItem& item = m.carousel[i];
        out_.write("    * ");
        field(item.title.empty() ? std::string_view("(untitled)") : item.title.view());
        if (!item.text.empty()) {
            out_.write(": ");
            field(item.text.view());
        }
        out_.write("\n");
        buttons(m, static_cast<uint8_t>(i + 1), picks, count);
    }
    if (m.carousel_count > m.kept_carousel_items()) {
        out_.write("    (");
        number(m.carousel_count - m.kept_carousel_items());
        out_.write(m.carousel_count - m.kept_carousel_items() == 1 ? " more item)\n"
                                                                   : " more items)\n");
    }
    for (uint8_t i = 0; i < count; ++i) {
        if (picks[i].button == nullptr) pick_line("    ", i + 1, picks[i].label);
    }
}

void KioskRenderer::own_message(int64_t unix_seconds, std::string_view text) {
    header("You", unix_seconds);
    field(text);  // a pick sends a payload the service chose
    out_.write("\n");
}

void KioskRenderer::agent_typing(std::string_view agent_name) {
    field(agent_name.empty() ? std::string_view("The service desk") : agent_name);
    out_.write(" is typing…\n");
}

void KioskRenderer::unread(uint32_t count, bool at_least) {
    if (count == 0) return;
    out_.write("-- ");
    number(count);
    out_.write(at_least ? " or more" : "");
    out_.write(count == 1 && !at_least ? " new message\n" : " new messages\n");
}

void KioskRenderer::waiting(size_t count) {
    out_.write("-- ");
    messages_waiting(count);
    out_.write(" to be sent\n");
}

void KioskRenderer::link(firmware::messenger::LinkState state,
                         firmware::messenger::LinkState before, size_t waiting, hal::Status cause) {
    switch (state) {
        case firmware::messenger::LinkState::kOnline:
            out_.write(before == firmware::messenger::LinkState::kConnecting ? "-- online"
                                                                             : "-- online again");
            if (waiting > 0) {
                out_.write(", sending ");
                messages_waiting(waiting);
            }
            break;
        case firmware::messenger::LinkState::kRetrying:
            line("-- offline (", out_.explain(cause), ") — retrying");
            if (waiting > 0) {
                out_.write(", ");
                messages_waiting(waiting);
            }
            break;
        case firmware::messenger::LinkState::kStopped:
            line("-- stopped: ", out_.explain(cause),
                 " — messages stay in the outbox until this is fixed");
            break;
        case firmware::messenger::LinkState::kConnecting:
            out_.write("-- connecting");
            break;
    }
    out_.write("\n");
}

void KioskRenderer::rejected(hal::Status why, std::string_view error) {
    out_.write("A message could not be delivered and was set aside (");
    if (error.empty()) {
        out_.write(out_.explain(why));
    } else {
        field(error);
    }
    out_.write("); the rest go on.\n");
}

bool KioskRenderer::tells(const firmware::messenger::StorageDamage& damage) {
    return damage.outbox.messages_lost();
}

void KioskRenderer::storage_damage(const firmware::messenger::StorageDamage& damage) {
    const uint32_t lost = damage.outbox.unsent_lost;
    if (lost > 0) {
        messages_waiting(lost);
        line(lost == 1 ? " to be sent was" : " to be sent were",
             " lost to a storage fault; please send it again.\n");
    } else if (tells(damage)) {
        out_.write(
            "A storage fault was found: messages waiting to be sent may be lost; please "
            "check the conversation.\n");
    }
}

void KioskRenderer::send_refused(hal::Status status) {
    line("Not sent: ", refusal(status), ".\n");
}

void KioskRenderer::line_too_long(size_t limit) {
    out_.write("Not sent: a line holds at most ");
    number(limit);
    out_.write(interactive_ ? " bytes; shorten it (it is kept below) or send it in parts.\n"
                            : " bytes.\n");
}

void KioskRenderer::quick_reply_out_of_range(uint8_t count) {
    if (count == 0) {
        notice(KioskNotice::kNoQuickReply);
        return;
    }
    out_.write("Pick a quick reply from /1 to /");
    number(count);
    out_.write(".\n");
}

void KioskRenderer::unknown_command(std::string_view text) {
    line("Unknown command ", text, " (/help lists the commands).\n");
}

void KioskRenderer::upload_progress(uint64_t sent, uint64_t total) {
    progress("uploading ", sent, total);
}

void KioskRenderer::download_progress(uint64_t received, uint64_t total) {
    if (total != 0) return progress("downloading ", received, total);
    char size[kSizeText];
    const size_t length = hal::format_rounded_size(hal::CharSpan(size), received);
    out_.write(interactive_ ? kClearLine : std::string_view("\n"));
    line("downloading ", std::string_view(size, length));
}

void KioskRenderer::progress(std::string_view verb, uint64_t done, uint64_t total) {
    char bar[kProgressWidth + kProgressFrame];
    const size_t length = format_progress(done, total, kProgressWidth, hal::CharSpan(bar));
    out_.write(interactive_ ? kClearLine : std::string_view("\n"));
    line(verb, std::string_view(bar, length));
}

void KioskRenderer::upload_progress_end() {
    out_.write("\n");
}

void KioskRenderer::upload_failed(hal::Status status, std::string_view detail) {
    line("The file was not sent: ", detail.empty() ? out_.explain(status) : detail, ".\n");
}

void KioskRenderer::file_not_queued(hal::Status status) {
    line("The file was uploaded but could not be queued (", out_.explain(status), ").\n");
}

void KioskRenderer::file_sent(std::string_view description) {
    line("You sent the file ", description, ".\n");
}

void KioskRenderer::attachment_head(std::string_view kind, std::string_view name) {
    line("[", kind, ": ");
    field(name);  // as the service named it
}

void KioskRenderer::attachment_saved(std::string_view kind, std::string_view name, uint64_t bytes,
                                     std::string_view saved_as) {
    char size[kSizeText];
    const size_t length = hal::format_rounded_size(hal::CharSpan(size), bytes);
    attachment_head(kind, name);
    line(", ", std::string_view(size, length), ", saved to ");
    field(saved_as);
    out_.write("]\n");
}

void KioskRenderer::attachment_not_saved(std::string_view kind, std::string_view name,
                                         hal::Status status, std::string_view detail,
                                         uint64_t limit) {
    attachment_head(kind, name);
    out_.write(", not saved: ");
    if (!detail.empty()) {
        out_.write(detail);
    } else if (status == hal::Status::kTooLarge) {
        char size[kSizeText];
        const size_t length = hal::format_size(hal::CharSpan(size), limit);
        line("larger than the ", std::string_view(size, length), " limit");
    } else {
        out_.write(not_saved_reason(status, out_));
    }
    out_.write("]\n");
}

void KioskRenderer::line(std::string_view a, std::string_view b, std::string_view c) {
    out_.write(a);
    out_.write(b);
    out_.write(c);
}

void KioskRenderer::number(uint64_t n) {
    char digits[24];
    const size_t length =
        hal::format(hal::CharSpan(digits), "%llu", static_cast<unsigned long long>(n));
    out_.write(std::string_view(digits, length));
}

// "1 message waiting", "2 messages waiting".
void KioskRenderer::messages_waiting(size_t count) {
    number(count);
    out_.write(count == 1 ? " message waiting" : " messages waiting");
}

void KioskRenderer::header(std::string_view who, int64_t unix_seconds) {
    char time[6];
    format_clock(unix_seconds, utc_offset_s_, time);
    field(who);
    line(" (", std::string_view(time, sizeof time - 1));
    out_.write("): ");
}

// The buttons of carousel item `item` (0: the message's own), one per line: a reply
// button with its pick number ("/1  Yes"), a link or phone number with its target.
void KioskRenderer::buttons(const net::parley::Message& m, uint8_t item, const KioskPick* picks,
                            uint8_t count) {
    const std::string_view indent = item == 0 ? "    " : "        ";
    for (uint8_t i = 0; i < m.button_count; ++i) {
        const net::parley::Button& b = m.buttons[i];
        if (b.item != item) continue;
        const uint8_t pick = pick_number(picks, count, b);
        if (pick != 0) {
            pick_line(indent, pick, b.title.empty() ? b.payload.view() : b.title.view());
            continue;
        }
        out_.write(indent);
        out_.write(button_tag(b.type));
        // A reply button shows its title (its payload is for the service); the others
        // their title and target.
        const bool reply = b.type == net::parley::ButtonType::kReply;
        field(reply && b.title.empty() ? b.payload.view() : b.title.view());
        if (!reply) {
            if (!b.title.empty() && !b.payload.empty()) out_.write(": ");
            field(b.payload.view());
        }
        out_.write("\n");
    }
}

void KioskRenderer::pick_line(std::string_view indent, uint32_t pick, std::string_view label) {
    const char digits[2] = {'/', static_cast<char>('0' + pick)};
    line(indent, std::string_view(digits, 2), "  ");
    field(label);
    out_.write("\n");
}

// Text from the service: what would drive the terminal (C0 and C1 controls, DEL) is
// shown as U+FFFD, so no message can move the cursor, clear the screen or retitle the
// window. The message's own text keeps its line breaks and tabs; a field keeps neither.
void KioskRenderer::untrusted(std::string_view text, bool multiline) {
    size_t run = 0;  // start of the bytes not yet written
    for (size_t i = 0; i < text.size();) {
        const size_t control = net::text::control_character_length(text, i);
        const bool line_break_or_tab = control == 1 && (text[i] == '\n' || text[i] == '\t');
        if (control == 0 || (multiline && line_break_or_tab)) {
            ++i;
            continue;
        }
        out_.write(text.substr(run, i - run));
        out_.write(line_break_or_tab ? std::string_view(" ") : kReplacement);
        i += control;
        run = i;
    }
    out_.write(text.substr(run));
}

}  // namespace firmware::apps::kiosk

#include "firmware/apps/kiosk/kiosk.h"

#include <cstring>

namespace firmware::apps {
namespace {

constexpr uint8_t kEscape = 0x1b;
constexpr uint8_t kBackspace = 0x08;
constexpr uint8_t kDelete = 0x7f;
constexpr uint8_t kCtrlD = 0x04;
constexpr uint8_t kCtrlU = 0x15;
constexpr size_t kProgressWidth = 20;
constexpr int64_t kSecondsPerDay = 86400;

constexpr std::string_view kPrompt = "> ";
constexpr std::string_view kClearLine = "\r\x1b[K";

constexpr std::string_view kHelp =
    "Type a message and press Enter to send it.\n"
    "  /1 .. /9      send that quick reply of the last agent message\n"
    "  /attach PATH  send a file (.jpg .png .gif .pdf)\n"
    "  /help         this text\n"
    "  /quit         leave (unsent messages stay queued for the next start)\n"
    "  //text        send a message that starts with '/'\n";

// Decimal digits of n into out; the count written.
size_t put_number(uint64_t n, char* out) {
    char digits[20];
    size_t len = 0;
    do {
        digits[len++] = static_cast<char>('0' + n % 10);
        n /= 10;
    } while (n != 0);
    for (size_t i = 0; i < len; ++i)
        out[i] = digits[len - 1 - i];
    return len;
}

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
        s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t'))
        s.remove_suffix(1);
    return s;
}

// The length of `s` without a character torn at its end: bytes typed past the line's
// limit were dropped, and they may have been the rest of the last character.
size_t without_torn_end(std::string_view s) {
    size_t lead = s.size();
    while (lead > 0 && (static_cast<uint8_t>(s[lead - 1]) & 0xc0) == 0x80)
        --lead;
    if (lead == 0) return s.size();  // no lead byte at all: invalid, refused as such later
    const uint8_t first = static_cast<uint8_t>(s[lead - 1]);
    const size_t length = first >= 0xf0 ? 4 : first >= 0xe0 ? 3 : first >= 0xc0 ? 2 : 1;
    return lead - 1 + length > s.size() ? lead - 1 : s.size();
}

}  // namespace

size_t format_progress(uint64_t sent, uint64_t total, size_t width, hal::CharSpan out) {
    if (out.size() < width + 8) return 0;
    const uint64_t percent = total == 0 ? 100 : (sent >= total ? 100 : sent * 100 / total);
    const size_t filled = static_cast<size_t>(percent * width / 100);
    size_t n = 0;
    out[n++] = '[';
    for (size_t i = 0; i < width; ++i)
        out[n++] = i < filled ? '#' : ' ';
    out[n++] = ']';
    out[n++] = ' ';
    if (percent < 100) out[n++] = ' ';
    if (percent < 10) out[n++] = ' ';
    n += put_number(percent, out.data() + n);
    out[n++] = '%';
    return n;
}

void format_clock(int64_t unix_seconds, int32_t utc_offset_s, char (&out)[6]) {
    if (unix_seconds <= 0) {
        std::memcpy(out, "--:--", 6);
        return;
    }
    int64_t of_day = (unix_seconds + utc_offset_s) % kSecondsPerDay;
    if (of_day < 0) of_day += kSecondsPerDay;
    const int hours = static_cast<int>(of_day / 3600);
    const int minutes = static_cast<int>(of_day % 3600 / 60);
    out[0] = static_cast<char>('0' + hours / 10);
    out[1] = static_cast<char>('0' + hours % 10);
    out[2] = ':';
    out[3] = static_cast<char>('0' + minutes / 10);
    out[4] = static_cast<char>('0' + minutes % 10);
    out[5] = '\0';
}

int KioskApp::run(Messenger& messenger) {
    messenger_ = &messenger;
    print_line("Chat with the service desk. /help lists the commands.");
    if (messenger.unconfirmed() > 0) print_waiting(messenger.unconfirmed());
    bool end_of_input = false;
    uint8_t buffer[64];
    while (!quit_ && !terminal_.interrupted()) {
        const hal::Result<size_t> got = terminal_.read(hal::ByteSpan(buffer));
        if (!got.ok()) {
            end_of_input = true;
            break;
        }
        for (size_t i = 0; i < got.value() && !quit_; ++i)
            (void)key(messenger, buffer[i]);
        if (quit_ || terminal_.interrupted()) break;
        const hal::Millis next = messenger.step(clock_.now_ms());
        if (got.value() == sizeof buffer) continue;  // more input waiting: read it first
        terminal_.wait_for_input(next);
    }
    if (end_of_input && !terminal_.interrupted()) drain(messenger);
    if (config_.interactive) terminal_.write(kClearLine);
    const size_t waiting = messenger.unconfirmed();
    if (waiting > 0) print_waiting(waiting);
    messenger_ = nullptr;
    return end_of_input && waiting > 0 ? 1 : 0;
}

void KioskApp::drain(Messenger& messenger) {
    const hal::Millis deadline = clock_.now_ms() + config_.drain_timeout_ms;
    while (messenger.unconfirmed() > 0 && messenger.link() != LinkState::kStopped &&
           !terminal_.interrupted()) {
        const hal::Millis now = clock_.now_ms();
        if (hal::deadline_passed(now, deadline)) break;
        const hal::Millis next = messenger.step(now);
        terminal_.wait_for_input(hal::deadline_passed(next, deadline) ? deadline : next);
    }
}

bool KioskApp::key(Messenger& messenger, uint8_t byte) {
    const bool after_cr = last_was_cr_;
    last_was_cr_ = byte == '\r';
    if (escape_ == Escape::kStart) {  // ESC [ ... or ESC O x: cursor keys, ignored
        escape_ = (byte == '[' || byte == 'O') ? Escape::kSequence : Escape::kNone;
        return !quit_;
    }
    if (escape_ == Escape::kSequence) {
        if (byte >= 0x40 && byte <= 0x7e) escape_ = Escape::kNone;
        return !quit_;
    }
    switch (byte) {
        case kEscape:
            escape_ = Escape::kStart;
            break;
        case '\n':
            if (!after_cr) submit(messenger);
            break;
        case '\r':
            submit(messenger);
            break;
        case kBackspace:
        case kDelete:
            erase_last_char();
            break;
        case kCtrlU:
            line_length_ = 0;
            line_overflow_ = false;
            if (config_.interactive) {
                terminal_.write(kClearLine);
                terminal_.write(kPrompt);
            }
            break;
        case kCtrlD:
            if (line_length_ == 0) quit_ = true;
            break;
        default:
            if (byte < 0x20 && byte != '\t') break;  // other control keys
            if (line_length_ >= sizeof line_) {      // full: refused at Enter, never cut silently
                if (!line_overflow_ && config_.interactive) terminal_.write("\a");
                line_overflow_ = true;
                break;
            }
            line_[line_length_++] = static_cast<char>(byte == '\t' ? ' ' : byte);
            if (config_.interactive) {
                const char c = line_[line_length_ - 1];
                terminal_.write(std::string_view(&c, 1));
            }
            messenger.user_typing(clock_.now_ms());
            break;
    }
    return !quit_;
}

void KioskApp::erase_last_char() {
    if (line_length_ == 0) return;
    // Drop UTF-8 continuation bytes, then the lead byte: one character, one cell.
    while (line_length_ > 0 && (static_cast<uint8_t>(line_[line_length_ - 1]) & 0xc0) == 0x80) {
        --line_length_;
    }
    if (line_length_ > 0) --line_length_;
    if (config_.interactive) terminal_.write("\b \b");
}

void KioskApp::submit(Messenger& messenger) {
    const std::string_view text = trim(input());
    char copy[sizeof line_];
    std::memcpy(copy, text.data(), text.size());
    const std::string_view line(copy, text.size());
    const bool overflow = line_overflow_;
    line_length_ = 0;
    line_overflow_ = false;
    if (config_.interactive) terminal_.write(kClearLine);
    if (line.empty()) {
        if (config_.interactive) terminal_.write(kPrompt);
        return;
    }
    output_open_ = true;  // lines printed now go above the prompt drawn below
    if (overflow) {
        char limit[20];
        print_line("Not sent: a line holds at most ",
                   std::string_view(limit, put_number(sizeof line_, limit)),
                   config_.interactive
                       ? " bytes; shorten it (it is kept below) or send it in parts."
                       : " bytes.");
        keep_line(line.substr(0, without_torn_end(line)));
    } else if (line.size() >= 2 && line[0] == '/' && line[1] == '/') {
        if (!send(messenger, line.substr(1))) keep_line(line);
    } else if (line[0] == '/') {
        command(messenger, line);
    } else if (!send(messenger, line)) {
        keep_line(line);
    }
    output_open_ = false;
    if (config_.interactive && !quit_) {
        terminal_.write(kPrompt);
        terminal_.write(input());
    }
}

// A refused line goes back into the input, to be fixed and sent again (on a terminal;
// from a pipe each line stands alone, and the refusal was printed).
void KioskApp::keep_line(std::string_view text) {
    if (!config_.interactive) return;
    std::memcpy(line_, text.data(), text.size());
    line_length_ = text.size();
}

void KioskApp::command(Messenger& messenger, std::string_view text) {
    if (text == "/quit" || text == "/exit") {
        quit_ = true;
        return;
    }
    if (text == "/help") {
        terminal_.write(kHelp);
        return;
    }
    if (text.size() == 2 && text[1] >= '1' && text[1] <= '9') {
        const size_t n = static_cast<size_t>(text[1] - '0');
        if (n > quick_count_) {
            if (quick_count_ == 0) {
                print_line("There is no quick reply to pick.");
            } else {
                char count[4];
                const size_t len = put_number(quick_count_, count);
                print_line("Pick a quick reply from /1 to /", std::string_view(count, len), ".");
            }
            return;
        }
        char choice[net::parley::kMaxNameLength + 1];
        const std::string_view reply = quick_replies_[n - 1].view();
        std::memcpy(choice, reply.data(), reply.size());
        send(messenger, std::string_view(choice, reply.size()));
        return;
    }
    constexpr std::string_view kAttach = "/attach";
    if (text.substr(0, kAttach.size()) == kAttach &&
        (text.size() == kAttach.size() || text[kAttach.size()] == ' ')) {
        attach(messenger, trim(text.substr(kAttach.size())));
        return;
    }
    print_line("Unknown command ", text, " (/help lists the commands).");
}

bool KioskApp::send(Messenger& messenger, std::string_view text) {
    const hal::Result<uint32_t> sequence = messenger.send_text(text);
    if (!sequence.ok()) {
        const hal::Status status = sequence.status();
        const char* why =
            status == hal::Status::kNoSpace ? "the outbox is full; wait until the network is back"
            : status == hal::Status::kTooLarge ? "the message is longer than the service takes"
            : status == hal::Status::kInvalidArgument
                ? "the line is not valid UTF-8 text (check the terminal's encoding)"
                : "it could not be stored";
        print_line("Not sent: ", why, ".");
        return false;
    }
    char time[6];
    const hal::Result<int64_t> now = clock_.wall_seconds();
    format_clock(now.ok() ? now.value() : 0, config_.utc_offset_s, time);
    print_line("You (", time, "): ", text);
    if (messenger.link() != LinkState::kOnline && messenger.link() != LinkState::kConnecting) {
        print_waiting(messenger.unconfirmed());
    }
    messenger.poll_soon();
    return true;
}

void KioskApp::attach(Messenger& messenger, std::string_view path) {
    if (attachments_ == nullptr) {
        print_line("This kiosk cannot send files.");
        return;
    }
    if (path.empty()) {
        print_line("Usage: /attach PATH");
        return;
    }
    progress_percent_ = SIZE_MAX;
    const hal::Millis deadline = clock_.now_ms() + config_.upload_timeout_ms;
    const hal::Result<std::string_view> media = attachments_->upload(path, *this, deadline);
    if (progress_percent_ != SIZE_MAX) terminal_.write("\n");
    if (!media.ok()) {
        const std::string_view detail = attachments_->error();
        print_line("The file was not sent: ",
                   detail.empty() ? terminal_.explain(media.status()) : detail, ".");
        return;
    }
    char id[net::parley::kMaxIdTextLength + 1];
    const size_t id_length =
        media.value().size() < sizeof id ? media.value().size() : sizeof id - 1;
    std::memcpy(id, media.value().data(), id_length);
    const hal::Result<uint32_t> sequence =
        messenger.send_media(std::string_view(id, id_length), attachments_->description());
    if (!sequence.ok()) {
        print_line("The file was uploaded but could not be queued (",
                   terminal_.explain(sequence.status()), ").");
        return;
    }
    print_line("You sent the file ", attachments_->description(), ".");
    messenger.poll_soon();
}

void KioskApp::on_progress(uint64_t sent, uint64_t total) {
    const size_t percent =
        static_cast<size_t>(total == 0 ? 100 : (sent >= total ? 100 : sent * 100 / total));
    if (percent == progress_percent_) return;
    progress_percent_ = percent;
    char bar[kProgressWidth + 16];
    const size_t len = format_progress(sent, total, kProgressWidth, hal::CharSpan(bar));
    terminal_.write(config_.interactive ? kClearLine : std::string_view("\n"));
    terminal_.write("uploading ");
    terminal_.write(std::string_view(bar, len));
}

void KioskApp::begin_output() {
    if (config_.interactive && !output_open_) terminal_.write(kClearLine);
    output_open_ = true;
}

void KioskApp::end_output() {
    output_open_ = false;
    if (config_.interactive && messenger_ != nullptr && !quit_) {
        terminal_.write(kPrompt);
        terminal_.write(input());
    }
}

void KioskApp::print_line(std::string_view a, std::string_view b, std::string_view c,
                          std::string_view d) {
    const bool nested = output_open_;
    begin_output();
    terminal_.write(a);
    terminal_.write(b);
    terminal_.write(c);
    terminal_.write(d);
    terminal_.write("\n");
    if (!nested) end_output();
}

void KioskApp::print_waiting(size_t count) {
    char digits[20];
    const size_t len = put_number(count, digits);
    print_line(count == 1 ? "-- 1 message waiting to be sent" : "-- ",
               count == 1 ? std::string_view() : std::string_view(digits, len),
               count == 1 ? std::string_view() : " messages waiting to be sent");
}

void KioskApp::on_message(const net::parley::Message& m) {
    const bool nested = output_open_;
    begin_output();
    typing_shown_ = false;
    char time[6];
    format_clock(m.time, config_.utc_offset_s, time);
    std::string_view who = "Service desk";
    if (m.agent.present && !m.agent.name.empty()) {
        who = m.agent.name.view();
    } else if (m.type == net::parley::MessageType::kSystem) {
        who = "System";
    } else if (m.type == net::parley::MessageType::kUser) {
        who = "You";
    }
    terminal_.write(who);
    terminal_.write(" (");
    terminal_.write(time);
    terminal_.write("): ");
    if (!m.title.empty()) {
        terminal_.write("[");
        terminal_.write(m.title.view());
        terminal_.write("] ");
    }
    terminal_.write(m.text.view());
    if (m.media.present) {
        terminal_.write(" [file: ");
        terminal_.write(m.media.filename.view());
        terminal_.write("]");
    }
    terminal_.write("\n");
    for (uint8_t i = 0; i < m.button_count; ++i) {
        terminal_.write("    [");
        terminal_.write(m.buttons[i].title.view());
        terminal_.write("] ");
        terminal_.write(m.buttons[i].payload.view());
        terminal_.write("\n");
    }
    if (m.type != net::parley::MessageType::kUser) {
        quick_count_ = 0;
        for (uint8_t i = 0; i < m.quick_reply_count && i < net::parley::kMaxQuickReplies && i < 9;
             ++i) {
            quick_replies_[quick_count_++].assign(m.quick_replies[i].view());
            const char pick[3] = {'/', static_cast<char>('1' + i), '\0'};
            terminal_.write("    ");
            terminal_.write(std::string_view(pick, 2));
            terminal_.write("  ");
            terminal_.write(m.quick_replies[i].view());
            terminal_.write("\n");
        }
    }
    if (!nested) end_output();
}

void KioskApp::on_sent(uint32_t /*sequence*/, uint64_t /*server_id*/) {}

void KioskApp::on_rejected(uint32_t /*sequence*/, hal::Status why, std::string_view error) {
    print_line("A message could not be delivered and was set aside (",
               error.empty() ? terminal_.explain(why) : error, "); the rest go on.");
}

// Only what the person at the kiosk must know: messages they typed that will not go
// out. Corrected damage is logged by the messenger.
void KioskApp::on_storage_damage(const StorageDamage& damage) {
    const uint32_t lost = damage.outbox.unsent_lost;
    if (lost > 0) {
        char digits[20];
        print_line(
            std::string_view(digits, put_number(lost, digits)),
            lost == 1 ? " message waiting to be sent was" : " messages waiting to be sent were",
            " lost to a storage fault; please send it again.");
    } else if (damage.outbox.messages_lost()) {
        print_line(
            "A storage fault was found: messages waiting to be sent may be lost; please "
            "check the conversation.");
    }
}

void KioskApp::on_link(LinkState state, hal::Status cause) {
    const LinkState before = link_;
    link_ = state;
    const size_t waiting = messenger_ != nullptr ? messenger_->unconfirmed() : 0;
    char digits[20];
    const std::string_view count(digits, put_number(waiting, digits));
    const std::string_view messages =
        waiting == 0 ? "" : (waiting == 1 ? " message waiting" : " messages waiting");
    const bool nested = output_open_;
    begin_output();
    switch (state) {
        case LinkState::kOnline:
            terminal_.write(before == LinkState::kConnecting ? "-- online" : "-- online again");
            if (waiting > 0) {
                terminal_.write(", sending ");
                terminal_.write(count);
                terminal_.write(messages);
            }
            break;
        case LinkState::kRetrying:
            terminal_.write("-- offline (");
            terminal_.write(terminal_.explain(cause));
            terminal_.write(") — retrying");
            if (waiting > 0) {
                terminal_.write(", ");
                terminal_.write(count);
                terminal_.write(messages);
            }
            break;
        case LinkState::kStopped:
            terminal_.write("-- stopped: ");
            terminal_.write(terminal_.explain(cause));
            terminal_.write(" — messages stay in the outbox until this is fixed");
            break;
        case LinkState::kConnecting:
            terminal_.write("-- connecting");
            break;
    }
    terminal_.write("\n");
    if (!nested) end_output();
}

void KioskApp::on_agent_typing(bool typing, std::string_view agent_name) {
    const hal::Millis now = clock_.now_ms();
    if (!typing) {
        typing_shown_ = false;
        return;
    }
    if (typing_shown_ && typing_name_.view() == agent_name &&
        !hal::deadline_passed(now, typing_shown_at_ + config_.typing_shown_ms)) {
        return;
    }
    typing_shown_ = true;
    typing_shown_at_ = now;
    typing_name_.assign(agent_name);
    print_line(agent_name.empty() ? std::string_view("The service desk") : agent_name,
               " is typing…");
}

}  // namespace firmware::apps

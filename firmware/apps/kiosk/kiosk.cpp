#include "firmware/apps/kiosk/kiosk.h"

#include <cstring>

#include "firmware/apps/kiosk/command_parser.h"
#include "hal/format.h"

namespace firmware::apps::kiosk {

// Lines printed above the input line: the input line is cleared before the first and,
// when `redraw`, drawn again below the last (outside a run there is none to redraw).
// Lines printed while others are (a refusal while a typed line is handled) are part of
// the outer block.
class KioskApp::Lines {
  public:
    Lines(KioskApp& app, bool redraw) : app_(app), outer_(!app.output_open_), redraw_(redraw) {
        if (!outer_) return;
        app_.renderer_.clear_line();
        app_.output_open_ = true;
    }
    ~Lines() {
        if (!outer_) return;
        app_.output_open_ = false;
        if (redraw_ && !app_.quit_) app_.renderer_.prompt(app_.editor_.text());
    }
    Lines(const Lines&) = delete;
    Lines& operator=(const Lines&) = delete;

  private:
    KioskApp& app_;
    bool outer_;
    bool redraw_;
};

int KioskApp::run(firmware::messenger::Messenger& messenger) {
    messenger_ = &messenger;
    last_key_at_ = clock_.now_ms();
    {
        Lines lines(*this, true);
        renderer_.notice(KioskNotice::kGreeting);
    }
    if (messenger.unconfirmed() > 0) {
        Lines lines(*this, true);
        renderer_.waiting(messenger.unconfirmed());
    }
    const bool end_of_input = chat(messenger);
    if (end_of_input && !terminal_.interrupted()) drain(messenger);
    renderer_.clear_line();
    const size_t waiting = messenger.unconfirmed();
    if (waiting > 0) {
        Lines lines(*this, true);
        renderer_.waiting(waiting);
    }
    messenger_ = nullptr;
    return end_of_input && waiting > 0 ? 1 : 0;
}

// Reads keys and steps the messenger until /quit, an interruption or the end of input
// (then true).
bool KioskApp::chat(firmware::messenger::Messenger& messenger) {
    uint8_t buffer[64];
    while (!quit_ && !terminal_.interrupted()) {
        const hal::Result<size_t> got = terminal_.read(hal::ByteSpan(buffer));
        if (!got.ok()) return true;
        for (size_t i = 0; i < got.value() && !quit_; ++i)
            (void)key(messenger, buffer[i]);
        if (quit_ || terminal_.interrupted()) break;
        const hal::Millis next = messenger.step(clock_.now_ms());
        download_next(messenger);
        // A full buffer: more input is waiting, read it before waiting.
        if (got.value() < sizeof buffer) terminal_.wait_for_input(next);
    }
    return false;
}

void KioskApp::drain(firmware::messenger::Messenger& messenger) {
    const hal::Millis deadline = clock_.now_ms() + config_.drain_timeout_ms;
    while (messenger.unconfirmed() > 0 &&
           messenger.link() != firmware::messenger::LinkState::kStopped &&
           !terminal_.interrupted()) {
        const hal::Millis now = clock_.now_ms();
        if (hal::deadline_passed(now, deadline)) break;
        const hal::Millis next = messenger.step(now);
        download_next(messenger);
        terminal_.wait_for_input(hal::deadline_passed(next, deadline) ? deadline : next);
    }
}

bool KioskApp::key(firmware::messenger::Messenger& messenger, uint8_t byte) {
    if (screen_idle()) wake(messenger);
    last_key_at_ = clock_.now_ms();
    switch (editor_.key(byte)) {
        case KeyEffect::kInserted:
            renderer_.echo(editor_.text().back());
            messenger.user_typing(clock_.now_ms());
            break;
        case KeyEffect::kErased:
            renderer_.erase();
            break;
        case KeyEffect::kCleared:
            renderer_.clear_line();
            renderer_.prompt(editor_.text());
            break;
        case KeyEffect::kFull:
            renderer_.bell();
            break;
        case KeyEffect::kEnter:
            submit(messenger);
            break;
        case KeyEffect::kEndOfInput:
            quit_ = true;
            break;
        case KeyEffect::kNone:
            break;
    }
    return !quit_;
}

void KioskApp::submit(firmware::messenger::Messenger& messenger) {
    char copy[KioskLineEditor::kCapacity];
    const FinishedLine line = editor_.take(hal::CharSpan(copy));
    Lines lines(*this, true);  // the prompt is drawn again below, with what was kept
    if (line.text.empty()) return;
    if (line.overflowed) {
        renderer_.line_too_long(KioskLineEditor::kCapacity);
        keep_line(line.text);
    } else {
        perform(messenger, line.text);
    }
}

void KioskApp::perform(firmware::messenger::Messenger& messenger, std::string_view line) {
    const KioskCommand command = parse_command(line);
    switch (command.kind) {
        case CommandKind::kSend:
            if (!send(messenger, command.argument)) keep_line(line);
            return;
        case CommandKind::kQuickReply:
            pick(messenger, command.quick_reply);
            return;
        case CommandKind::kAttach:
            attach(messenger, command.argument);
            return;
        case CommandKind::kHelp:
            renderer_.notice(KioskNotice::kHelp);
            return;
        case CommandKind::kQuit:
            quit_ = true;
            return;
        case CommandKind::kUnknown:
            renderer_.unknown_command(line);
            return;
    }
}

// A refused line goes back into the input, to be fixed and sent again (on a terminal;
// from a pipe each line stands alone, and the refusal was printed).
void KioskApp::keep_line(std::string_view text) {
    if (config_.interactive) editor_.restore(text);
}

void KioskApp::pick(firmware::messenger::Messenger& messenger, uint8_t quick_reply) {
    if (quick_reply > quick_count_) {
        renderer_.quick_reply_out_of_range(quick_count_);
        return;
    }
    // Sent from a copy: the list is replaced when the next agent message arrives.
    char choice[net::parley::kMaxUrlLength + 1];
    const std::string_view reply = picks_[quick_reply - 1].view();
    std::memcpy(choice, reply.data(), reply.size());
    (void)send(messenger, std::string_view(choice, reply.size()));
}

bool KioskApp::send(firmware::messenger::Messenger& messenger, std::string_view text) {
    const hal::Result<uint32_t> sequence = messenger.send_text(text);
    if (!sequence.ok()) {
        renderer_.send_refused(sequence.status());
        return false;
    }
    const hal::Result<int64_t> now = clock_.wall_seconds();
    renderer_.own_message(now.ok() ? now.value() : 0, text);
    if (messenger.link() != firmware::messenger::LinkState::kOnline &&
        messenger.link() != firmware::messenger::LinkState::kConnecting) {
        renderer_.waiting(messenger.unconfirmed());
    }
    messenger.poll_soon();
    return true;
}

void KioskApp::attach(firmware::messenger::Messenger& messenger, std::string_view path) {
    if (attachments_ == nullptr) {
        renderer_.notice(KioskNotice::kNoFiles);
        return;
    }
    if (path.empty()) {
        renderer_.notice(KioskNotice::kAttachUsage);
        return;
    }
    progress_percent_ = kNoProgress;
    const hal::Millis deadline = clock_.now_ms() + config_.upload_timeout_ms;
    const hal::Result<std::string_view> media = attachments_->upload(path, *this, deadline);
    if (progress_percent_ != kNoProgress) renderer_.upload_progress_end();
    if (!media.ok()) {
        renderer_.upload_failed(media.status(), attachments_->error());
        return;
    }
    char id[net::parley::kMaxIdTextLength + 1];
    const size_t id_length =
        media.value().size() < sizeof id ? media.value().size() : sizeof id - 1;
    std::memcpy(id, media.value().data(), id_length);
    const hal::Result<uint32_t> sequence =
        messenger.send_media(std::string_view(id, id_length), attachments_->description());
    if (!sequence.ok()) {
        renderer_.file_not_queued(sequence.status());
        return;
    }
    renderer_.file_sent(attachments_->description());
    messenger.poll_soon();
}

void KioskApp::on_progress(uint64_t sent, uint64_t total) {
    // Without a length a download's progress is its size, redrawn at each new step of it.
    constexpr unsigned kUnknownLengthStepShift = 16;  // 64 KiB
    const uint32_t percent = total != 0 || !downloading_
                                 ? hal::percent_of(sent, total)
                                 : static_cast<uint32_t>(sent >> kUnknownLengthStepShift);
    if (percent == progress_percent_) return;
    progress_percent_ = percent;
    if (downloading_) {
        renderer_.download_progress(sent, total);
    } else {
        renderer_.upload_progress(sent, total);
    }
}

// Called from on_message (inside a fetch): the download waits for the loop.
void KioskApp::queue_download(const net::parley::Message& m) {
    if (pending_.push(m)) return;
    Lines lines(*this, messenger_ != nullptr);
    renderer_.attachment_not_saved(attachment_kind(m.media.mime_type.view(), !m.media.present),
                                   attachment_name(m), hal::Status::kNoSpace,
                                   "too many attachments at once", 0);
}

namespace {

// A GET may be repeated: a network failure, an answer that did not come, a busy service.
bool worth_retrying(hal::Status status) {
    return hal::is_transient(status) || status == hal::Status::kOutcomeUnknown;
}

}  // namespace

hal::Status KioskApp::fetch(firmware::messenger::Messenger& messenger,
                            const PendingAttachment& item, DownloadSink& sink) {
    const hal::Millis deadline = clock_.now_ms() + config_.download_timeout_ms;
    if (item.legacy_image) return messenger.download_image(item.image.view(), sink, deadline);
    net::parley::Media media;
    item.media(&media);
    return messenger.download_media(media, sink, deadline);
}

// The oldest queued attachment: downloaded, committed or discarded, and said.
void KioskApp::download_next(firmware::messenger::Messenger& messenger) {
    if (downloads_ == nullptr || pending_.empty() || quit_) return;
    PendingAttachment item = pending_.take();
    ++item.attempts;
    Lines lines(*this, true);
    DownloadSink sink(*downloads_, item.name(), config_.download_limit_bytes, *this);
    progress_percent_ = kNoProgress;
    downloading_ = true;
    hal::Status status = fetch(messenger, item, sink);
    downloading_ = false;
    if (progress_percent_ != kNoProgress) renderer_.upload_progress_end();
    if (status == hal::Status::kOk && !sink.opened()) status = hal::Status::kCorrupt;  // no body
    const bool stored = status == hal::Status::kOk;
    if (stored) status = downloads_->commit();
    if (status != hal::Status::kOk && sink.opened()) downloads_->discard();
    const bool store_failed =
        (stored && status != hal::Status::kOk) ||
        (sink.refusal() != hal::Status::kOk && sink.refusal() != hal::Status::kTooLarge);
    if (status != hal::Status::kOk && !store_failed && worth_retrying(status) &&
        item.attempts < kKioskDownloadAttempts && pending_.push(item)) {
        return;  // once more on the next loop turn
    }
    const std::string_view kind = sink.content_type().empty()
                                      ? item.kind()
                                      : attachment_kind(sink.content_type(), item.legacy_image);
    if (status == hal::Status::kOk) {
        renderer_.attachment_saved(kind, item.name(), sink.received(), downloads_->saved_as());
    } else {
        renderer_.attachment_not_saved(kind, item.name(), status,
                                       store_failed ? downloads_->error() : std::string_view(),
                                       config_.download_limit_bytes);
    }
}

void KioskApp::on_message_text(std::string_view piece) {
    if (!text_streaming_ && text_held_.length + piece.size() <= text_held_.capacity()) {
        return text_held_.append(piece);
    }
    if (!text_streaming_) {  // too long to hold: show it as it comes
        text_streaming_ = true;
        typing_shown_ = false;
        renderer_.clear_line();
        output_open_ = true;
        renderer_.message_text(text_held_.view());
        text_held_.clear();
    }
    renderer_.message_text(piece);
}

void KioskApp::on_message_text_dropped() {
    text_held_.clear();
    if (!text_streaming_) return;
    renderer_.message_interrupted();
    end_streamed_text();
}

// The streamed text's lines are done: the input line comes back under them.
void KioskApp::end_streamed_text() {
    text_streaming_ = false;
    output_open_ = false;
    if (messenger_ != nullptr && !quit_) renderer_.prompt(editor_.text());
}

bool KioskApp::screen_idle() const {
    return config_.idle_after_ms != 0 &&
           hal::deadline_passed(clock_.now_ms(), last_key_at_ + config_.idle_after_ms);
}

// A message reached the screen: read if someone is there, else remembered for the wake.
void KioskApp::seen(uint64_t id) {
    if (!screen_idle()) {
        if (messenger_ != nullptr) messenger_->message_shown(id);
        return;
    }
    ++unshown_total_;
    if (unshown_count_ < kKioskUnshownIds) unshown_[unshown_count_++] = id;
}

// The first key after idle: what came meanwhile is said and marked read.
void KioskApp::wake(firmware::messenger::Messenger& messenger) {
    if (unshown_total_ == 0) return;
    {
        Lines lines(*this, true);
        renderer_.unread(unshown_total_, false);
    }
    for (size_t i = 0; i < unshown_count_; ++i)
        messenger.message_shown(unshown_[i]);
    unshown_count_ = 0;
    unshown_total_ = 0;
}

void KioskApp::on_unread_count(const firmware::messenger::UnreadCount& unread) {
    if (unread.count == 0) return;
    Lines lines(*this, messenger_ != nullptr);
    renderer_.unread(unread.count, unread.at_least);
}

void KioskApp::on_message(const net::parley::Message& m) {
    typing_shown_ = false;
    seen(m.id);
    if (text_streaming_) {
        renderer_.message_after_text(m);
        end_streamed_text();
    } else {
        Lines lines(*this, messenger_ != nullptr);
        renderer_.message(m, text_held_.view());
        text_held_.clear();
    }
    if (downloads_ != nullptr && has_attachment(m)) queue_download(m);
    if (m.type == net::parley::MessageType::kUser) return;  // the agent's replies stay
    KioskPick picks[kMaxQuickReplyPick];
    quick_count_ = kiosk_picks(m, picks);
    for (uint8_t i = 0; i < quick_count_; ++i)
        picks_[i].assign(picks[i].text);
}

void KioskApp::on_sent(uint32_t /*sequence*/, uint64_t /*server_id*/) {}

void KioskApp::on_rejected(uint32_t /*sequence*/, hal::Status why, std::string_view error) {
    Lines lines(*this, messenger_ != nullptr);
    renderer_.rejected(why, error);
}

void KioskApp::on_storage_damage(const firmware::messenger::StorageDamage& damage) {
    if (!KioskRenderer::tells(damage)) return;
    Lines lines(*this, messenger_ != nullptr);
    renderer_.storage_damage(damage);
}

void KioskApp::on_link(firmware::messenger::LinkState state, hal::Status cause) {
    const firmware::messenger::LinkState before = link_;
    link_ = state;
    const size_t waiting = messenger_ != nullptr ? messenger_->unconfirmed() : 0;
    Lines lines(*this, messenger_ != nullptr);
    renderer_.link(state, before, waiting, cause);
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
    Lines lines(*this, messenger_ != nullptr);
    renderer_.agent_typing(agent_name);
}

}  // namespace firmware::apps::kiosk

// The kiosk app (board-independent): an interactive chat with the service desk on a
// terminal. It shows the conversation ("Alice (14:03): text", quick replies listed under
// it), an input line, the agent typing indicator and the state of the link; Enter sends
// the line, "/1".."/9" sends a quick reply of the last agent message, "/attach PATH"
// uploads a file with a progress bar. Messages go through the messenger's flash outbox,
// so a lost network only delays them. No heap: the input line and the quick replies
// are fixed-size members. The board provides the terminal (KioskTerminal) and, when it
// has files, the attachments (KioskAttachments).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "firmware/apps/kiosk/kiosk_config.h"  // kKioskInputBytes
#include "firmware/messenger/messenger.h"
#include "hal/clock.h"
#include "hal/result.h"
#include "hal/span.h"
#include "net/parley/message.h"

namespace firmware::apps {

// Where the kiosk talks to its user: a serial console, a pseudo-terminal, stdin/stdout.
class KioskTerminal {
  public:
    // Input bytes available now, without blocking: the count read (0 when none);
    // kClosed at the end of input.
    virtual hal::Result<size_t> read(hal::ByteSpan out) = 0;
    virtual void write(std::string_view text) = 0;
    // Waits until input is available or `deadline` (whichever comes first).
    virtual void wait_for_input(hal::Millis deadline) = 0;
    // True once the user asked the program to stop (a signal): leave at once.
    virtual bool interrupted() { return false; }
    // Words for the user about a status (valid until the next call).
    virtual std::string_view explain(hal::Status status) { return hal::to_string(status); }

  protected:
    ~KioskTerminal() = default;
};

// Upload progress, as the file goes out.
class KioskProgress {
  public:
    virtual void on_progress(uint64_t sent, uint64_t total) = 0;

  protected:
    ~KioskProgress() = default;
};

// Files the kiosk can attach (a host's file system, a board's camera).
class KioskAttachments {
  public:
    // Uploads the file named `path`: its media id (valid until the next call).
    virtual hal::Result<std::string_view> upload(std::string_view path, KioskProgress& progress,
                                                 hal::Millis deadline) = 0;
    // The uploaded file's description (its name), after upload succeeded.
    virtual std::string_view description() const = 0;
    // Why the last upload failed, in words (empty when the status says enough).
    virtual std::string_view error() const = 0;

  protected:
    ~KioskAttachments() = default;
};

struct KioskConfig {
    bool interactive = true;               // a terminal: echo input, redraw the prompt
    int32_t utc_offset_s = 0;              // local time = UTC + this, for "14:03"
    hal::Millis drain_timeout_ms = 10000;  // at the end of input: time to send what waits
    hal::Millis upload_timeout_ms = 120000;
    hal::Millis typing_shown_ms = 15000;  // "Alice is typing…" is not repeated within this
};

// "[#####     ] 52%" into `out` (`width` cells between the brackets): its length.
size_t format_progress(uint64_t sent, uint64_t total, size_t width, hal::CharSpan out);
// "14:03" for Unix seconds (+ offset) into out[0..5]; "--:--" when the time is unknown.
void format_clock(int64_t unix_seconds, int32_t utc_offset_s, char (&out)[6]);

// Runs the chat. The app is the messenger's listener: construct the messenger with it.
class KioskApp final : public MessengerListener, public KioskProgress {
  public:
    KioskApp(KioskTerminal& terminal, KioskAttachments* attachments, hal::Clock& clock,
             const KioskConfig& config)
        : terminal_(terminal), attachments_(attachments), clock_(clock), config_(config) {}

    // Runs until "/quit", the end of input or an interruption. Returns 0, or 1 when the
    // end of input left messages unsent (they stay in the outbox for the next start).
    int run(Messenger& messenger);

    // One byte of input (exposed for tests). Returns false when the app should quit.
    bool key(Messenger& messenger, uint8_t byte);
    // The input line as typed so far.
    std::string_view input() const { return std::string_view(line_, line_length_); }
    bool quit_requested() const { return quit_; }
    uint8_t quick_reply_count() const { return quick_count_; }

    void on_message(const net::parley::Message& message) override;
    void on_sent(uint32_t sequence, uint64_t server_id) override;
    void on_rejected(uint32_t sequence, hal::Status why, std::string_view error) override;
    void on_link(LinkState state, hal::Status cause) override;
    void on_storage_damage(const StorageDamage& damage) override;
    void on_agent_typing(bool typing, std::string_view agent_name) override;

    void on_progress(uint64_t sent, uint64_t total) override;

  private:
    enum class Escape : uint8_t { kNone, kStart, kSequence };

    void submit(Messenger& messenger);
    void command(Messenger& messenger, std::string_view text);
    // False when the messenger refused the text (the reason is printed).
    bool send(Messenger& messenger, std::string_view text);
    void keep_line(std::string_view text);
    void attach(Messenger& messenger, std::string_view path);
    void erase_last_char();
    // Lines printed above the input line: clear it, print, redraw it.
    void begin_output();
    void end_output();
    void print_line(std::string_view a, std::string_view b = {}, std::string_view c = {},
                    std::string_view d = {});
    void print_waiting(size_t count);
    void drain(Messenger& messenger);

    KioskTerminal& terminal_;
    KioskAttachments* attachments_;
    hal::Clock& clock_;
    KioskConfig config_;
    Messenger* messenger_ = nullptr;
    char line_[kKioskInputBytes] = {};
    size_t line_length_ = 0;
    bool line_overflow_ = false;  // bytes past the limit were typed: the line is refused
    Escape escape_ = Escape::kNone;
    bool last_was_cr_ = false;
    bool quit_ = false;
    bool output_open_ = false;
    LinkState link_ = LinkState::kConnecting;
    net::parley::BoundedText<net::parley::kMaxNameLength>
        quick_replies_[net::parley::kMaxQuickReplies];
    uint8_t quick_count_ = 0;
    net::parley::BoundedText<net::parley::kMaxNameLength> typing_name_;
    hal::Millis typing_shown_at_ = 0;
    bool typing_shown_ = false;
    size_t progress_percent_ = SIZE_MAX;
};

}  // namespace firmware::apps

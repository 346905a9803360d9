// The kiosk app (board-independent): an interactive chat with the service desk on a
// terminal. It shows the conversation ("Alice (14:03): text", quick replies listed under
// it), an input line, the agent typing indicator and the state of the link; Enter sends
// the line, "/1".."/9" sends a reply button or quick reply of the last agent message, "/attach
// PATH" uploads a file with a progress bar. Messages go through the messenger's flash outbox, so a
// lost network only delays them. No heap: the input line and the quick replies are fixed-size
// members. The board provides the terminal (KioskTerminal) and, when it has files, the attachments
// (KioskAttachments).
//
// KioskApp is the loop that connects three parts to the messenger: the line editor
// (line_editor.h: keys in, a finished line out), the command parser (command_parser.h:
// a line in, a command out) and the renderer (renderer.h: events in, text out). What it
// keeps itself is the state between them: the quick replies to pick, the link state,
// whether typing was shown, the upload's last percentage, and when the text it prints
// goes above the input line.
//
// Read receipts: a message that arrives while someone is at the screen is shown, and the
// messenger is told (message_shown: marked read). After idle_after_ms without a key the
// screen counts as idle: what arrives is still printed but only marked delivered, and
// remembered (kKioskUnshownIds at most); the next key wakes the screen, says how many
// came ("-- 3 new messages") and marks them read. At start the messenger's unread count
// is shown the same way.
//
// Downloads: an agent message with an attachment (media, or a legacy image path) is shown
// at once ("[image: photo.jpg]"); with a store (KioskDownloads) the attachment is queued
// and downloaded from the loop after the messenger's step — never inside on_message, when
// the connection is busy — one per loop turn, with a progress bar, then
// "[image: photo.jpg, 34 KB, saved to DIR/photo.jpg]" or "[image: photo.jpg, not saved:
// why]". Over download_limit_bytes the download stops and the partial file is removed. A
// network failure is tried once more on the next loop turn; the message itself is never
// shown again. More than kKioskPendingDownloads arriving before the loop gets to them are
// shown "not saved" at once; those still queued when the kiosk leaves are not downloaded.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "firmware/apps/kiosk/attachment.h"
#include "firmware/apps/kiosk/command_parser.h"
#include "firmware/apps/kiosk/kiosk_config.h"
#include "firmware/apps/kiosk/line_editor.h"
#include "firmware/apps/kiosk/renderer.h"
#include "firmware/messenger/messenger.h"
#include "hal/clock.h"
#include "hal/result.h"
#include "hal/span.h"
#include "net/parley/message.h"

namespace firmware::apps::kiosk {

// Where the kiosk talks to its user: a serial console, a pseudo-terminal, stdin/stdout.
// Text goes out through KioskOutput (renderer.h): write(text) and explain(status).
class KioskTerminal : public KioskOutput {
  public:
    // Input bytes available now, without blocking: the count read (0 when none);
    // kClosed at the end of input.
    virtual hal::Result<size_t> read(hal::ByteSpan out) = 0;
    // Waits until input is available or `deadline` (whichever comes first).
    virtual void wait_for_input(hal::Millis deadline) = 0;
    // True once the user asked the program to stop (a signal): leave at once.
    virtual bool interrupted() { return false; }

  protected:
    ~KioskTerminal() = default;
};

// Progress of an upload or a download, as the bytes go (total 0: not known).
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

// Where downloaded attachments are kept (a host's folder, a board's storage). The kiosk
// checks the size limit and counts the bytes (DownloadSink); the store makes the name
// safe, never shows a partial file, and never overwrites one.
class KioskDownloads {
  public:
    // A download begins: `name` as the service sent it (unchecked), its Content-Type
    // (maybe empty). An error refuses it before any byte is taken.
    virtual hal::Status open(std::string_view name, std::string_view content_type) = 0;
    virtual hal::Status write(hal::ConstByteSpan piece) = 0;
    // Every byte arrived: the file becomes visible, under saved_as().
    virtual hal::Status commit() = 0;
    // The download failed: what was written is removed.
    virtual void discard() = 0;
    // Where the last committed file went (valid until the next open).
    virtual std::string_view saved_as() const = 0;
    // Why the last open, write or commit failed, in words (empty when the status says enough).
    virtual std::string_view error() const = 0;

  protected:
    ~KioskDownloads() = default;
};

struct KioskConfig {
    bool interactive = true;               // a terminal: echo input, redraw the prompt
    int32_t utc_offset_s = 0;              // local time = UTC + this, for "14:03"
    hal::Millis drain_timeout_ms = 10000;  // at the end of input: time to send what waits
    hal::Millis upload_timeout_ms = 120000;
    hal::Millis typing_shown_ms = 15000;  // "Alice is typing…" is not repeated within this
    // The screen is idle after this long without a key (0: never): messages arriving
    // then are marked delivered, not read, until the next key.
    hal::Millis idle_after_ms = 0;
    hal::Millis download_timeout_ms = 120000;
    uint64_t download_limit_bytes = kKioskDownloadLimitBytes;  // larger downloads are stopped
};

// Runs the chat. The app is the messenger's listener: construct the messenger with it.
class KioskApp final : public firmware::messenger::MessengerListener, public KioskProgress {
  public:
    KioskApp(KioskTerminal& terminal, KioskAttachments* attachments, hal::Clock& clock,
             const KioskConfig& config)
        : terminal_(terminal),
          attachments_(attachments),
          clock_(clock),
          config_(config),
          renderer_(terminal, config.interactive, config.utc_offset_s) {}

    // Attachments of received messages are downloaded into `downloads` (null: they are
    // only named). Set before run().
    void set_downloads(KioskDownloads* downloads) { downloads_ = downloads; }

    // Runs until "/quit", the end of input or an interruption. Returns 0, or 1 when the
    // end of input left messages unsent (they stay in the outbox for the next start).
    int run(firmware::messenger::Messenger& messenger);

    // One byte of input (exposed for tests). Returns false when the app should quit.
    bool key(firmware::messenger::Messenger& messenger, uint8_t byte);
    // The input line as typed so far.
    std::string_view input() const { return editor_.text(); }
    bool quit_requested() const { return quit_; }
    uint8_t quick_reply_count() const { return quick_count_; }

    void on_message_text(std::string_view piece) override;
    void on_message(const net::parley::Message& message) override;
    void on_message_text_dropped() override;
    void on_sent(uint32_t sequence, uint64_t server_id) override;
    void on_rejected(uint32_t sequence, hal::Status why, std::string_view error) override;
    void on_link(firmware::messenger::LinkState state, hal::Status cause) override;
    void on_storage_damage(const firmware::messenger::StorageDamage& damage) override;
    void on_agent_typing(bool typing, std::string_view agent_name) override;
    void on_unread_count(const firmware::messenger::UnreadCount& unread) override;
    // Nobody has pressed a key for idle_after_ms.
    bool screen_idle() const;

    void on_progress(uint64_t sent, uint64_t total) override;

  private:
    class Lines;
    static constexpr uint32_t kNoProgress = UINT32_MAX;  // no percentage drawn yet

    bool chat(firmware::messenger::Messenger& messenger);
    void submit(firmware::messenger::Messenger& messenger);
    void perform(firmware::messenger::Messenger& messenger, std::string_view line);
    void pick(firmware::messenger::Messenger& messenger, uint8_t quick_reply);
    // False when the messenger refused the text (the reason is printed).
    bool send(firmware::messenger::Messenger& messenger, std::string_view text);
    void keep_line(std::string_view text);
    void attach(firmware::messenger::Messenger& messenger, std::string_view path);
    void drain(firmware::messenger::Messenger& messenger);
    void end_streamed_text();
    void seen(uint64_t id);
    void wake(firmware::messenger::Messenger& messenger);
    void queue_download(const net::parley::Message& m);
    void download_next(firmware::messenger::Messenger& messenger);
    hal::Status fetch(firmware::messenger::Messenger& messenger, const PendingAttachment& item,
                      DownloadSink& sink);

    KioskTerminal& terminal_;
    KioskAttachments* attachments_;
    hal::Clock& clock_;
    KioskConfig config_;
    KioskLineEditor editor_;
    KioskRenderer renderer_;
    firmware::messenger::Messenger* messenger_ = nullptr;
    bool quit_ = false;
    bool output_open_ = false;  // lines are being printed above the input line
    firmware::messenger::LinkState link_ = firmware::messenger::LinkState::kConnecting;
    // What /1../9 send (kiosk_picks of the last agent message): a reply button's payload
    // or a quick reply.
    net::text::BoundedText<net::parley::kMaxUrlLength> picks_[kMaxQuickReplyPick];
    uint8_t quick_count_ = 0;
    // The text of the message arriving: held while short, else shown as it streams.
    net::text::BoundedText<kKioskHeldTextBytes> text_held_;
    bool text_streaming_ = false;
    net::text::BoundedText<net::parley::kMaxNameLength> typing_name_;
    hal::Millis typing_shown_at_ = 0;
    bool typing_shown_ = false;
    uint32_t progress_percent_ = kNoProgress;
    hal::Millis last_key_at_ = 0;
    uint64_t unshown_[kKioskUnshownIds] = {};  // arrived while the screen was idle
    size_t unshown_count_ = 0;
    uint32_t unshown_total_ = 0;  // ... counted beyond the ones remembered
    KioskDownloads* downloads_ = nullptr;
    PendingAttachments pending_;
    bool downloading_ = false;  // progress is a download's, not an upload's
};

}  // namespace firmware::apps::kiosk

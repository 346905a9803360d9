// The kiosk's renderer: what the kiosk prints, from the messenger's events and the
// user's commands — the conversation ("Alice (14:03): text"; under it the message's
// buttons — reply buttons numbered to pick ("/1  Yes"), links and phone numbers with
// their targets ("[link] Manual: https://…") —, its carousel items with their buttons,
// and its quick replies, numbered after the reply buttons), typing, the link state, messages
// waiting, refusals and failures, storage damage, upload and download progress, attachments saved —
// and the terminal controls around the input line (prompt, echo, erase, bell), which only a
// terminal gets (`interactive`). Numbers, times and percentages go through hal::format. It keeps no
// state: each call writes whole lines (ending with '\n'), a control, or the upload's progress line;
// the kiosk decides when (kiosk.h). Whatever the service wrote passes through untrusted(): control
// characters are shown as U+FFFD, never sent to the terminal.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "firmware/apps/kiosk/command_parser.h"
#include "firmware/messenger/messenger.h"
#include "hal/span.h"
#include "hal/status.h"
#include "net/parley/message.h"

namespace firmware::apps::kiosk {

// Where the kiosk's text goes: the terminal (KioskTerminal in kiosk.h), or a test.
class KioskOutput {
  public:
    virtual void write(std::string_view text) = 0;
    // Words for the user about a status (valid until the next call).
    virtual std::string_view explain(hal::Status status) { return hal::to_string(status); }

  protected:
    ~KioskOutput() = default;
};

// "[#####     ]  52%" into `out` (`width` cells between the brackets): its length, or 0
// when `out` has no room for width + 8 bytes.
size_t format_progress(uint64_t sent, uint64_t total, size_t width, hal::CharSpan out);
// "14:03" for Unix seconds (+ offset) into out[0..5]; "--:--" when the time is unknown.
void format_clock(int64_t unix_seconds, int32_t utc_offset_s, char (&out)[6]);

// Lines that take nothing but the moment to say them.
enum class KioskNotice : uint8_t {
    kGreeting,      // the first line of a run
    kHelp,          // the command list
    kNoQuickReply,  // a pick when the last agent message offered none
    kNoFiles,       // /attach on a kiosk without attachments
    kAttachUsage,   // /attach without a path
};

class KioskRenderer {
  public:
    KioskRenderer(KioskOutput& out, bool interactive, int32_t utc_offset_s)
        : out_(out), interactive_(interactive), utc_offset_s_(utc_offset_s) {}

    // Terminal controls; nothing when not interactive.
    void clear_line();
    void prompt(std::string_view input);
    void echo(char c);
    void erase();
    void bell();

    void notice(KioskNotice notice);
    // A message from the conversation whose whole `text` the kiosk held, with its title,
    // file, buttons and (unless the user wrote it) its quick replies to pick:
    // "Alice (14:03): text".
    void message(const net::parley::Message& m, std::string_view text);
    // A longer text, shown as it arrives (no line end), then who wrote it and the rest
    // of the message on the next line ("  -- Alice (14:03): [file: x.pdf]"), or the
    // notice that the rest did not arrive.
    void message_text(std::string_view piece);
    void message_after_text(const net::parley::Message& m);
    void message_interrupted();
    // What the user just sent, at `unix_seconds` (0: unknown).
    void own_message(int64_t unix_seconds, std::string_view text);
    void agent_typing(std::string_view agent_name);
    // "-- 3 new messages" (after a restart or the screen's wake-up; "-- 50 or more new
    // messages" when the count is a lower bound); nothing for none.
    void unread(uint32_t count, bool at_least);
    // "-- 2 messages waiting to be sent".
    void waiting(size_t count);
    void link(firmware::messenger::LinkState state, firmware::messenger::LinkState before,
              size_t waiting, hal::Status cause);
    // A message the service refused and the messenger set aside.
    void rejected(hal::Status why, std::string_view error);
    // True when storage_damage() has something to say: only messages the user typed that
    // will not go out (corrected damage is the messenger's to log).
    static bool tells(const firmware::messenger::StorageDamage& damage);
    void storage_damage(const firmware::messenger::StorageDamage& damage);

    // The line was not sent: the messenger refused it with `status`.
    void send_refused(hal::Status status);
    // The line was longer than `limit` bytes.
    void line_too_long(size_t limit);
    // A quick reply past the `count` the last agent message offered.
    void quick_reply_out_of_range(uint8_t count);
    void unknown_command(std::string_view line);

    // "uploading [###   ]  15%" on its own line, redrawn in place on a terminal.
    void upload_progress(uint64_t sent, uint64_t total);
    // Ends the progress line.
    void upload_progress_end();
    // The upload failed: `detail` in words, else the status explained.
    void upload_failed(hal::Status status, std::string_view detail);
    void file_not_queued(hal::Status status);
    void file_sent(std::string_view description);

    // "downloading [###   ]  15%" like the upload's; "downloading 34 KB" when the
    // length is not known (total 0). Ended by upload_progress_end().
    void download_progress(uint64_t received, uint64_t total);
    // "[image: photo.jpg, 34 KB, saved to DIR/photo.jpg]" (`kind` from attachment_kind).
    void attachment_saved(std::string_view kind, std::string_view name, uint64_t bytes,
                          std::string_view saved_as);
    // "[image: photo.jpg, not saved: why]": `detail` when given, else the status in
    // words (kTooLarge names the `limit`).
    void attachment_not_saved(std::string_view kind, std::string_view name, hal::Status status,
                              std::string_view detail, uint64_t limit);

  private:
    void line(std::string_view a, std::string_view b = {}, std::string_view c = {});
    void number(uint64_t n);
    void messages_waiting(size_t count);
    void header(std::string_view who, int64_t unix_seconds);
    void message_end(const net::parley::Message& m);
    void title(const net::parley::Message& m);
    void buttons(const net::parley::Message& m, uint8_t item, const KioskPick* picks,
                 uint8_t count);
    void pick_line(std::string_view indent, uint32_t pick, std::string_view label);
    void untrusted(std::string_view text, bool multiline);
    void field(std::string_view text) { untrusted(text, false); }
    void progress(std::string_view verb, uint64_t done, uint64_t total);
    void attachment_head(std::string_view kind, std::string_view name);

    KioskOutput& out_;
    bool interactive_;
    int32_t utc_offset_s_;
};

}  // namespace firmware::apps::kiosk

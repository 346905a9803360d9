// The kiosk's commands: a finished line (from the line editor: no blanks at its ends,
// not empty) in, what the user asked for out. The kiosk accepts:
//   text          send it as a message
//   //text        send "/text" (a message that starts with '/')
//   /1 .. /9      send that pick of the last agent message (a reply button or a quick
//                 reply, kiosk_picks below)
//   /attach PATH  send a file (PATH without the blanks around it; may be empty)
//   /help         list the commands
//   /quit, /exit  leave
// Anything else that starts with '/' is an unknown command. Whether a picked quick reply
// or an attached file exists is the kiosk's to check: the parser knows only the syntax.
#pragma once

#include <cstdint>
#include <string_view>

#include "net/parley/message.h"

namespace firmware::apps::kiosk {

enum class CommandKind : uint8_t { kSend, kQuickReply, kAttach, kHelp, kQuit, kUnknown };

struct KioskCommand {
    CommandKind kind = CommandKind::kUnknown;
    // kSend: the text to send; kAttach: the path; kUnknown: the line. A view into the line.
    std::string_view argument;
    uint8_t quick_reply = 0;  // kQuickReply: 1..kMaxQuickReplyPick
};

// Picks are made with one digit: /1 to /9.
constexpr uint8_t kMaxQuickReplyPick = 9;

KioskCommand parse_command(std::string_view line);

// One thing /N sends: a `reply` button or a quick reply of the message.
struct KioskPick {
    const net::parley::Button* button = nullptr;  // the reply button; nullptr: a quick reply
    std::string_view label;                       // what the kiosk shows
    std::string_view text;                        // what it sends
};

// What a message offers to pick, in the order the kiosk shows it: the `reply` buttons —
// the message's own, then each carousel item's, item by item — then the quick replies,
// at most kMaxQuickReplyPick in all (the rest are shown, not numbered). A reply button
// sends its payload, or its title when it has none (docs/protocol.md §13); one with
// neither offers nothing. Views into `message`. Returns the count.
uint8_t kiosk_picks(const net::parley::Message& message, KioskPick (&out)[kMaxQuickReplyPick]);

// The number (1..9) `button` has among `picks`, 0 when it has none.
uint8_t pick_number(const KioskPick* picks, uint8_t count, const net::parley::Button& button);

// The help text (ends with a newline).
extern const std::string_view kCommandHelp;

}  // namespace firmware::apps::kiosk

// The kiosk's commands: a finished line (from the line editor: no blanks at its ends,
// not empty) in, what the user asked for out. The kiosk accepts:
//   text          send it as a message
//   //text        send "/text" (a message that starts with '/')
//   /1 .. /9      send that quick reply of the last agent message
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

// Quick replies are picked with one digit: /1 to /9.
constexpr uint8_t kMaxQuickReplyPick = 9;

KioskCommand parse_command(std::string_view line);

// How many of a message's quick replies can be picked (/1 .. /N): at most
// kMaxQuickReplyPick.
uint8_t pickable_quick_replies(const net::parley::Message& message);

// The help text (ends with a newline).
extern const std::string_view kCommandHelp;

}  // namespace firmware::apps::kiosk

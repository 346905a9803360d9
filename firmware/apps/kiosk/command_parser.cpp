#include "firmware/apps/kiosk/command_parser.h"

#include "firmware/apps/kiosk/line_editor.h"

namespace firmware::apps::kiosk {
namespace {

constexpr std::string_view kAttach = "/attach";

KioskCommand command(CommandKind kind, std::string_view argument = {}) {
    KioskCommand c;
    c.kind = kind;
    c.argument = argument;
    return c;
}

bool is_quick_reply_pick(std::string_view line) {
    return line.size() == 2 && line[1] >= '1' && line[1] < '1' + kMaxQuickReplyPick;
}

// "/attach" alone or followed by a space ("/attachment" is not it).
bool is_attach(std::string_view line) {
    return line.substr(0, kAttach.size()) == kAttach &&
           (line.size() == kAttach.size() || line[kAttach.size()] == ' ');
}

}  // namespace

const std::string_view kCommandHelp =
    "Type a message and press Enter to send it.\n"
    "  /1 .. /9      send that quick reply of the last agent message\n"
    "  /attach PATH  send a file (.jpg .png .gif .pdf)\n"
    "  /help         this text\n"
    "  /quit         leave (unsent messages stay queued for the next start)\n"
    "  //text        send a message that starts with '/'\n";

KioskCommand parse_command(std::string_view line) {
    if (line.empty() || line[0] != '/') return command(CommandKind::kSend, line);
    if (line.size() >= 2 && line[1] == '/') return command(CommandKind::kSend, line.substr(1));
    if (line == "/quit" || line == "/exit") return command(CommandKind::kQuit);
    if (line == "/help") return command(CommandKind::kHelp);
    if (is_quick_reply_pick(line)) {
        KioskCommand pick = command(CommandKind::kQuickReply);
        pick.quick_reply = static_cast<uint8_t>(line[1] - '0');
        return pick;
    }
    if (is_attach(line))
        return command(CommandKind::kAttach, trim_blanks(line.substr(kAttach.size())));
    return command(CommandKind::kUnknown, line);
}

uint8_t pickable_quick_replies(const net::parley::Message& message) {
    uint8_t count = message.quick_reply_count;
    if (count > net::parley::kMaxQuickReplies) count = net::parley::kMaxQuickReplies;
    return count < kMaxQuickReplyPick ? count : kMaxQuickReplyPick;
}

}  // namespace firmware::apps::kiosk

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
    "  /1 .. /9      send that reply button or quick reply of the last agent message\n"
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

uint8_t kiosk_picks(const net::parley::Message& m, KioskPick (&out)[kMaxQuickReplyPick]) {
    uint8_t count = 0;
    for (size_t item = 0; item <= m.kept_carousel_items(); ++item) {
        for (uint8_t i = 0; i < m.button_count && count < kMaxQuickReplyPick; ++i) {
            const net::parley::Button& b = m.buttons[i];
            if (b.item != item || b.type != net::parley::ButtonType::kReply) continue;
            if (b.title.empty() && b.payload.empty()) continue;
            out[count++] = {&b, b.title.empty() ? b.payload.view() : b.title.view(),
                            b.payload.empty() ? b.title.view() : b.payload.view()};
        }
    }
    for (uint8_t i = 0; i < m.quick_reply_count && count < kMaxQuickReplyPick; ++i) {
        const std::string_view reply = m.quick_replies[i].view();
        out[count++] = {nullptr, reply, reply};
    }
    return count;
}

uint8_t pick_number(const KioskPick* picks, uint8_t count, const net::parley::Button& button) {
    for (uint8_t i = 0; i < count; ++i) {
        if (picks[i].button == &button) return static_cast<uint8_t>(i + 1);
    }
    return 0;
}

}  // namespace firmware::apps::kiosk

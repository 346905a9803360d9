// The kiosk's command parser (firmware/apps/kiosk/command_parser.h): a finished line in,
// a command out.
#include <string>

#include "firmware/apps/kiosk/command_parser.h"

#include <CppUTest/TestHarness.h>

namespace {

using firmware::apps::kiosk::CommandKind;
using firmware::apps::kiosk::KioskCommand;
using firmware::apps::kiosk::parse_command;

void check(const char* line, CommandKind kind, const char* argument = "") {
    const KioskCommand c = parse_command(line);
    CHECK_TRUE(c.kind == kind);
    STRCMP_EQUAL(argument, std::string(c.argument).c_str());
}

}  // namespace

TEST_GROUP(KioskCommandParser){};

TEST(KioskCommandParser, TextIsSentAsItIs) {
    check("printer jammed", CommandKind::kSend, "printer jammed");
    check("a/b", CommandKind::kSend, "a/b");
}

TEST(KioskCommandParser, ADoubleSlashSendsTextStartingWithASlash) {
    check("//etc is a folder", CommandKind::kSend, "/etc is a folder");
    check("//", CommandKind::kSend, "/");
}

TEST(KioskCommandParser, QuitExitAndHelp) {
    check("/quit", CommandKind::kQuit);
    check("/exit", CommandKind::kQuit);
    check("/help", CommandKind::kHelp);
    check("/quit now", CommandKind::kUnknown, "/quit now");
    check("/HELP", CommandKind::kUnknown, "/HELP");
}

TEST(KioskCommandParser, QuickRepliesArePickedWithOneDigit) {
    for (char d = '1'; d <= '9'; ++d) {
        const char line[3] = {'/', d, '\0'};
        const KioskCommand c = parse_command(line);
        CHECK_TRUE(c.kind == CommandKind::kQuickReply);
        CHECK_EQUAL(d - '0', c.quick_reply);
    }
    check("/0", CommandKind::kUnknown, "/0");
    check("/10", CommandKind::kUnknown, "/10");
    check("/a", CommandKind::kUnknown, "/a");
}

TEST(KioskCommandParser, AttachTakesThePathWithoutBlanksAround) {
    check("/attach photos/cat.jpg", CommandKind::kAttach, "photos/cat.jpg");
    check("/attach  \t my file.pdf \t", CommandKind::kAttach, "my file.pdf");
    check("/attach", CommandKind::kAttach, "");
    check("/attach   ", CommandKind::kAttach, "");
}

TEST(KioskCommandParser, AttachIsAWholeWord) {
    check("/attachment", CommandKind::kUnknown, "/attachment");
    check("/attach\tx.jpg", CommandKind::kUnknown, "/attach\tx.jpg");
}

TEST(KioskCommandParser, AnyOtherSlashLineIsUnknown) {
    check("/", CommandKind::kUnknown, "/");
    check("/frobnicate", CommandKind::kUnknown, "/frobnicate");
}

TEST(KioskCommandParser, HelpNamesEveryCommand) {
    const std::string help(firmware::apps::kiosk::kCommandHelp);
    for (const char* command : {"/1 .. /9", "/attach PATH", "/help", "/quit", "//text"})
        CHECK_TRUE(help.find(command) != std::string::npos);
    CHECK_EQUAL('\n', help.back());
}

TEST(KioskCommandParser, AtMostNineQuickRepliesArePickable) {
    net::parley::Message m;
    m.quick_reply_count = 2;
    CHECK_EQUAL(2, firmware::apps::kiosk::pickable_quick_replies(m));
    m.quick_reply_count = 200;  // more than a message holds
    const size_t expected = net::parley::kMaxQuickReplies < 9 ? net::parley::kMaxQuickReplies : 9;
    CHECK_EQUAL(expected, firmware::apps::kiosk::pickable_quick_replies(m));
}

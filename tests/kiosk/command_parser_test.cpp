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
    firmware::apps::kiosk::KioskPick picks[firmware::apps::kiosk::kMaxQuickReplyPick];
    m.quick_reply_count = 2;
    CHECK_EQUAL(2, firmware::apps::kiosk::kiosk_picks(m, picks));
    m.quick_reply_count = net::parley::kMaxQuickReplies;  // as many as a message holds
    const size_t expected = net::parley::kMaxQuickReplies < 9 ? net::parley::kMaxQuickReplies : 9;
    CHECK_EQUAL(expected, firmware::apps::kiosk::kiosk_picks(m, picks));
}

// Reply buttons come first — the message's own, then each carousel item's in item order,
// whatever order the list holds them in — then the quick replies; links, phone numbers
// and empty reply buttons are not picks; nine at most.
TEST(KioskCommandParser, ReplyButtonsArePickedBeforeQuickReplies) {
    using firmware::apps::kiosk::KioskPick;
    using net::parley::ButtonType;
    net::parley::Message m;
    auto button = [&m](ButtonType type, const char* title, const char* payload, uint8_t item) {
        net::parley::Button& b = m.buttons[m.button_count++];
        b.type = type;
        b.title.assign(title);
        b.payload.assign(payload);
        b.item = item;
    };
    m.carousel_count = 2;
    button(ButtonType::kReply, "Choose Premium", "plan-premium", 2);
    button(ButtonType::kReply, "Restart now", "restart", 0);
    button(ButtonType::kWebUrl, "Manual", "https://kpn.example/m", 0);
    button(ButtonType::kReply, "", "", 0);  // nothing to show or send
    button(ButtonType::kReply, "Later", "", 0);
    button(ButtonType::kPhoneNumber, "Call", "+31 88 000", 1);
    button(ButtonType::kReply, "", "plan-basic", 1);
    m.quick_reply_count = 1;
    m.quick_replies[0].assign("Thanks");
    KioskPick picks[firmware::apps::kiosk::kMaxQuickReplyPick];
    const uint8_t count = firmware::apps::kiosk::kiosk_picks(m, picks);
    CHECK_EQUAL(5, count);
    const char* const labels[] = {"Restart now", "Later", "plan-basic", "Choose Premium", "Thanks"};
    const char* const texts[] = {"restart", "Later", "plan-basic", "plan-premium", "Thanks"};
    for (uint8_t i = 0; i < count; ++i) {
        STRCMP_EQUAL(labels[i], std::string(picks[i].label).c_str());
        STRCMP_EQUAL(texts[i], std::string(picks[i].text).c_str());
    }
    CHECK_TRUE(picks[0].button == &m.buttons[1]);
    CHECK_TRUE(picks[4].button == nullptr);
    CHECK_EQUAL(4, firmware::apps::kiosk::pick_number(picks, count, m.buttons[0]));
    CHECK_EQUAL(0, firmware::apps::kiosk::pick_number(picks, count, m.buttons[2]));

    m.quick_reply_count = net::parley::kMaxQuickReplies;
    CHECK_EQUAL(firmware::apps::kiosk::kMaxQuickReplyPick,
                firmware::apps::kiosk::kiosk_picks(m, picks));
    STRCMP_EQUAL("Restart now", std::string(picks[0].label).c_str());  // buttons keep /1
}

// The kiosk's renderer (firmware/apps/kiosk/renderer.h): events in, the exact text the
// kiosk prints out, on a terminal and on a pipe.
#include <string>

#include "firmware/apps/kiosk/command_parser.h"
#include "firmware/apps/kiosk/renderer.h"
#include "tests/kiosk/kiosk_messages.h"

#include <CppUTest/TestHarness.h>

namespace {

using firmware::apps::kiosk::KioskNotice;
using firmware::apps::kiosk::KioskRenderer;
using firmware::messenger::LinkState;
using kiosk_test::agent_message;
using kiosk_test::kEightOClock;

constexpr int64_t kThreeMinutesPast = kEightOClock + 3 * 60;

// What the renderer writes. explain() says more than the status name when `explaining`,
// as a board's terminal does.
class StringOutput final : public firmware::apps::kiosk::KioskOutput {
  public:
    void write(std::string_view text) override { text_.append(text.data(), text.size()); }
    std::string_view explain(hal::Status status) override {
        words_ = std::string(explaining ? "because " : "") + hal::to_string(status);
        return words_;
    }
    std::string take() {
        std::string t;
        t.swap(text_);
        return t;
    }
    bool explaining = false;

  private:
    std::string text_;
    std::string words_;
};

}  // namespace

TEST_GROUP(KioskRenderer) {
    StringOutput out;
    KioskRenderer terminal{out, true, 0};
    KioskRenderer pipe{out, false, 0};
};

TEST(KioskRenderer, TerminalControlsOnlyOnATerminal) {
    terminal.clear_line();
    terminal.prompt("abc");
    terminal.echo('x');
    terminal.erase();
    terminal.bell();
    STRCMP_EQUAL("\r\x1b[K> abcx\b \b\a", out.take().c_str());
    pipe.clear_line();
    pipe.prompt("abc");
    pipe.echo('x');
    pipe.erase();
    pipe.bell();
    STRCMP_EQUAL("", out.take().c_str());
}

TEST(KioskRenderer, AMessageWithTitleFileAndButtons) {
    kiosk_test::Incoming m = agent_message("Alice", "see attached", kThreeMinutesPast);
    m.title.assign("Invoice");
    m.media.present = true;
    m.media.filename.assign("invoice.pdf");
    m.button_count = 2;
    m.buttons[0].title.assign("Open");
    m.buttons[0].payload.assign("https://example.com/i");
    m.buttons[1].title.assign("Call");
    m.buttons[1].payload.assign("+31 70 000");
    m.buttons[0].type = net::parley::ButtonType::kWebUrl;
    m.buttons[1].type = net::parley::ButtonType::kPhoneNumber;
    terminal.message(m, m.text);
    STRCMP_EQUAL(
        "Alice (08:03): [Invoice] see attached [file: invoice.pdf]\n"
        "    [link] Open: https://example.com/i\n"
        "    [call] Call: +31 70 000\n",
        out.take().c_str());
    m.buttons[0].type = net::parley::ButtonType::kUnknown;  // a type this kiosk does not know
    m.button_count = 1;
    terminal.message(m, m.text);
    STRCMP_EQUAL(
        "Alice (08:03): [Invoice] see attached [file: invoice.pdf]\n"
        "    [button] Open: https://example.com/i\n",
        out.take().c_str());
}

// Reply buttons are numbered like quick replies and before them, carousel items listed
// with their buttons; an own message numbers nothing.
TEST(KioskRenderer, ReplyButtonsAndCarouselItemsArePicks) {
    kiosk_test::Incoming m =
        agent_message("Alice", "Your router needs a restart.", kThreeMinutesPast);
    auto button = [&m](net::parley::ButtonType type, const char* title, const char* payload,
                       uint8_t item) {
        net::parley::Button& b = m.buttons[m.button_count++];
        b.type = type;
        b.title.assign(title);
        b.payload.assign(payload);
        b.item = item;
    };
    button(net::parley::ButtonType::kReply, "Restart now", "restart", 0);
    button(net::parley::ButtonType::kReply, "Later", "later", 0);
    button(net::parley::ButtonType::kWebUrl, "Manual", "https://kpn.example/manual", 0);
    button(net::parley::ButtonType::kReply, "Choose Basic", "plan-basic", 1);
    button(net::parley::ButtonType::kWebUrl, "Details", "https://kpn.example/b", 1);
    m.carousel_count = net::parley::kMaxCarouselItems + 1;
    m.carousel[0].title.assign("Basic");
    m.carousel[0].text.assign("10 GB a month");
    m.carousel[1].title.assign("Premium");
    m.quick_reply_count = 1;
    m.quick_replies[0].assign("Thanks");
    terminal.message(m, m.text);
    STRCMP_EQUAL(
        "Alice (08:03): Your router needs a restart.\n"
        "    /1  Restart now\n"
        "    /2  Later\n"
        "    [link] Manual: https://kpn.example/manual\n"
        "    * Basic: 10 GB a month\n"
        "        /3  Choose Basic\n"
        "        [link] Details: https://kpn.example/b\n"
        "    * Premium\n"
        "    * (untitled)\n"
        "    * (untitled)\n"
        "    (1 more item)\n"
        "    /4  Thanks\n",
        out.take().c_str());
    m.type = net::parley::MessageType::kUser;
    m.agent.present = false;
    m.carousel_count = 0;
    m.quick_reply_count = 0;
    terminal.message(m, m.text);
    STRCMP_EQUAL(
        "You (08:03): Your router needs a restart.\n"
        "    [reply] Restart now\n"
        "    [reply] Later\n"
        "    [link] Manual: https://kpn.example/manual\n",
        out.take().c_str());
}

// Nothing the service writes reaches the terminal as a control: an escape sequence in a
// name, title, text, button or error is shown as U+FFFD; the text keeps its line breaks.
TEST(KioskRenderer, ControlCharactersFromTheServiceAreNeverWritten) {
    kiosk_test::Incoming m =
        agent_message("Al\x1b]0;owned\x07ice", "line 1\n\tline 2\x1b[2J\r", kThreeMinutesPast);
    m.title.assign(
        "T\xC2\x9B"
        "1m");  // U+009B, the one-byte CSI
    m.button_count = 1;
    m.buttons[0].type = net::parley::ButtonType::kWebUrl;
    m.buttons[0].title.assign("x\ny");
    m.buttons[0].payload.assign("\x7f");
    terminal.message(m, m.text);
    const std::string shown = out.take();
    STRCMP_EQUAL(
        "Al\xEF\xBF\xBD]0;owned\xEF\xBF\xBDice (08:03): [T\xEF\xBF\xBD"
        "1m] line 1\n\tline "
        "2\xEF\xBF\xBD[2J\xEF\xBF\xBD\n"
        "    [link] x y: \xEF\xBF\xBD\n",
        shown.c_str());
    terminal.message_text("\x1b[H");
    terminal.agent_typing("\x1b[H");
    terminal.rejected(hal::Status::kBadRequest, "bad\x1b[H");
    terminal.own_message(kThreeMinutesPast, "\x1b[H");
    CHECK_TRUE(out.take().find('\x1b') == std::string::npos);
}

TEST(KioskRenderer, QuickRepliesAreListedUnderAnAgentMessageOnly) {
    kiosk_test::Incoming m = agent_message("Alice", "Did that help?", kThreeMinutesPast);
    m.quick_reply_count = 2;
    m.quick_replies[0].assign("Yes");
    m.quick_replies[1].assign("No, still broken");
    terminal.message(m, m.text);
    STRCMP_EQUAL("Alice (08:03): Did that help?\n    /1  Yes\n    /2  No, still broken\n",
                 out.take().c_str());
    m.type = net::parley::MessageType::kUser;
    m.agent.present = false;
    terminal.message(m, m.text);
    STRCMP_EQUAL("You (08:03): Did that help?\n", out.take().c_str());
}

TEST(KioskRenderer, TheSenderIsTheAgentOrNamedByType) {
    kiosk_test::Incoming m = agent_message(nullptr, "x", kThreeMinutesPast);
    terminal.message(m, m.text);
    m.type = net::parley::MessageType::kSystem;
    terminal.message(m, m.text);
    m.agent.present = true;  // present but nameless
    m.type = net::parley::MessageType::kAgentSystem;
    terminal.message(m, m.text);
    STRCMP_EQUAL("Service desk (08:03): x\nSystem (08:03): x\nService desk (08:03): x\n",
                 out.take().c_str());
}

TEST(KioskRenderer, TimesAreLocalAndDashesWhenUnknown) {
    KioskRenderer two_hours_east(out, true, 2 * 3600);
    two_hours_east.own_message(kEightOClock, "hi");
    terminal.own_message(0, "when?");
    STRCMP_EQUAL("You (10:00): hi\nYou (--:--): when?\n", out.take().c_str());
}

TEST(KioskRenderer, Typing) {
    terminal.agent_typing("Alice");
    terminal.agent_typing("");
    STRCMP_EQUAL("Alice is typing…\nThe service desk is typing…\n", out.take().c_str());
}

TEST(KioskRenderer, MessagesWaitingAreCounted) {
    terminal.waiting(1);
    terminal.waiting(12);
    STRCMP_EQUAL("-- 1 message waiting to be sent\n-- 12 messages waiting to be sent\n",
                 out.take().c_str());
}

TEST(KioskRenderer, NewMessagesAreCountedAndNoneSaysNothing) {
    terminal.unread(0, false);
    terminal.unread(1, false);
    terminal.unread(3, false);
    terminal.unread(50, true);
    STRCMP_EQUAL("-- 1 new message\n-- 3 new messages\n-- 50 or more new messages\n",
                 out.take().c_str());
}

TEST(KioskRenderer, TheLinkStateWithWhatWaits) {
    terminal.link(firmware::messenger::LinkState::kOnline,
                  firmware::messenger::LinkState::kConnecting, 0, hal::Status::kOk);
    terminal.link(firmware::messenger::LinkState::kOnline,
                  firmware::messenger::LinkState::kRetrying, 1, hal::Status::kOk);
    terminal.link(firmware::messenger::LinkState::kOnline,
                  firmware::messenger::LinkState::kConnecting, 3, hal::Status::kOk);
    terminal.link(firmware::messenger::LinkState::kRetrying,
                  firmware::messenger::LinkState::kOnline, 0, hal::Status::kTimeout);
    terminal.link(firmware::messenger::LinkState::kRetrying,
                  firmware::messenger::LinkState::kOnline, 2, hal::Status::kTimeout);
    terminal.link(firmware::messenger::LinkState::kStopped, firmware::messenger::LinkState::kOnline,
                  2, hal::Status::kBadCredentials);
    terminal.link(firmware::messenger::LinkState::kConnecting,
                  firmware::messenger::LinkState::kOnline, 2, hal::Status::kOk);
    STRCMP_EQUAL(
        "-- online\n"
        "-- online again, sending 1 message waiting\n"
        "-- online, sending 3 messages waiting\n"
        "-- offline (timeout) — retrying\n"
        "-- offline (timeout) — retrying, 2 messages waiting\n"
        "-- stopped: bad-credentials — messages stay in the outbox until this is fixed\n"
        "-- connecting\n",
        out.take().c_str());
}

TEST(KioskRenderer, StatusesAreExplainedByTheOutput) {
    out.explaining = true;
    KioskRenderer r(out, true, 0);
    r.link(firmware::messenger::LinkState::kRetrying, firmware::messenger::LinkState::kOnline, 0,
           hal::Status::kTimeout);
    r.rejected(hal::Status::kInvalidArgument, "");
    r.rejected(hal::Status::kBadRequest, "text_too_long");
    r.upload_failed(hal::Status::kNotFound, "");
    r.upload_failed(hal::Status::kNotFound, "no such file");
    r.file_not_queued(hal::Status::kInvalidArgument);
    STRCMP_EQUAL(
        "-- offline (because timeout) — retrying\n"
        "A message could not be delivered and was set aside (because invalid-argument); the "
        "rest go on.\n"
        "A message could not be delivered and was set aside (text_too_long); the rest go on.\n"
        "The file was not sent: because not-found.\n"
        "The file was not sent: no such file.\n"
        "The file was uploaded but could not be queued (because invalid-argument).\n",
        out.take().c_str());
}

TEST(KioskRenderer, StorageDamageTellsOnlyOfLostMessages) {
    firmware::messenger::StorageDamage damage;
    damage.outbox.corrected_bits = 3;
    CHECK_FALSE(KioskRenderer::tells(damage));
    damage.outbox.unsent_lost = 1;
    CHECK_TRUE(KioskRenderer::tells(damage));
    terminal.storage_damage(damage);
    damage.outbox.unsent_lost = 2;
    terminal.storage_damage(damage);
    damage.outbox.unsent_lost = 0;
    damage.outbox.lost_ranges = 1;
    CHECK_TRUE(KioskRenderer::tells(damage));
    terminal.storage_damage(damage);
    STRCMP_EQUAL(
        "1 message waiting to be sent was lost to a storage fault; please send it again.\n"
        "2 messages waiting to be sent were lost to a storage fault; please send it again.\n"
        "A storage fault was found: messages waiting to be sent may be lost; please check the "
        "conversation.\n",
        out.take().c_str());
}

TEST(KioskRenderer, RefusalsSayWhy) {
    terminal.send_refused(hal::Status::kNoSpace);
    terminal.send_refused(hal::Status::kTooLarge);
    terminal.send_refused(hal::Status::kInvalidArgument);
    terminal.send_refused(hal::Status::kFlashError);
    STRCMP_EQUAL(
        "Not sent: the outbox is full; wait until the network is back.\n"
        "Not sent: the message is longer than the service takes.\n"
        "Not sent: the line is not valid UTF-8 text (check the terminal's encoding).\n"
        "Not sent: it could not be stored.\n",
        out.take().c_str());
}

TEST(KioskRenderer, ATooLongLineNamesTheLimitAndOnATerminalWhatToDo) {
    terminal.line_too_long(512);
    pipe.line_too_long(512);
    STRCMP_EQUAL(
        "Not sent: a line holds at most 512 bytes; shorten it (it is kept below) or send it "
        "in parts.\n"
        "Not sent: a line holds at most 512 bytes.\n",
        out.take().c_str());
}

TEST(KioskRenderer, CommandErrors) {
    terminal.quick_reply_out_of_range(0);
    terminal.quick_reply_out_of_range(3);
    terminal.unknown_command("/frobnicate");
    terminal.notice(KioskNotice::kNoFiles);
    terminal.notice(KioskNotice::kAttachUsage);
    STRCMP_EQUAL(
        "There is no quick reply to pick.\n"
        "Pick a quick reply from /1 to /3.\n"
        "Unknown command /frobnicate (/help lists the commands).\n"
        "This kiosk cannot send files.\n"
        "Usage: /attach PATH\n",
        out.take().c_str());
}

TEST(KioskRenderer, GreetingAndHelp) {
    terminal.notice(KioskNotice::kGreeting);
    STRCMP_EQUAL("Chat with the service desk. /help lists the commands.\n", out.take().c_str());
    terminal.notice(KioskNotice::kHelp);
    STRCMP_EQUAL(std::string(firmware::apps::kiosk::kCommandHelp).c_str(), out.take().c_str());
}

TEST(KioskRenderer, UploadProgressRedrawsInPlaceOnATerminalAndStepsOnAPipe) {
    terminal.upload_progress(1, 4);
    terminal.upload_progress(4, 4);
    terminal.upload_progress_end();
    STRCMP_EQUAL(
        "\r\x1b[Kuploading [#####               ]  25%"
        "\r\x1b[Kuploading [####################] 100%\n",
        out.take().c_str());
    pipe.upload_progress(1, 2);
    STRCMP_EQUAL("\nuploading [##########          ]  50%", out.take().c_str());
}

TEST(KioskRenderer, AFileSent) {
    terminal.file_sent("photo.jpg");
    STRCMP_EQUAL("You sent the file photo.jpg.\n", out.take().c_str());
}

TEST(KioskRenderer, AnAttachmentIsNamedByItsKind) {
    kiosk_test::Incoming m = agent_message("Alice", "", kEightOClock);
    m.media.present = true;
    m.media.mime_type.assign("image/jpeg");
    m.media.filename.assign("photo.jpg");
    pipe.message(m, "look");
    STRCMP_EQUAL("Alice (08:00): look [image: photo.jpg]\n", out.take().c_str());
    m.media.mime_type.assign("application/pdf");
    m.media.filename.assign("invoice.pdf");
    pipe.message(m, "");
    STRCMP_EQUAL("Alice (08:00):  [file: invoice.pdf]\n", out.take().c_str());
    m.media = net::parley::Media{};
    m.image.assign("media/2030/01/15/scan.png");  // legacy: an image, named by its file
    pipe.message(m, "old style");
    STRCMP_EQUAL("Alice (08:00): old style [image: scan.png]\n", out.take().c_str());
}

TEST(KioskRenderer, ASavedAttachmentSaysItsSizeAndWhere) {
    pipe.attachment_saved("image", "photo.jpg", 34 * 1024 + 100, "parley-downloads/photo-1.jpg");
    STRCMP_EQUAL("[image: photo.jpg, 34 KB, saved to parley-downloads/photo-1.jpg]\n",
                 out.take().c_str());
    pipe.attachment_saved("file", "a.pdf", 300, "d/a.pdf");
    STRCMP_EQUAL("[file: a.pdf, 300 bytes, saved to d/a.pdf]\n", out.take().c_str());
    pipe.attachment_saved("file", "b.pdf", 1536 * 1024, "d/b.pdf");
    STRCMP_EQUAL("[file: b.pdf, 1.5 MB, saved to d/b.pdf]\n", out.take().c_str());
}

TEST(KioskRenderer, AnAttachmentNotSavedSaysWhy) {
    out.explaining = true;
    pipe.attachment_not_saved("image", "big.jpg", hal::Status::kTooLarge, "", 10 * 1024 * 1024);
    STRCMP_EQUAL("[image: big.jpg, not saved: larger than the 10 MiB limit]\n", out.take().c_str());
    pipe.attachment_not_saved("image", "x.png", hal::Status::kFlashError, "disk full", 0);
    STRCMP_EQUAL("[image: x.png, not saved: disk full]\n", out.take().c_str());
    pipe.attachment_not_saved("image", "x.png", hal::Status::kNotFound, "", 0);
    STRCMP_EQUAL("[image: x.png, not saved: the service no longer has it]\n", out.take().c_str());
    pipe.attachment_not_saved("image", "x.png", hal::Status::kInvalidArgument, "", 0);
    STRCMP_EQUAL("[image: x.png, not saved: not a file of this service]\n", out.take().c_str());
    pipe.attachment_not_saved("file", "x.pdf", hal::Status::kTimeout, "", 0);
    STRCMP_EQUAL("[file: x.pdf, not saved: because timeout]\n", out.take().c_str());
}

TEST(KioskRenderer, DownloadProgressIsABarOrTheSizeWhenTheLengthIsUnknown) {
    terminal.download_progress(400, 1000);
    STRCMP_EQUAL("\r\x1b[Kdownloading [########            ]  40%", out.take().c_str());
    pipe.download_progress(1000, 1000);
    STRCMP_EQUAL("\ndownloading [####################] 100%", out.take().c_str());
    terminal.download_progress(34 * 1024, 0);
    STRCMP_EQUAL("\r\x1b[Kdownloading 34 KB", out.take().c_str());
}

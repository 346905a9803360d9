// The kiosk app (firmware/apps/kiosk) on a fake terminal and a fake clock, over the real
// messenger, outbox and settings store with a scripted service desk: what the user sees
// (messages, quick replies, typing, link state, refusals, upload progress), what the
// keys do (line editing, escape sequences, overflow, commands) and how a run ends.
#include <algorithm>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "firmware/apps/kiosk/kiosk.h"
#include "tests/apps/app_device.h"
#include "tests/kiosk/kiosk_messages.h"

#include <CppUTest/TestHarness.h>

namespace {

using firmware::apps::kiosk::KioskApp;
using firmware::apps::kiosk::KioskConfig;
using firmware::messenger::LinkState;
using kiosk_test::agent_message;
using kiosk_test::deliver;
using kiosk_test::kEightOClock;
using messenger_test::Failure;
using messenger_test::FakeService;

Failure fail(hal::Status status, const char* error = "") {
    Failure f;
    f.status = status;
    f.error = error;
    f.http_status = status == hal::Status::kBadRequest ? 400 : 503;
    return f;
}

bool contains(const std::string& haystack, const std::string& needle) {
    return haystack.find(needle) != std::string::npos;
}

// The terminal: typed bytes go in, written text is kept. Waiting moves the fake clock to
// the deadline (no real time passes); a hook may type more or interrupt while waiting.
class FakeTerminal final : public firmware::apps::kiosk::KioskTerminal {
  public:
    explicit FakeTerminal(test::FakeClock& clock) : clock_(clock) {}

    void type(const std::string& bytes) { input_ += bytes; }
    void close_input() { closed_ = true; }
    void interrupt() { interrupted_ = true; }

    hal::Result<size_t> read(hal::ByteSpan out) override {
        ++reads;
        if (position_ == input_.size()) {
            if (closed_) {
                end_read_ = true;
                return hal::Status::kClosed;
            }
            return size_t{0};
        }
        size_t n = input_.size() - position_;
        if (n > out.size()) n = out.size();
        for (size_t i = 0; i < n; ++i)
            out[i] = static_cast<uint8_t>(input_[position_ + i]);
        position_ += n;
        return n;
    }
    void write(std::string_view text) override { output.append(text.data(), text.size()); }
    // Returns at once when input (or its end, not yet reported) is there to read.
    void wait_for_input(hal::Millis deadline) override {
        ++waits;
        const bool readable = position_ < input_.size() || (closed_ && !end_read_);
        if (!readable && !hal::deadline_passed(clock_.now_ms(), deadline)) clock_.set_now(deadline);
        if (on_wait) on_wait(*this);
        if (waits >= kMaxWaits) interrupted_ = true;  // a test that would hang fails instead
    }
    bool interrupted() override { return interrupted_; }
    std::string_view explain(hal::Status status) override {
        explained = std::string("because ") + hal::to_string(status);
        return explained;
    }

    static constexpr int kMaxWaits = 5000;
    std::string output;
    std::string explained;
    int reads = 0;
    int waits = 0;
    std::function<void(FakeTerminal&)> on_wait;

  private:
    test::FakeClock& clock_;
    std::string input_;
    size_t position_ = 0;
    bool closed_ = false;
    bool end_read_ = false;  // the end was reported: nothing more will become readable
    bool interrupted_ = false;
};

// Attachments: an upload reports progress in quarters, then succeeds or fails.
class FakeAttachments final : public firmware::apps::kiosk::KioskAttachments {
  public:
    hal::Result<std::string_view> upload(std::string_view path,
                                         firmware::apps::kiosk::KioskProgress& progress,
                                         hal::Millis deadline) override {
        uploaded_path = std::string(path);
        deadline_seen = deadline;
        for (uint64_t sent = 0; sent <= 400; sent += 100) {
            progress.on_progress(sent, 400);
            progress.on_progress(sent, 400);  // the same percentage again: drawn once
        }
        if (status != hal::Status::kOk) return status;
        return std::string_view(media_id);
    }
    std::string_view description() const override { return file_description; }
    std::string_view error() const override { return error_text; }

    hal::Status status = hal::Status::kOk;
    std::string media_id = "2030/01/15/photo.jpg";
    std::string file_description = "photo.jpg";
    std::string error_text;
    std::string uploaded_path;
    hal::Millis deadline_seen = 0;
};

}  // namespace

TEST_GROUP(KioskApp) {
    test::DeviceFlash flash{apps_test::kSettingsGeometry, apps_test::kOutboxGeometry};
    test::FakeClock clock{1000, kEightOClock};
    FakeService service;
    FakeTerminal terminal{clock};
    FakeAttachments attachments;
    KioskConfig config;
    std::unique_ptr<KioskApp> app;
    std::unique_ptr<apps_test::AppDevice> device;

    void setup() override {
        service.wall_time = kEightOClock;
        boot(true);
    }
    void boot(bool interactive, bool with_attachments = true) {
        device.reset();
        config.interactive = interactive;
        app = std::make_unique<KioskApp>(terminal, with_attachments ? &attachments : nullptr, clock,
                                         config);
        device = std::make_unique<apps_test::AppDevice>(flash, clock, service, *app);
    }
    firmware::messenger::Messenger& messenger() {
        return *device->messenger;
    }
    void keys(const std::string& bytes) {
        for (const char c : bytes)
            (void)app->key(messenger(), static_cast<uint8_t>(c));
    }
    // Types `script`, then ends the input: the run drains the outbox and returns.
    int run_script(const std::string& script) {
        terminal.type(script);
        terminal.close_input();
        return app->run(messenger());
    }
};

TEST(KioskApp, ShowsAgentNameAndTimeForAReply) {
    deliver(*app, agent_message("Alice", "How can I help?", kEightOClock + 3 * 60));
    CHECK_TRUE(contains(terminal.output, "Alice (08:03): How can I help?\n"));
}

// A text longer than the kiosk holds (PARLEY_KIOSK_HELD_TEXT_BYTES) is shown as it
// arrives, the sender after it; nothing of it is lost or held.
TEST(KioskApp, ALongTextIsShownAsItArrivesAndTheSenderAfterIt) {
    std::string text;
    while (text.size() < firmware::apps::kiosk::kKioskHeldTextBytes * 3)
        text += "the printer on floor 3 is fixed. ";
    deliver(*app, agent_message("Alice", text.c_str(), kEightOClock + 3 * 60), 50);
    CHECK_TRUE(contains(terminal.output, text + "\n  -- Alice (08:03): \n"));
    CHECK_FALSE(contains(terminal.output, "Alice (08:03): the printer"));
}

TEST(KioskApp, ALongTextCutOffIsMarkedAndTheNextMessageIsWhole) {
    const std::string part(firmware::apps::kiosk::kKioskHeldTextBytes + 10, 'z');
    app->on_message_text(part);
    app->on_message_text_dropped();
    CHECK_TRUE(contains(terminal.output, part + " [...]\n-- the rest did not arrive"));
    deliver(*app, agent_message("Bob", "short", kEightOClock));
    CHECK_TRUE(contains(terminal.output, "Bob (08:00): short\n"));
    // A short text cut off is simply forgotten: nothing of it was shown.
    app->on_message_text("half of");
    app->on_message_text_dropped();
    deliver(*app, agent_message("Bob", "next", kEightOClock));
    CHECK_FALSE(contains(terminal.output, "half of"));
    CHECK_TRUE(contains(terminal.output, "Bob (08:00): next\n"));
}

TEST(KioskApp, LocalTimeAppliesTheUtcOffset) {
    config.utc_offset_s = 2 * 3600;
    boot(true);
    deliver(*app, agent_message("Bob", "hi", kEightOClock));
    CHECK_TRUE(contains(terminal.output, "Bob (10:00): hi\n"));
}

TEST(KioskApp, NamesTheSenderByTypeWhenTheAgentHasNoName) {
    kiosk_test::Incoming m = agent_message(nullptr, "maintenance tonight", kEightOClock);
    m.type = net::parley::MessageType::kSystem;
    deliver(*app, m);
    CHECK_TRUE(contains(terminal.output, "System (08:00): maintenance tonight\n"));

    m.type = net::parley::MessageType::kUser;
    m.text = "typed elsewhere";
    deliver(*app, m);
    CHECK_TRUE(contains(terminal.output, "You (08:00): typed elsewhere\n"));

    m.type = net::parley::MessageType::kAgent;
    m.agent.present = true;  // present but nameless
    m.text = "anonymous";
    deliver(*app, m);
    CHECK_TRUE(contains(terminal.output, "Service desk (08:00): anonymous\n"));
}

TEST(KioskApp, AnUnknownTimeShowsDashes) {
    deliver(*app, agent_message("Alice", "when?", 0));
    CHECK_TRUE(contains(terminal.output, "Alice (--:--): when?\n"));
}

TEST(KioskApp, ShowsTitleFileAndButtonsOfAMessage) {
    kiosk_test::Incoming m = agent_message("Alice", "see attached", kEightOClock);
    m.title.assign("Invoice");
    m.media.present = true;
    m.media.filename.assign("invoice.pdf");
    m.button_count = 1;
    m.buttons[0].title.assign("Open");
    m.buttons[0].payload.assign("https://example.com/i");
    m.buttons[0].type = net::parley::ButtonType::kWebUrl;
    deliver(*app, m);
    CHECK_TRUE(contains(terminal.output,
                        "Alice (08:00): [Invoice] see attached [file: invoice.pdf]\n"
                        "    [link] Open: https://example.com/i\n"));
    CHECK_EQUAL(0, app->quick_reply_count());  // a link is not a pick
}

// A reply button is picked like a quick reply, numbered before them, and sends its
// payload (its title when it has none); a carousel item's reply button follows.
TEST(KioskApp, ReplyButtonsArePickedAndSendTheirPayload) {
    kiosk_test::Incoming m = agent_message("Alice", "Restart the router?", kEightOClock);
    m.button_count = 3;
    m.buttons[0].title.assign("Restart now");
    m.buttons[0].payload.assign("restart");
    m.buttons[0].type = net::parley::ButtonType::kReply;
    m.buttons[1].title.assign("Later");
    m.buttons[1].type = net::parley::ButtonType::kReply;
    m.buttons[2].title.assign("Basic");
    m.buttons[2].payload.assign("plan-basic");
    m.buttons[2].type = net::parley::ButtonType::kReply;
    m.buttons[2].item = 1;
    m.carousel_count = 1;
    m.carousel[0].title.assign("Plans");
    m.quick_reply_count = 1;
    m.quick_replies[0].assign("Thanks");
    deliver(*app, m);
    CHECK_TRUE(contains(terminal.output,
                        "    /1  Restart now\n    /2  Later\n    * Plans\n        /3  Basic\n"
                        "    /4  Thanks\n"));
    CHECK_EQUAL(4, app->quick_reply_count());
    keys("/1\r");
    CHECK_TRUE(contains(terminal.output, "You (08:00): restart\n"));
    keys("/2\r");
    CHECK_TRUE(contains(terminal.output, "You (08:00): Later\n"));
    keys("/3\r");
    CHECK_TRUE(contains(terminal.output, "You (08:00): plan-basic\n"));
    keys("/4\r");
    CHECK_TRUE(contains(terminal.output, "You (08:00): Thanks\n"));
    CHECK_EQUAL(4U, messenger().unconfirmed());
}

TEST(KioskApp, ListsQuickRepliesAndSendsThePickedOne) {
    kiosk_test::Incoming m = agent_message("Alice", "Did that help?", kEightOClock);
    m.quick_reply_count = 2;
    m.quick_replies[0].assign("Yes");
    m.quick_replies[1].assign("No, still broken");
    deliver(*app, m);
    CHECK_TRUE(contains(terminal.output, "    /1  Yes\n    /2  No, still broken\n"));
    CHECK_EQUAL(2, app->quick_reply_count());

    keys("/2\r");
    CHECK_TRUE(contains(terminal.output, "You (08:00): No, still broken\n"));
    CHECK_EQUAL(1U, messenger().unconfirmed());
}

TEST(KioskApp, AtMostNineQuickRepliesArePickable) {
    kiosk_test::Incoming m = agent_message("Alice", "pick", kEightOClock);
    m.quick_reply_count = net::parley::kMaxQuickReplies;
    for (uint8_t i = 0; i < m.quick_reply_count; ++i)
        m.quick_replies[i].assign(std::string(1, static_cast<char>('a' + i)));
    deliver(*app, m);
    const uint8_t expected = net::parley::kMaxQuickReplies < 9 ? net::parley::kMaxQuickReplies : 9;
    CHECK_EQUAL(expected, app->quick_reply_count());
}

TEST(KioskApp, OwnMessagesKeepTheQuickRepliesOfTheLastAgentMessage) {
    kiosk_test::Incoming m = agent_message("Alice", "Did that help?", kEightOClock);
    m.quick_reply_count = 1;
    m.quick_replies[0].assign("Yes");
    deliver(*app, m);
    kiosk_test::Incoming own = agent_message(nullptr, "echo", kEightOClock);
    own.type = net::parley::MessageType::kUser;
    deliver(*app, own);
    CHECK_EQUAL(1, app->quick_reply_count());
}

TEST(KioskApp, APickWithoutQuickRepliesOrOutOfRangeIsExplained) {
    keys("/1\r");
    CHECK_TRUE(contains(terminal.output, "There is no quick reply to pick.\n"));
    kiosk_test::Incoming m = agent_message("Alice", "?", kEightOClock);
    m.quick_reply_count = 2;
    m.quick_replies[0].assign("Yes");
    m.quick_replies[1].assign("No");
    deliver(*app, m);
    keys("/5\r");
    CHECK_TRUE(contains(terminal.output, "Pick a quick reply from /1 to /2.\n"));
    CHECK_EQUAL(0U, messenger().unconfirmed());
}

TEST(KioskApp, EnterSendsTheTrimmedLineIntoTheOutbox) {
    keys("  printer jammed\t \r");
    CHECK_EQUAL(1U, messenger().unconfirmed());
    CHECK_TRUE(contains(terminal.output, "You (08:00): printer jammed\n"));
    CHECK_EQUAL(0U, app->input().size());
    CHECK_TRUE(hal::deadline_passed(messenger().next_poll(), clock.now_ms()));
}

TEST(KioskApp, CrLfSendsOneLineAndABareLfSendsToo) {
    keys("one\r\n");
    keys("two\n");
    CHECK_EQUAL(2U, messenger().unconfirmed());
}

TEST(KioskApp, AnEmptyLineSendsNothingAndRedrawsThePrompt) {
    keys("   \r");
    CHECK_EQUAL(0U, messenger().unconfirmed());
    CHECK_TRUE(contains(terminal.output, "\r\x1b[K> "));
}

TEST(KioskApp, TypedCharactersAreEchoedOnATerminal) {
    keys("ab");
    STRCMP_EQUAL("ab", terminal.output.c_str());
    STRCMP_EQUAL("ab", std::string(app->input()).c_str());
}

TEST(KioskApp, NothingIsEchoedFromAPipe) {
    boot(false);
    keys("ab");
    CHECK_EQUAL(0U, terminal.output.size());
    STRCMP_EQUAL("ab", std::string(app->input()).c_str());
}

TEST(KioskApp, BackspaceDeletesOneWholeUtf8Character) {
    keys("caf\xC3\xA9");
    keys("\x7f");
    STRCMP_EQUAL("caf", std::string(app->input()).c_str());
    keys("\x08");
    STRCMP_EQUAL("ca", std::string(app->input()).c_str());
    CHECK_TRUE(contains(terminal.output, "\b \b"));
}

TEST(KioskApp, BackspaceOnAnEmptyLineDoesNothing) {
    keys("\x7f");
    CHECK_EQUAL(0U, app->input().size());
    CHECK_EQUAL(0U, terminal.output.size());
}

TEST(KioskApp, BackspaceOverStrayContinuationBytesEmptiesTheLine) {
    keys("\x80\x80");
    keys("\x7f");
    CHECK_EQUAL(0U, app->input().size());
}

TEST(KioskApp, CtrlUClearsTheLine) {
    keys("wrong text");
    keys("\x15");
    CHECK_EQUAL(0U, app->input().size());
    CHECK_TRUE(contains(terminal.output, "\r\x1b[K> "));
    keys("right\r");
    CHECK_TRUE(contains(terminal.output, "You (08:00): right\n"));
}

TEST(KioskApp, CursorKeysAndOtherControlKeysAreIgnored) {
    keys("a\x1b[A\x1b[1;5C\x1bOPb\x1bxc\x01\x02");
    // ESC x is not a sequence: the x is dropped with the escape, the c is kept.
    STRCMP_EQUAL("abc", std::string(app->input()).c_str());
}

TEST(KioskApp, TabIsTypedAsASpace) {
    keys("a\tb");
    STRCMP_EQUAL("a b", std::string(app->input()).c_str());
}

TEST(KioskApp, CtrlDLeavesOnlyOnAnEmptyLine) {
    keys("x");
    CHECK_TRUE(app->key(messenger(), 0x04));
    CHECK_FALSE(app->quit_requested());
    keys("\x15");
    CHECK_FALSE(app->key(messenger(), 0x04));
    CHECK_TRUE(app->quit_requested());
}

TEST(KioskApp, AnOverlongLineIsRefusedWithTheLimitAndKeptWhole) {
    const std::string line(firmware::apps::kiosk::kKioskInputBytes + 10, 'x');
    keys(line);
    CHECK_EQUAL(
        1U, static_cast<size_t>(std::count(terminal.output.begin(), terminal.output.end(), '\a')));
    keys("\r");
    CHECK_EQUAL(0U, messenger().unconfirmed());
    CHECK_TRUE(contains(terminal.output, "Not sent: a line holds at most 512 bytes; shorten it"));
    CHECK_EQUAL(firmware::apps::kiosk::kKioskInputBytes, app->input().size());
}

// The bytes past the limit are dropped; a character they tore is dropped with them, so
// the kept line is valid text again (it was once kept torn, then refused as not UTF-8).
TEST(KioskApp, AnOverlongLineKeptAfterRefusalEndsOnACharacterBoundary) {
    struct Case {
        size_t ascii;
        std::string tail;
        size_t kept;
    };
    const size_t limit = firmware::apps::kiosk::kKioskInputBytes;
    const Case cases[] = {
        {limit - 1, "\xC3\xA9\xC3\xA9", limit - 1},  // é torn after its lead byte
        {limit - 2, "\xE2\x82\xAC", limit - 2},      // € torn after two bytes
        {limit - 3, "\xF0\x9F\x98\x80", limit - 3},  // 😀 torn after three bytes
        {limit - 2, "\xC3\xA9\xC3\xA9", limit},      // the limit falls between two é
        {0, std::string(limit + 1, '\x80'), limit},  // no lead byte at all: kept as is
    };
    for (const Case& c : cases) {
        boot(true);
        keys(std::string(c.ascii, 'x') + c.tail + "yyy");
        keys("\r");
        CHECK_EQUAL(c.kept, app->input().size());
    }
    // The kept line is valid text: Enter now sends it.
    boot(true);
    keys(std::string(limit - 1, 'x') + "\xC3\xA9");
    keys("\r");
    CHECK_EQUAL(0U, messenger().unconfirmed());
    keys("\r");
    CHECK_EQUAL(1U, messenger().unconfirmed());
}

TEST(KioskApp, AnOverlongLineFromAPipeIsRefusedAndDropped) {
    boot(false);
    keys(std::string(firmware::apps::kiosk::kKioskInputBytes + 1, 'y'));
    keys("\n");
    CHECK_TRUE(contains(terminal.output, "Not sent: a line holds at most 512 bytes.\n"));
    CHECK_EQUAL(0U, app->input().size());
    CHECK_FALSE(contains(terminal.output, "\a"));
}

TEST(KioskApp, InvalidUtf8IsRefusedWithTheReasonAndKeptForEditing) {
    keys("bad \xFF byte\r");
    CHECK_EQUAL(0U, messenger().unconfirmed());
    CHECK_TRUE(contains(terminal.output, "Not sent: the line is not valid UTF-8 text"));
    STRCMP_EQUAL("bad \xFF byte", std::string(app->input()).c_str());
}

TEST(KioskApp, ADoubleSlashSendsATextStartingWithASlash) {
    keys("//etc is a folder\r");
    CHECK_TRUE(contains(terminal.output, "You (08:00): /etc is a folder\n"));
    CHECK_EQUAL(1U, messenger().unconfirmed());
}

TEST(KioskApp, ARefusedDoubleSlashLineIsKeptWithItsSlashes) {
    keys("//\xFF\r");
    CHECK_EQUAL(0U, messenger().unconfirmed());
    STRCMP_EQUAL("//\xFF", std::string(app->input()).c_str());
}

TEST(KioskApp, HelpListsTheCommands) {
    keys("/help\r");
    CHECK_TRUE(contains(terminal.output, "/attach PATH"));
    CHECK_TRUE(contains(terminal.output, "/quit"));
}

TEST(KioskApp, AnUnknownCommandIsNamed) {
    keys("/frobnicate\r");
    CHECK_TRUE(contains(terminal.output, "Unknown command /frobnicate (/help lists the commands)"));
    keys("/attachment\r");
    CHECK_TRUE(contains(terminal.output, "Unknown command /attachment"));
    CHECK_EQUAL(0U, messenger().unconfirmed());
}

TEST(KioskApp, QuitAndExitLeave) {
    keys("/quit\r");
    CHECK_TRUE(app->quit_requested());
    boot(true);
    keys("/exit\r");
    CHECK_TRUE(app->quit_requested());
}

TEST(KioskApp, AFullOutboxIsExplained) {
    // Large entries first, then small ones into what is left.
    const std::string large(400, 'q');
    while (messenger().send_text(large).ok()) {
    }
    while (messenger().send_text("q").ok()) {
    }
    keys("one more\r");
    CHECK_TRUE(contains(terminal.output, "Not sent: the outbox is full; wait until the network"));
    STRCMP_EQUAL("one more", std::string(app->input()).c_str());
}

TEST(KioskApp, AFlashFailureWhileStoringIsExplained) {
    flash.outbox.fail_from(flash.outbox.operations() + 1);
    keys("lost?\r");
    CHECK_TRUE(contains(terminal.output, "Not sent: it could not be stored.\n"));
    STRCMP_EQUAL("lost?", std::string(app->input()).c_str());
}

TEST(KioskApp, WithoutAWallClockOwnMessagesShowDashes) {
    clock.forget_wall();
    keys("hi\r");
    CHECK_TRUE(contains(terminal.output, "You (--:--): hi\n"));
}

TEST(KioskApp, AttachUploadsWithAProgressBarAndQueuesTheFile) {
    keys("/attach  photos/cat.jpg \r");
    STRCMP_EQUAL("photos/cat.jpg", attachments.uploaded_path.c_str());
    CHECK_EQUAL(clock.now_ms() + config.upload_timeout_ms, attachments.deadline_seen);
    CHECK_TRUE(contains(terminal.output, "uploading [                    ]   0%"));
    CHECK_TRUE(contains(terminal.output, "uploading [#####               ]  25%"));
    CHECK_TRUE(contains(terminal.output, "uploading [####################] 100%\n"));
    // Each percentage is drawn once although it was reported twice.
    CHECK_EQUAL(std::string::npos, terminal.output.find("100%", terminal.output.find("100%") + 1));
    CHECK_TRUE(contains(terminal.output, "You sent the file photo.jpg.\n"));
    CHECK_EQUAL(1U, messenger().unconfirmed());
}

TEST(KioskApp, UploadProgressFromAPipeIsOneLinePerStep) {
    boot(false);
    keys("/attach a.pdf\n");
    CHECK_TRUE(contains(terminal.output, "\nuploading [##########          ]  50%"));
    CHECK_FALSE(contains(terminal.output, "\x1b[K"));
}

TEST(KioskApp, AFailedUploadSaysWhy) {
    attachments.status = hal::Status::kNotFound;
    attachments.error_text = "no such file";
    keys("/attach missing.jpg\r");
    CHECK_TRUE(contains(terminal.output, "The file was not sent: no such file.\n"));
    attachments.error_text.clear();
    keys("/attach missing.jpg\r");
    CHECK_TRUE(contains(terminal.output, "The file was not sent: because not-found.\n"));
    CHECK_EQUAL(0U, messenger().unconfirmed());
}

TEST(KioskApp, AnUploadedFileTheOutboxRefusesIsReported) {
    attachments.file_description = "bad \xFF name";
    keys("/attach x.jpg\r");
    CHECK_TRUE(contains(terminal.output,
                        "The file was uploaded but could not be queued (because "
                        "invalid-argument).\n"));
    CHECK_EQUAL(0U, messenger().unconfirmed());
}

TEST(KioskApp, AttachNeedsAPathAndAKioskThatHasFiles) {
    keys("/attach\r");
    CHECK_TRUE(contains(terminal.output, "Usage: /attach PATH\n"));
    boot(true, false);
    keys("/attach x.jpg\r");
    CHECK_TRUE(contains(terminal.output, "This kiosk cannot send files.\n"));
}

TEST(KioskApp, TypingIsShownOnceWithinItsWindowAndAgainAfterIt) {
    app->on_agent_typing(true, "Alice");
    app->on_agent_typing(true, "Alice");
    CHECK_EQUAL(1,
                static_cast<int>(std::count(terminal.output.begin(), terminal.output.end(), '\n')));
    CHECK_TRUE(contains(terminal.output, "Alice is typing…\n"));
    app->on_agent_typing(true, "Bob");  // another agent: shown at once
    CHECK_TRUE(contains(terminal.output, "Bob is typing…\n"));
    clock.advance(config.typing_shown_ms + 1);
    terminal.output.clear();
    app->on_agent_typing(true, "Bob");
    CHECK_TRUE(contains(terminal.output, "Bob is typing…\n"));
}

TEST(KioskApp, TypingIsShownAgainAfterItStoppedOrAMessageArrived) {
    app->on_agent_typing(true, "");
    CHECK_TRUE(contains(terminal.output, "The service desk is typing…\n"));
    app->on_agent_typing(false, "");
    terminal.output.clear();
    app->on_agent_typing(true, "");
    CHECK_TRUE(contains(terminal.output, "is typing"));
    deliver(*app, agent_message(nullptr, "done", kEightOClock));
    terminal.output.clear();
    app->on_agent_typing(true, "");
    CHECK_TRUE(contains(terminal.output, "is typing"));
}

TEST(KioskApp, ARejectedMessageIsReportedWithTheServicesReasonOrOurs) {
    app->on_rejected(1, hal::Status::kBadRequest, "text_too_long");
    CHECK_TRUE(contains(terminal.output,
                        "A message could not be delivered and was set aside (text_too_long); "
                        "the rest go on.\n"));
    app->on_rejected(2, hal::Status::kInvalidArgument, "");
    CHECK_TRUE(contains(terminal.output, "set aside (because invalid-argument)"));
}

TEST(KioskApp, LinkChangesAreShownOutsideARun) {
    app->on_link(firmware::messenger::LinkState::kOnline, hal::Status::kOk);
    CHECK_TRUE(contains(terminal.output, "-- online\n"));
    app->on_link(firmware::messenger::LinkState::kRetrying, hal::Status::kTimeout);
    CHECK_TRUE(contains(terminal.output, "-- offline (because timeout) — retrying\n"));
    app->on_link(firmware::messenger::LinkState::kOnline, hal::Status::kOk);
    CHECK_TRUE(contains(terminal.output, "-- online again\n"));
    app->on_link(firmware::messenger::LinkState::kStopped, hal::Status::kBadCredentials);
    CHECK_TRUE(contains(terminal.output,
                        "-- stopped: because bad-credentials — messages stay in the outbox"));
    app->on_link(firmware::messenger::LinkState::kConnecting, hal::Status::kOk);
    CHECK_TRUE(contains(terminal.output, "-- connecting\n"));
    // No run: no prompt is drawn after the lines.
    CHECK_FALSE(contains(terminal.output, "> "));
}

TEST(KioskApp, ARunGreetsSendsWhatWasTypedAndReturnsZeroWhenAllWentOut) {
    const int code = run_script("first\rsecond\r");
    CHECK_EQUAL(0, code);
    CHECK_TRUE(contains(terminal.output, "Chat with the service desk. /help lists the commands."));
    const std::vector<std::string> texts = service.user_texts();
    CHECK_EQUAL(2U, texts.size());
    STRCMP_EQUAL("first", texts[0].c_str());
    STRCMP_EQUAL("second", texts[1].c_str());
    CHECK_EQUAL(0U, messenger().unconfirmed());
}

TEST(KioskApp, ARunShowsRepliesAndTheLinkWithAPromptAfterEachLine) {
    service.bot = true;
    terminal.type("hello\r");
    terminal.on_wait = [this](FakeTerminal& t) {
        if (contains(t.output, "re: hello")) t.type("/quit\r");
    };
    const int code = app->run(messenger());
    CHECK_EQUAL(0, code);
    CHECK_TRUE(contains(terminal.output, "-- online, sending 1 message waiting\n> "));
    CHECK_TRUE(contains(terminal.output, "Service desk (08:00): re: hello\n> "));
    CHECK_TRUE(app->quit_requested());
}

TEST(KioskApp, ARunThatEndsWithUnsentMessagesSaysSoAndReturnsOne) {
    for (int i = 0; i < 50; ++i)
        service.subscribe_failures.push_back(fail(hal::Status::kUnavailable));
    const int code = run_script("still queued\r");
    CHECK_EQUAL(1, code);
    CHECK_TRUE(contains(terminal.output, "-- offline (because unavailable) — retrying, 1 message"));
    CHECK_TRUE(contains(terminal.output, "-- 1 message waiting to be sent\n"));
    CHECK_EQUAL(1U, messenger().unconfirmed());
}

TEST(KioskApp, ARunStartsByCountingWhatWaitsFromTheLastLife) {
    CHECK_TRUE(messenger().send_text("from before").ok());
    CHECK_TRUE(messenger().send_text("and this").ok());
    boot(true);
    for (int i = 0; i < 50; ++i)
        service.subscribe_failures.push_back(fail(hal::Status::kUnavailable));
    const int code = run_script("");
    CHECK_EQUAL(1, code);
    CHECK_TRUE(contains(terminal.output, "-- 2 messages waiting to be sent\n"));
    CHECK_TRUE(contains(terminal.output, "retrying, 2 messages waiting"));
}

TEST(KioskApp, ASendWhileOfflineCountsTheWaitingMessages) {
    for (int i = 0; i < 50; ++i)
        service.subscribe_failures.push_back(fail(hal::Status::kUnavailable));
    terminal.on_wait = [](FakeTerminal& t) {
        if (contains(t.output, "-- offline") && !contains(t.output, "You (")) t.type("later\r");
        if (contains(t.output, "You (")) t.type("/quit\r");
    };
    const int code = app->run(messenger());
    CHECK_EQUAL(0, code);  // left with /quit: what waits stays queued
    CHECK_TRUE(contains(terminal.output, "You (08:00): later\n-- 1 message waiting to be sent\n"));
    CHECK_TRUE(contains(terminal.output, "-- 1 message waiting to be sent\n"));
}

TEST(KioskApp, OnlineAgainAnnouncesWhatWillBeSent) {
    service.subscribe_failures.push_back(fail(hal::Status::kUnavailable));
    CHECK_TRUE(messenger().send_text("one").ok());
    CHECK_TRUE(messenger().send_text("two").ok());
    const int code = run_script("");
    CHECK_EQUAL(0, code);
    CHECK_TRUE(contains(terminal.output, "-- online again, sending 2 messages waiting\n"));
}

TEST(KioskApp, BadCredentialsStopTheDrainAtOnce) {
    service.subscribe_failures.push_back(fail(hal::Status::kBadCredentials));
    const hal::Millis before = clock.now_ms();
    const int code = run_script("not going out\r");
    CHECK_EQUAL(1, code);
    CHECK_TRUE(contains(terminal.output, "-- stopped: because bad-credentials"));
    // Stopped: it did not wait out the drain timeout.
    CHECK_TRUE(clock.now_ms() - before < config.drain_timeout_ms);
}

TEST(KioskApp, AnInterruptionLeavesWithoutDraining) {
    terminal.type("queued\r");
    terminal.on_wait = [](FakeTerminal& t) { t.interrupt(); };
    const int code = app->run(messenger());
    CHECK_EQUAL(0, code);
    CHECK_EQUAL(1U, messenger().unconfirmed());
    CHECK_EQUAL(0, service.sends);
    CHECK_TRUE(contains(terminal.output, "-- 1 message waiting to be sent\n"));
}

TEST(KioskApp, AnInterruptionWhileReadingStopsBeforeTheNextStep) {
    terminal.interrupt();
    const int code = run_script("never read\r");
    CHECK_EQUAL(0, code);
    CHECK_EQUAL(0, terminal.reads);
    CHECK_EQUAL(0U, messenger().unconfirmed());
}

TEST(KioskApp, QuitInTheMiddleOfABufferIgnoresTheRest) {
    const int code = run_script("/quit\rnot sent\r");
    CHECK_EQUAL(0, code);
    CHECK_EQUAL(0U, messenger().unconfirmed());
    CHECK_EQUAL(0, terminal.waits);
}

TEST(KioskApp, InputLongerThanOneReadIsReadBeforeWaiting) {
    std::string script;
    for (int i = 0; i < 10; ++i)
        script += "message number " + std::to_string(i) + "\r";
    CHECK_TRUE(script.size() > 64);
    terminal.type(script);
    terminal.on_wait = [](FakeTerminal& t) { t.interrupt(); };
    (void)app->run(messenger());
    CHECK_EQUAL(10U, messenger().unconfirmed());
    CHECK_EQUAL(1, terminal.waits);
}

TEST(KioskApp, FromAPipeARunPrintsNoTerminalControls) {
    boot(false);
    const int code = run_script("plain\n");
    CHECK_EQUAL(0, code);
    CHECK_FALSE(contains(terminal.output, "\x1b"));
    CHECK_FALSE(contains(terminal.output, "> "));
    CHECK_TRUE(contains(terminal.output, "You (08:00): plain\n"));
}

TEST(KioskApp, TheDrainGivesUpAtItsTimeout) {
    config.drain_timeout_ms = 5000;
    boot(true);
    for (int i = 0; i < 200; ++i)
        service.subscribe_failures.push_back(fail(hal::Status::kUnavailable));
    const hal::Millis before = clock.now_ms();
    const int code = run_script("waits\r");
    CHECK_EQUAL(1, code);
    CHECK_TRUE(clock.now_ms() - before >= 5000);
    CHECK_TRUE(clock.now_ms() - before < 5000 + 60000);
}

namespace {

// A terminal that overrides only what it must.
class PlainTerminal final : public firmware::apps::kiosk::KioskTerminal {
  public:
    hal::Result<size_t> read(hal::ByteSpan) override { return hal::Status::kClosed; }
    void write(std::string_view text) override { output.append(text.data(), text.size()); }
    void wait_for_input(hal::Millis) override {}
    std::string output;
};

}  // namespace

TEST(KioskApp, ATerminalWithoutSignalsIsNeverInterruptedAndNamesStatusesPlainly) {
    PlainTerminal plain;
    CHECK_FALSE(plain.interrupted());
    KioskApp kiosk(plain, nullptr, clock, config);
    kiosk.on_link(firmware::messenger::LinkState::kRetrying, hal::Status::kTimeout);
    CHECK_TRUE(contains(plain.output, "-- offline (timeout) — retrying\n"));
}

TEST_GROUP(KioskFormat){};

TEST(KioskFormat, ProgressBarFillsByPercent) {
    char out[40];
    const size_t n = firmware::apps::kiosk::format_progress(52, 100, 10, hal::CharSpan(out));
    STRCMP_EQUAL("[#####     ]  52%", std::string(out, n).c_str());
}

TEST(KioskFormat, ProgressBarPadsSmallPercentagesAndCapsAtFull) {
    char out[40];
    size_t n = firmware::apps::kiosk::format_progress(3, 100, 4, hal::CharSpan(out));
    STRCMP_EQUAL("[    ]   3%", std::string(out, n).c_str());
    n = firmware::apps::kiosk::format_progress(150, 100, 4, hal::CharSpan(out));
    STRCMP_EQUAL("[####] 100%", std::string(out, n).c_str());
    n = firmware::apps::kiosk::format_progress(0, 0, 4, hal::CharSpan(out));
    STRCMP_EQUAL("[####] 100%", std::string(out, n).c_str());
}

TEST(KioskFormat, ProgressBarNeedsRoomForItsWidth) {
    char out[12];
    CHECK_EQUAL(0U, firmware::apps::kiosk::format_progress(1, 2, 10, hal::CharSpan(out)));
}

TEST(KioskFormat, ClockWrapsAroundMidnightBothWays) {
    char out[6];
    firmware::apps::kiosk::format_clock(kEightOClock + 16 * 3600 + 59 * 60, 0, out);
    STRCMP_EQUAL("00:59", out);
    firmware::apps::kiosk::format_clock(kEightOClock, -9 * 3600, out);
    STRCMP_EQUAL("23:00", out);
    firmware::apps::kiosk::format_clock(60, -3600, out);  // before the epoch's first midnight
    STRCMP_EQUAL("23:01", out);
    firmware::apps::kiosk::format_clock(-5, 0, out);
    STRCMP_EQUAL("--:--", out);
}

namespace {

uint64_t g_kiosk_receipt_ids[firmware::messenger::kReceiptStorageIds];

}  // namespace

// Read receipts (kiosk.h): shown while someone is at the screen, read; arriving after
// idle_after_ms without a key, delivered only, until a key wakes the screen, says how
// many came, and they are marked read.
TEST(KioskApp, WhatArrivesWhileTheScreenIsIdleIsReadOnlyAfterTheNextKey) {
    config.idle_after_ms = 60000;
    device.reset();
    app = std::make_unique<KioskApp>(terminal, &attachments, clock, config);
    firmware::messenger::MessengerConfig receipts = apps_test::messenger_config();
    receipts.read_receipts = true;
    receipts.receipt_ids = hal::Span<uint64_t>(g_kiosk_receipt_ids);
    device = std::make_unique<apps_test::AppDevice>(flash, clock, service, *app, receipts);
    const uint64_t seen = service.store(2, "while someone looks");
    uint64_t idle = 0;
    int stage = 0;
    terminal.on_wait = [&](FakeTerminal& t) {
        if (stage == 0 && contains(t.output, "while someone looks")) {
            stage = 1;
            clock.advance(61000);  // nobody touches a key for a minute
            idle = service.store(2, "nobody looks");
        } else if (stage == 1 && service.statuses[idle] == 3) {
            stage = 2;
            t.type("x");  // someone is back
        } else if (stage == 2 && service.statuses[idle] == 4) {
            stage = 3;
            t.type("\x15/quit\r");
        }
    };
    CHECK_EQUAL(0, app->run(messenger()));
    CHECK_EQUAL(3, stage);
    CHECK_EQUAL(4, service.statuses[seen]);
    CHECK_TRUE(contains(terminal.output, "Service desk (08:00): nobody looks\n"));
    CHECK_TRUE(contains(terminal.output, "-- 1 new message\n"));
}

// Downloads (kiosk.h, "Downloads"): attachments of received messages fetched from the
// loop after the step that delivered them, into a store that keeps what it was given.
namespace {

using firmware::apps::kiosk::KioskDownloads;

class FakeDownloads final : public KioskDownloads {
  public:
    hal::Status open(std::string_view name, std::string_view content_type) override {
        ++opens;
        opened_name = std::string(name);
        opened_type = std::string(content_type);
        partial.clear();
        return open_status;
    }
    hal::Status write(hal::ConstByteSpan piece) override {
        partial.append(reinterpret_cast<const char*>(piece.data()), piece.size());
        return hal::Status::kOk;
    }
    hal::Status commit() override {
        saved = "dl/" + opened_name;
        files[saved] = partial;
        partial.clear();
        return hal::Status::kOk;
    }
    void discard() override {
        ++discards;
        partial.clear();
    }
    std::string_view saved_as() const override { return saved; }
    std::string_view error() const override { return error_text; }

    hal::Status open_status = hal::Status::kOk;
    std::string error_text;
    int opens = 0;
    int discards = 0;
    std::string opened_name;
    std::string opened_type;
    std::string partial;
    std::string saved;
    std::map<std::string, std::string> files;  // committed, by path
};

std::string file_bytes(size_t size) {
    std::string bytes;
    for (size_t i = 0; i < size; ++i)
        bytes += static_cast<char>(i * 7 + 3);
    return bytes;
}

kiosk_test::Incoming with_media(const char* filename, const char* mime_type) {
    kiosk_test::Incoming m = agent_message("Alice", "look", kEightOClock);
    m.media.present = true;
    m.media.mime_type.assign(mime_type);
    m.media.year.assign("2030");
    m.media.month.assign("01");
    m.media.day.assign("15");
    m.media.filename.assign(filename);
    return m;
}

}  // namespace

TEST_GROUP(KioskDownloads) {
    test::DeviceFlash flash{apps_test::kSettingsGeometry, apps_test::kOutboxGeometry};
    test::FakeClock clock{1000, kEightOClock};
    FakeService service;
    FakeTerminal terminal{clock};
    FakeDownloads downloads;
    KioskConfig config;
    std::unique_ptr<KioskApp> app;
    std::unique_ptr<apps_test::AppDevice> device;
    const std::string photo = file_bytes(34 * 1024 + 100);

    void setup() override {
        service.wall_time = kEightOClock;
        service.media_files["photo.jpg"] = {"image/jpeg", photo};
        boot(true);
    }
    void boot(bool with_store) {
        device.reset();
        config.interactive = false;
        app = std::make_unique<KioskApp>(terminal, nullptr, clock, config);
        if (with_store) app->set_downloads(&downloads);
        device = std::make_unique<apps_test::AppDevice>(flash, clock, service, *app);
    }
    // Runs `turns` loop turns (a step and at most one download each), then /quit.
    void run_turns(int turns) {
        terminal.on_wait = [turns](FakeTerminal& t) {
            if (t.waits == turns) t.type("/quit\r");
        };
        CHECK_EQUAL(0, app->run(*device->messenger));
    }
    size_t count(const std::string& needle) const {
        size_t n = 0;
        for (size_t at = terminal.output.find(needle); at != std::string::npos;
             at = terminal.output.find(needle, at + 1))
            ++n;
        return n;
    }
};

TEST(KioskDownloads, AnAgentImageIsDownloadedAfterTheStepWithProgressAndSaid) {
    deliver(*app, with_media("photo.jpg", "image/jpeg"));
    CHECK_TRUE(contains(terminal.output, "Alice (08:00): look [image: photo.jpg]\n"));
    CHECK_TRUE(service.downloads.empty());  // not from inside on_message
    run_turns(1);
    CHECK_EQUAL(1U, service.downloads.size());
    STRCMP_EQUAL("photo.jpg", downloads.opened_name.c_str());
    STRCMP_EQUAL("image/jpeg", downloads.opened_type.c_str());
    CHECK_TRUE(downloads.files["dl/photo.jpg"] == photo);
    CHECK_TRUE(contains(terminal.output, "\ndownloading [##                  ]  14%"));
    CHECK_TRUE(contains(terminal.output,
                        "\ndownloading [####################] 100%\n"
                        "[image: photo.jpg, 34 KB, saved to dl/photo.jpg]\n"));
    CHECK_EQUAL(1U, count("look [image: photo.jpg]"));  // the message is shown once
}

TEST(KioskDownloads, ALegacyImageIsDownloadedByItsPath) {
    kiosk_test::Incoming m = agent_message("Alice", "old style", kEightOClock);
    m.image.assign("media/2030/01/15/scan.png");
    service.media_files["media/2030/01/15/scan.png"] = {"image/png", "png bytes"};
    deliver(*app, m);
    run_turns(1);
    CHECK_TRUE(downloads.files["dl/scan.png"] == "png bytes");
    CHECK_TRUE(contains(terminal.output, "Alice (08:00): old style [image: scan.png]\n"));
    CHECK_TRUE(contains(terminal.output, "[image: scan.png, 9 bytes, saved to dl/scan.png]\n"));
}

TEST(KioskDownloads, APdfIsAFile) {
    service.media_files["report.pdf"] = {"application/pdf", "%PDF"};
    deliver(*app, with_media("report.pdf", "application/pdf"));
    run_turns(1);
    CHECK_TRUE(contains(terminal.output, "[file: report.pdf, 4 bytes, saved to dl/report.pdf]\n"));
}

TEST(KioskDownloads, AnAnnouncedLengthOverTheLimitIsRefusedBeforeAnyByte) {
    config.download_limit_bytes = 1000;
    boot(true);
    service.media_files["photo.jpg"].bytes = file_bytes(1001);
    deliver(*app, with_media("photo.jpg", "image/jpeg"));
    run_turns(3);
    CHECK_EQUAL(0, downloads.opens);
    CHECK_EQUAL(1U, service.downloads.size());  // not tried again
    CHECK_TRUE(contains(terminal.output,
                        "[image: photo.jpg, not saved: larger than the 1000 bytes limit]\n"));
}

TEST(KioskDownloads, BytesPastTheLimitStopTheDownloadAndThePartIsDiscarded) {
    config.download_limit_bytes = 2000;
    boot(true);
    service.media_length_unknown = true;
    service.media_files["photo.jpg"].bytes = file_bytes(2001);
    deliver(*app, with_media("photo.jpg", "image/jpeg"));
    run_turns(3);
    CHECK_EQUAL(1, downloads.opens);
    CHECK_EQUAL(1, downloads.discards);
    CHECK_TRUE(downloads.files.empty());
    CHECK_EQUAL(1U, service.downloads.size());
    // Without a length the size is drawn at each new 64 KiB: once here.
    CHECK_TRUE(contains(terminal.output,
                        "\ndownloading 1000 bytes\n"
                        "[image: photo.jpg, not saved: larger than the 2000 "
                        "bytes limit]\n"));
}

TEST(KioskDownloads, AnExactlyFullDownloadIsSaved) {
    config.download_limit_bytes = 2000;
    boot(true);
    service.media_files["photo.jpg"].bytes = file_bytes(2000);
    deliver(*app, with_media("photo.jpg", "image/jpeg"));
    run_turns(1);
    CHECK_EQUAL(2000U, downloads.files["dl/photo.jpg"].size());
}

TEST(KioskDownloads, ANetworkFailureIsTriedOnceMoreOnTheNextTurn) {
    service.download_failures.push_back(fail(hal::Status::kNetworkError));
    service.bytes_before_failure = 5000;
    deliver(*app, with_media("photo.jpg", "image/jpeg"));
    run_turns(3);
    CHECK_EQUAL(2U, service.downloads.size());
    CHECK_EQUAL(1, downloads.discards);  // the first attempt's 5000 bytes
    CHECK_TRUE(downloads.files["dl/photo.jpg"] == photo);
    CHECK_EQUAL(1U, count("[image: photo.jpg, 34 KB, saved to dl/photo.jpg]"));
    CHECK_EQUAL(0U, count("not saved"));
    CHECK_EQUAL(1U, count("look [image: photo.jpg]\n"));
}

TEST(KioskDownloads, ASecondNetworkFailureGivesUpAndSaysWhy) {
    service.download_failures.push_back(fail(hal::Status::kTimeout));
    service.download_failures.push_back(fail(hal::Status::kOutcomeUnknown));
    deliver(*app, with_media("photo.jpg", "image/jpeg"));
    run_turns(4);
    CHECK_EQUAL(2U, service.downloads.size());
    CHECK_TRUE(downloads.files.empty());
    CHECK_TRUE(
        contains(terminal.output, "[image: photo.jpg, not saved: because outcome-unknown]\n"));
}

TEST(KioskDownloads, AFileTheServiceDoesNotHaveIsNotRetried) {
    deliver(*app, with_media("gone.jpg", "image/jpeg"));
    run_turns(3);
    CHECK_EQUAL(1U, service.downloads.size());
    CHECK_TRUE(
        contains(terminal.output, "[image: gone.jpg, not saved: the service no longer has it]\n"));
}

TEST(KioskDownloads, AStoreFailureSaysTheStoresWordsAndIsNotRetried) {
    downloads.open_status = hal::Status::kFlashError;
    downloads.error_text = "cannot write in dl: No space left on device";
    deliver(*app, with_media("photo.jpg", "image/jpeg"));
    run_turns(3);
    CHECK_EQUAL(1U, service.downloads.size());
    CHECK_TRUE(contains(terminal.output,
                        "[image: photo.jpg, not saved: cannot write in dl: No "
                        "space left on device]\n"));
}

TEST(KioskDownloads, WithoutAStoreAnAttachmentIsOnlyNamed) {
    boot(false);
    deliver(*app, with_media("photo.jpg", "image/jpeg"));
    run_turns(2);
    CHECK_TRUE(service.downloads.empty());
    CHECK_TRUE(contains(terminal.output, "Alice (08:00): look [image: photo.jpg]\n"));
    CHECK_EQUAL(0U, count("saved"));
}

TEST(KioskDownloads, MoreAttachmentsAtOnceThanTheQueueHoldsAreSaidNotSaved) {
    for (size_t i = 0; i <= firmware::apps::kiosk::kKioskPendingDownloads; ++i)
        deliver(*app, with_media("photo.jpg", "image/jpeg"));
    CHECK_EQUAL(1U, count("[image: photo.jpg, not saved: too many attachments at once]\n"));
    run_turns(static_cast<int>(firmware::apps::kiosk::kKioskPendingDownloads) + 1);
    CHECK_EQUAL(firmware::apps::kiosk::kKioskPendingDownloads, service.downloads.size());
    CHECK_EQUAL(firmware::apps::kiosk::kKioskPendingDownloads,
                count(", 34 KB, saved to dl/photo.jpg]"));
}

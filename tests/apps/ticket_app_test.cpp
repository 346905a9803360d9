// The ticket app (firmware/apps/ticket) with a fake console, idle and attachment on a
// fake clock, over the real messenger, outbox and settings store with a scripted service
// desk: the ticket text, each outcome (replied, sent, queued, failed) and what the
// console is told on the way.
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "firmware/apps/ticket/ticket.h"
#include "tests/apps/app_device.h"

#include <CppUTest/TestHarness.h>

namespace {

using firmware::apps::ticket::DeviceFacts;
using firmware::apps::ticket::TicketApp;
using firmware::apps::ticket::TicketConfig;
using firmware::apps::ticket::TicketOutcome;
using firmware::messenger::LinkState;
using messenger_test::Failure;
using messenger_test::FakeService;

}  // namespace

// CHECK_EQUAL on outcomes prints their names.
SimpleString StringFrom(firmware::apps::ticket::TicketOutcome outcome);
SimpleString StringFrom(firmware::apps::ticket::TicketOutcome outcome) {
    return SimpleString(firmware::apps::ticket::to_string(outcome));
}

namespace {

Failure fail(hal::Status status, uint16_t http_status, const char* error = "") {
    Failure f;
    f.status = status;
    f.http_status = http_status;
    f.error = error;
    return f;
}

// Everything the app reports, as lines.
class FakeConsole final : public firmware::apps::ticket::TicketConsole {
  public:
    void ticket_accepted(uint32_t sequence) override {
        events.push_back("accepted #" + std::to_string(sequence));
    }
    void ticket_sent(uint64_t server_id) override {
        events.push_back("sent " + std::to_string(server_id));
    }
    void reply_text(std::string_view piece) override { text += piece; }
    void reply(const net::parley::Message& /*message*/) override {
        events.push_back("reply " + text);
        text.clear();
    }
    void reply_dropped() override {
        events.push_back("reply dropped after " + text);
        text.clear();
    }
    std::string text;  // the reply arriving
    void link(firmware::messenger::LinkState state, hal::Status cause) override {
        events.push_back(std::string("link ") + firmware::messenger::to_string(state) + " " +
                         hal::to_string(cause));
    }
    void failed(hal::Status status, std::string_view detail) override {
        events.push_back(std::string("failed ") + hal::to_string(status) + ": " +
                         std::string(detail));
    }
    bool has(const std::string& event) const {
        for (const std::string& e : events) {
            if (e == event) return true;
        }
        return false;
    }
    std::vector<std::string> events;
};

// Idling moves the fake clock to the deadline: no real time passes.
class FakeIdle final : public firmware::apps::ticket::TicketIdle {
  public:
    explicit FakeIdle(test::FakeClock& clock) : clock_(clock) {}
    void idle_until(hal::Millis deadline) override {
        ++idles;
        if (!hal::deadline_passed(clock_.now_ms(), deadline)) clock_.set_now(deadline);
        if (after_idle) after_idle();
    }
    int idles = 0;
    std::function<void()> after_idle;  // what the world does meanwhile

  private:
    test::FakeClock& clock_;
};

class FakeAttachment final : public firmware::apps::ticket::TicketAttachment {
  public:
    hal::Result<std::string_view> upload(hal::Millis deadline) override {
        ++uploads;
        deadline_seen = deadline;
        if (service != nullptr) subscribes_before_upload = service->subscribes;
        if (status != hal::Status::kOk) return status;
        return std::string_view("2030/01/15/log.txt");
    }
    std::string_view description() const override { return "log.txt"; }
    hal::Status status = hal::Status::kOk;
    int uploads = 0;
    hal::Millis deadline_seen = 0;
    const FakeService* service = nullptr;  // to see whether the device was subscribed
    int subscribes_before_upload = -1;
};

DeviceFacts facts() {
    DeviceFacts f;
    f.device_id = "kiosk-0042-amsterdam";
    f.firmware_version = "1.4.2";
    f.fault_code = "E42";
    f.uptime_s = 2 * 86400 + 3 * 3600 + 4 * 60 + 5;
    f.description = "paper jam in tray 2";
    return f;
}

}  // namespace

TEST_GROUP(TicketText){};

TEST(TicketText, ComposesTheFactsAndTheDescription) {
    char out[256];
    const hal::Result<size_t> n =
        firmware::apps::ticket::compose_ticket(facts(), hal::CharSpan(out));
    CHECK_TRUE(n.ok());
    STRCMP_EQUAL(
        "Fault report E42\n"
        "Device: kiosk-0042-amsterdam\n"
        "Firmware: 1.4.2\n"
        "Uptime: 2d 3h 4m\n"
        "paper jam in tray 2",
        std::string(out, n.value()).c_str());
}

TEST(TicketText, WithoutDescriptionEndsAtTheUptime) {
    DeviceFacts f = facts();
    f.description = {};
    f.uptime_s = 0;
    char out[256];
    const hal::Result<size_t> n = firmware::apps::ticket::compose_ticket(f, hal::CharSpan(out));
    CHECK_TRUE(n.ok());
    const std::string text(out, n.value());
    STRCMP_EQUAL("Uptime: 0d 0h 0m", text.substr(text.rfind('\n') + 1).c_str());
}

TEST(TicketText, LargeUptimesAreWrittenInFull) {
    DeviceFacts f = facts();
    f.description = {};
    f.uptime_s = UINT32_MAX;  // 49710d 6h 28m 15s
    char out[256];
    const hal::Result<size_t> n = firmware::apps::ticket::compose_ticket(f, hal::CharSpan(out));
    CHECK_TRUE(n.ok());
    const std::string text(out, n.value());
    STRCMP_EQUAL("Uptime: 49710d 6h 28m", text.substr(text.rfind('\n') + 1).c_str());
}

TEST(TicketText, AFaultCodeIsRequired) {
    DeviceFacts f = facts();
    f.fault_code = {};
    char out[256];
    CHECK_EQUAL(hal::Status::kInvalidArgument,
                firmware::apps::ticket::compose_ticket(f, hal::CharSpan(out)).status());
}

TEST(TicketText, ATextThatDoesNotFitIsRefusedNotCut) {
    char out[40];
    CHECK_EQUAL(hal::Status::kBufferTooSmall,
                firmware::apps::ticket::compose_ticket(facts(), hal::CharSpan(out)).status());
}

TEST(TicketText, OutcomesHaveNamesAndExitCodes) {
    STRCMP_EQUAL("replied", firmware::apps::ticket::to_string(TicketOutcome::kReplied));
    STRCMP_EQUAL("sent", firmware::apps::ticket::to_string(TicketOutcome::kSent));
    STRCMP_EQUAL("queued", firmware::apps::ticket::to_string(TicketOutcome::kQueued));
    STRCMP_EQUAL("failed", firmware::apps::ticket::to_string(TicketOutcome::kFailed));
    STRCMP_EQUAL("?", firmware::apps::ticket::to_string(static_cast<TicketOutcome>(99)));
    CHECK_EQUAL(0, firmware::apps::ticket::exit_code(TicketOutcome::kReplied));
    CHECK_EQUAL(10, firmware::apps::ticket::exit_code(TicketOutcome::kSent));
    CHECK_EQUAL(11, firmware::apps::ticket::exit_code(TicketOutcome::kQueued));
    CHECK_EQUAL(1, firmware::apps::ticket::exit_code(TicketOutcome::kFailed));
}

TEST_GROUP(TicketApp) {
    test::DeviceFlash flash{apps_test::kSettingsGeometry, apps_test::kOutboxGeometry};
    test::FakeClock clock{1000, 1'800'000'000};
    FakeService service;
    FakeConsole console;
    FakeIdle idle{clock};
    FakeAttachment attachment;
    TicketConfig config;
    std::unique_ptr<TicketApp> app;
    std::unique_ptr<apps_test::AppDevice> device;

    void setup() override {
        config.reply_timeout_ms = 60000;
        config.send_timeout_ms = 120000;
        boot();
    }
    void boot() {
        device.reset();
        app = std::make_unique<TicketApp>(console, idle, clock);
        device = std::make_unique<apps_test::AppDevice>(flash, clock, service, *app);
    }
    TicketOutcome run(firmware::apps::ticket::TicketAttachment* with = nullptr) {
        return app->run(*device->messenger, facts(), with, config);
    }
};

TEST(TicketApp, ATicketAnsweredByTheServiceDeskIsReplied) {
    service.bot = true;
    CHECK_EQUAL(TicketOutcome::kReplied, run());
    CHECK_TRUE(console.has("accepted #1"));
    CHECK_TRUE(console.has("sent 10001"));
    CHECK_TRUE(console.has("link online ok"));
    const std::vector<std::string> texts = service.user_texts();
    CHECK_EQUAL(1U, texts.size());
    CHECK_EQUAL(0U, texts[0].find("Fault report E42\n"));
    const std::string& last = console.events.back();
    CHECK_EQUAL(0U, last.find("reply re: Fault report E42"));
}

// replies=N: the app waits for N replies, and each one restarts the reply timeout (50
// long replies take longer than one timeout on the board). Before, the wait ended one
// timeout after the send whatever was still arriving.
TEST(TicketApp, ItWaitsForTheRepliesAskedForAndEachOneRestartsTheWait) {
    service.bot = true;
    config.replies = 3;
    int added = 0;
    idle.after_idle = [&] {  // two more replies, 45 s apart: 90 s in all, over 60 s
        const hal::Millis due = 1000 + 45000 * static_cast<hal::Millis>(added + 1);
        if (added < 2 && clock.now_ms() >= due)
            service.agent_says("more " + std::to_string(++added));
    };
    CHECK_EQUAL(TicketOutcome::kReplied, run());
    size_t replies = 0;
    for (const std::string& e : console.events)
        replies += e.rfind("reply ", 0) == 0 ? 1 : 0;
    CHECK_EQUAL(3U, replies);
    CHECK_TRUE(console.has("reply more 2"));
    CHECK_TRUE(clock.now_ms() >= 1000 + 90000);
}

TEST(TicketApp, ATicketWithoutAReplyInTimeIsSentAndTheWaitEndsAtTheReplyTimeout) {
    const TicketOutcome outcome = run();
    CHECK_EQUAL(TicketOutcome::kSent, outcome);
    CHECK_TRUE(console.has("sent 10001"));
    CHECK_TRUE(clock.now_ms() >= 1000 + config.reply_timeout_ms);
    CHECK_TRUE(clock.now_ms() < 1000 + config.send_timeout_ms + config.reply_timeout_ms);
    CHECK_TRUE(idle.idles > 0);
}

TEST(TicketApp, AServiceThatStaysDownLeavesTheTicketQueuedAtTheSendTimeout) {
    for (int i = 0; i < 500; ++i)
        service.subscribe_failures.push_back(fail(hal::Status::kUnavailable, 503));
    CHECK_EQUAL(TicketOutcome::kQueued, run());
    CHECK_TRUE(console.has("accepted #1"));
    CHECK_TRUE(console.has("link retrying unavailable"));
    CHECK_EQUAL(1U, device->messenger->unconfirmed());
    CHECK_TRUE(clock.now_ms() >= 1000 + config.send_timeout_ms);
}

TEST(TicketApp, BadCredentialsFailTheTicketAtOnce) {
    service.subscribe_failures.push_back(fail(hal::Status::kBadCredentials, 401));
    CHECK_EQUAL(TicketOutcome::kFailed, run());
    CHECK_TRUE(console.has("link stopped bad-credentials"));
    CHECK_TRUE(clock.now_ms() < 1000 + config.send_timeout_ms);
}

TEST(TicketApp, ATicketTheServiceRefusesFailsWithItsReason) {
    service.send_failures.push_back(
        fail(hal::Status::kBadRequest, 400, "text contains forbidden words"));
    CHECK_EQUAL(TicketOutcome::kFailed, run());
    CHECK_TRUE(console.has("failed bad-request: text contains forbidden words"));
    CHECK_FALSE(console.has("sent 10001"));
}

TEST(TicketApp, ATicketTooLongForItsTextBufferFailsBeforeTheOutbox) {
    const std::string long_description(firmware::apps::ticket::kMaxTicketTextBytes, 'd');
    DeviceFacts f = facts();
    f.description = long_description;
    CHECK_EQUAL(TicketOutcome::kFailed, app->run(*device->messenger, f, nullptr, config));
    CHECK_TRUE(console.has("failed buffer-too-small: the ticket text does not fit"));
    CHECK_EQUAL(0U, device->messenger->unconfirmed());
}

TEST(TicketApp, ATicketTheOutboxCannotStoreFails) {
    flash.outbox.fail_from(flash.outbox.operations() + 1);
    CHECK_EQUAL(TicketOutcome::kFailed, run(&attachment));
    CHECK_TRUE(console.has("failed flash-error: the ticket could not be stored for sending"));
    CHECK_EQUAL(0, attachment.uploads);  // nothing to attach it to
    CHECK_EQUAL(0, service.sends);
}

TEST(TicketApp, TheAttachmentGoesOutAfterTheTicketText) {
    service.bot = true;
    CHECK_EQUAL(TicketOutcome::kReplied, run(&attachment));
    CHECK_EQUAL(1, attachment.uploads);
    CHECK_EQUAL(1000 + config.send_timeout_ms, attachment.deadline_seen);
    CHECK_EQUAL(2, service.sends);
    CHECK_TRUE(console.has("accepted #1"));
}

// Regression: on a first start the ticket app uploaded before the messenger had subscribed
// the device, and the service refused the upload (device_not_registered): the attachment
// was lost. The upload now waits for the subscription.
TEST(TicketApp, OnAFirstStartTheAttachmentIsUploadedOnceTheDeviceIsSubscribed) {
    attachment.service = &service;
    service.bot = true;
    CHECK_EQUAL(TicketOutcome::kReplied, run(&attachment));
    CHECK_EQUAL(1, attachment.uploads);
    CHECK_EQUAL(1, attachment.subscribes_before_upload);
    CHECK_EQUAL(2, service.sends);
}

TEST(TicketApp, AnAttachmentWaitsForTheSubscriptionUntilTheSendTimeoutThenTheTicketStaysQueued) {
    for (int i = 0; i < 200; ++i)
        service.subscribe_failures.push_back(fail(hal::Status::kUnavailable, 503));
    CHECK_EQUAL(TicketOutcome::kQueued, run(&attachment));
    CHECK_EQUAL(0, attachment.uploads);
    CHECK_TRUE(console.has("failed timeout: the attachment could not be uploaded"));
    CHECK_TRUE(console.has("accepted #1"));
}

TEST(TicketApp, AnAttachmentIsNotUploadedWhenTheLinkStopsBeforeTheSubscription) {
    service.subscribe_failures.push_back(fail(hal::Status::kBadCredentials, 401));
    CHECK_EQUAL(TicketOutcome::kFailed, run(&attachment));
    CHECK_EQUAL(0, attachment.uploads);
    CHECK_TRUE(console.has("failed failed-precondition: the attachment could not be uploaded"));
}

TEST(TicketApp, AFailedUploadIsReportedAndTheTicketStillGoesOut) {
    attachment.status = hal::Status::kTimeout;
    service.bot = true;
    CHECK_EQUAL(TicketOutcome::kReplied, run(&attachment));
    CHECK_TRUE(console.has("failed timeout: the attachment could not be uploaded"));
    CHECK_EQUAL(1, service.sends);
}

TEST(TicketApp, OlderConversationBeforeTheTicketIsSentIsNoReply) {
    service.agent_says("an answer to an older ticket");
    const TicketOutcome outcome = run();
    CHECK_EQUAL(TicketOutcome::kSent, outcome);
    for (const std::string& e : console.events)
        CHECK_TRUE(e.find("reply") != 0);
}

TEST(TicketApp, EventsAboutOtherEntriesAreIgnored) {
    app->on_sent(77, 5);
    app->on_rejected(77, hal::Status::kBadRequest, "not this one");
    CHECK_TRUE(console.events.empty());
    net::parley::Message m;
    app->on_message_text("unsolicited");
    app->on_message(m);  // nothing was sent yet
    CHECK_TRUE(console.events.empty());
}

TEST(TicketApp, LinkChangesAreForwardedToTheConsole) {
    app->on_link(firmware::messenger::LinkState::kRetrying, hal::Status::kTimeout);
    CHECK_TRUE(console.has("link retrying timeout"));
}

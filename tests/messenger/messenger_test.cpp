// The messenger's state machine against a scripted service, with the real outbox and
// settings store on NOR flash fakes: order, reconciliation after an unknown outcome,
// restarts between accept and send, resubscription, backoff and Retry-After, polling
// cadence, typing events, and stopping (not looping) on bad credentials.
#include <memory>
#include <string>
#include <vector>

#include "firmware/messenger/messenger.h"
#include "tests/messenger/fake_service.h"
#include "tests/store/store_fakes.h"
#include "tests/support/fake_flash.h"

#include <CppUTest/TestHarness.h>

namespace {

using messenger_test::Failure;
using messenger_test::FakeService;

Failure fail(hal::Status status, uint16_t http_status = 0, const char* error = "",
             int64_t retry_after_s = -1, bool store_first = false) {
    return Failure{status, http_status, error, retry_after_s, store_first};
}

constexpr hal::FlashGeometry kSettingsGeometry{4096, 4, 1};
constexpr hal::FlashGeometry kOutboxGeometry{4096, 6, 1};
uint8_t g_entry_buffer[firmware::outbox::kMaxPayloadBytes];

class Recorder final : public firmware::MessengerListener {
  public:
    void on_message(const net::parley::Message& m) override {
        received.push_back(std::string(m.text.view()));
    }
    void on_sent(uint32_t sequence, uint64_t) override { sent.push_back(sequence); }
    void on_rejected(uint32_t sequence, hal::Status, std::string_view error) override {
        rejected.push_back(sequence);
        rejected_error = std::string(error);
    }
    void on_link(firmware::LinkState state, hal::Status cause) override {
        links.push_back(state);
        last_cause = cause;
    }
    std::vector<std::string> received;
    std::vector<uint32_t> sent;
    std::vector<uint32_t> rejected;
    std::string rejected_error;
    std::vector<firmware::LinkState> links;
    hal::Status last_cause = hal::Status::kOk;
};

// One boot of the device: mounts, wires and starts a messenger over the shared flash.
struct Device {
    Device(test::FakeFlash& settings_flash, test::FakeFlash& outbox_flash, test::FakeClock& clock,
           FakeService& service, Recorder& recorder)
        : settings(settings_flash, identity, entropy), outbox(outbox_flash) {
        CHECK_EQUAL(hal::Status::kOk, settings.mount());
        CHECK_EQUAL(hal::Status::kOk, outbox.mount());
        const firmware::MessengerParts parts{
            service, outbox,  settings, nullptr,
            clock,   entropy, recorder, hal::ByteSpan(g_entry_buffer)};
        firmware::MessengerConfig config;
        config.subscription_hash = 0xC0FFEE;
        config.backoff = firmware::BackoffConfig{1000, 60000, 120000};
        messenger = std::make_unique<firmware::Messenger>(parts, config);
        messenger->start();
    }
    store_test::FixedIdentity identity{9};
    store_test::SeededEntropy entropy{5};
    firmware::settings::Settings settings;
    firmware::outbox::Outbox outbox;
    std::unique_ptr<firmware::Messenger> messenger;
};

}  // namespace

TEST_GROUP(Messenger) {
    test::FakeFlash settings_flash{kSettingsGeometry};
    test::FakeFlash outbox_flash{kOutboxGeometry};
    test::FakeClock clock{1000, 1'800'000'000};
    FakeService service;
    Recorder recorder;
    std::unique_ptr<Device> device;

    void setup() override {
        CHECK_EQUAL(hal::Status::kOk, store_test::init_crypto());
        boot();
    }
    void boot() {
        device.reset();
        device = std::make_unique<Device>(settings_flash, outbox_flash, clock, service, recorder);
    }
    firmware::Messenger& messenger() {
        return *device->messenger;
    }

    // Runs steps, jumping the clock to each next due time, for `ms` of device time.
    void run_for(hal::Millis ms) {
        const hal::Millis end = clock.now_ms() + ms;
        for (int i = 0; i < 10000 && !hal::deadline_passed(clock.now_ms(), end); ++i) {
            const hal::Millis next = messenger().step(clock.now_ms());
            if (!hal::deadline_passed(clock.now_ms(), next)) {
                clock.set_now(hal::deadline_passed(next, end) ? end : next);
            }
        }
    }
    uint32_t accept(const char* text) {
        const hal::Result<uint32_t> seq = messenger().send_text(text);
        CHECK_TRUE(seq.ok());
        return seq.value();
    }
};

TEST(Messenger, SubscribesOnceThenSendsTheOutboxInOrder) {
    accept("first");
    accept("second");
    accept("third");
    run_for(5000);
    CHECK_EQUAL(1, service.subscribes);
    const std::vector<std::string> texts = service.user_texts();
    CHECK_EQUAL(3U, texts.size());
    STRCMP_EQUAL("first", texts[0].c_str());
    STRCMP_EQUAL("third", texts[2].c_str());
    CHECK_EQUAL(0U, messenger().unconfirmed());
    CHECK_EQUAL(3U, recorder.sent.size());
}

TEST(Messenger, ARebootKeepsTheSubscriptionAndTheLastIdSeen) {
    service.agent_says("hello");
    run_for(3000);
    CHECK_EQUAL(1U, recorder.received.size());
    boot();
    run_for(3000);
    CHECK_EQUAL(1, service.subscribes);         // kept in flash
    CHECK_EQUAL(1U, recorder.received.size());  // not delivered twice
}

TEST(Messenger, DeliversAgentRepliesOnceAndNeverEchoesOwnMessages) {
    accept("my question");
    run_for(1000);
    service.agent_says("an answer");
    run_for(10000);
    CHECK_EQUAL(1U, recorder.received.size());
    STRCMP_EQUAL("an answer", recorder.received[0].c_str());
}

// Pages are newest first: two replies in one poll must both arrive (a running maximum
// as the dedupe floor once dropped the older one).
TEST(Messenger, EveryNewMessageOfANewestFirstPageIsDelivered) {
    run_for(1000);
    service.agent_says("older");
    service.agent_says("newer");
    run_for(5000);
    CHECK_EQUAL(2U, recorder.received.size());
    CHECK_EQUAL(10002U, messenger().last_seen_id());
    run_for(10000);
    CHECK_EQUAL(2U, recorder.received.size());
}

TEST(Messenger, AMessageOnTwoPagesIsDeliveredOnce) {
    service.overlap = 2;
    service.agent_says("one");
    run_for(3000);
    service.agent_says("two");
    run_for(30000);
    CHECK_EQUAL(2U, recorder.received.size());
    STRCMP_EQUAL("two", recorder.received[1].c_str());
}

TEST(Messenger, AStoredThenDroppedSendIsFoundNotSentTwice) {
    service.send_failures.push_back(fail(hal::Status::kOutcomeUnknown, 0, "", -1, true));
    accept("did this arrive?");
    run_for(30000);
    CHECK_EQUAL(1U, service.user_texts().size());
    CHECK_EQUAL(1, service.sends);
    CHECK_EQUAL(0U, messenger().unconfirmed());
    CHECK_EQUAL(1U, recorder.sent.size());
}

TEST(Messenger, ASendLostBeforeStoringIsSentAgainAfterLooking) {
    service.send_failures.push_back(fail(hal::Status::kOutcomeUnknown, 0, "", -1, false));
    accept("lost in transit");
    run_for(30000);
    CHECK_EQUAL(1U, service.user_texts().size());
    CHECK_EQUAL(2, service.sends);
}

TEST(Messenger, ARestartBetweenAcceptAndSendDeliversOnce) {
    accept("accepted before the power cut");
    boot();  // nothing was sent in the first life
    run_for(10000);
    CHECK_EQUAL(1U, service.user_texts().size());
}

TEST(Messenger, ARestartAfterAnUnansweredSendReconcilesInsteadOfResending) {
    service.send_failures.push_back(fail(hal::Status::kOutcomeUnknown, 0, "", -1, true));
    accept("sent just before the reboot");
    // Exactly the steps up to the failed send: subscribe, then the send.
    messenger().step(clock.now_ms());
    messenger().step(clock.now_ms());
    CHECK_EQUAL(1, service.sends);
    boot();
    run_for(30000);
    CHECK_EQUAL(1U, service.user_texts().size());
    CHECK_EQUAL(1, service.sends);
}

TEST(Messenger, AConnectionFailureIsRetriedWithoutReconciling) {
    service.send_failures.push_back(fail(hal::Status::kNetworkError));
    accept("retry me");
    run_for(30000);
    CHECK_EQUAL(1U, service.user_texts().size());
    CHECK_EQUAL(2, service.sends);
}

TEST(Messenger, RetryAfterIsHonoured) {
    service.send_failures.push_back(fail(hal::Status::kRetryLater, 429, "", 20, false));
    accept("after a while");
    run_for(19000);
    CHECK_EQUAL(0U, service.user_texts().size());
    run_for(2000);
    CHECK_EQUAL(1U, service.user_texts().size());
}

TEST(Messenger, ABurstOfServerErrorsBacksOffAndKeepsOrder) {
    for (int i = 0; i < 4; ++i)
        service.send_failures.push_back(fail(hal::Status::kRetryLater, 503));
    accept("one");
    accept("two");
    run_for(5 * 60 * 1000);
    const std::vector<std::string> texts = service.user_texts();
    CHECK_EQUAL(2U, texts.size());
    STRCMP_EQUAL("one", texts[0].c_str());
    STRCMP_EQUAL("two", texts[1].c_str());
    CHECK_EQUAL(6, service.sends);
}

TEST(Messenger, DeviceNotRegisteredSubscribesAgainThenSends) {
    service.send_failures.push_back(
        fail(hal::Status::kFailedPrecondition, 400, "device_not_registered", -1, false));
    accept("are you there?");
    run_for(20000);
    CHECK_EQUAL(2, service.subscribes);
    CHECK_EQUAL(1U, service.user_texts().size());
}

TEST(Messenger, AnInvalidMessageIsDroppedAndReportedNotRetried) {
    service.send_failures.push_back(fail(hal::Status::kBadRequest, 400, "invalid_message_type"));
    const uint32_t bad = accept("refused");
    accept("fine");
    run_for(10000);
    CHECK_EQUAL(1U, recorder.rejected.size());
    CHECK_EQUAL(bad, recorder.rejected[0]);
    STRCMP_EQUAL("invalid_message_type", recorder.rejected_error.c_str());
    CHECK_EQUAL(1U, service.user_texts().size());
    CHECK_EQUAL(0U, messenger().unconfirmed());
}

TEST(Messenger, BadCredentialsStopInsteadOfLooping) {
    service.subscribe_failures.push_back(fail(hal::Status::kBadCredentials, 401));
    run_for(60 * 60 * 1000);
    CHECK_EQUAL(1, service.subscribes);
    CHECK(messenger().link() == firmware::LinkState::kStopped);
    CHECK_EQUAL(hal::Status::kBadCredentials, recorder.last_cause);
    messenger().credentials_changed();
    run_for(1000);
    CHECK_EQUAL(2, service.subscribes);
    CHECK(messenger().link() == firmware::LinkState::kOnline);
}

TEST(Messenger, PollingSlowsDownWhenIdleAndSpeedsUpOnActivity) {
    run_for(2000);
    const int early = service.polls;
    run_for(60 * 60 * 1000);  // an idle hour
    const int idle_hour = service.polls - early;
    CHECK(idle_hour < 45);  // 5x2s + 5x5s + 5x10s + 5x30s + 5x1m + 5x5m + ... ≈ 30 polls
    CHECK(idle_hour > 20);
    service.agent_says("wake up");
    run_for(6 * 60 * 60 * 1000);  // the reply arrives at the next (slow) poll ...
    CHECK_EQUAL(1U, recorder.received.size());
    const int before = service.polls;
    accept("thanks");  // ... and sending restarts the 2 s cadence
    run_for(10000);
    CHECK(service.polls - before >= 4);
}

TEST(Messenger, TypingIsAnnouncedAtMostEveryTwentySecondsAndStoppedAfterSending) {
    run_for(1000);
    for (int i = 0; i < 30; ++i) {  // a key every second for 30 s
        messenger().user_typing(clock.now_ms());
        run_for(1000);
    }
    int starts = 0;
    for (bool start : service.typing_events)
        starts += start ? 1 : 0;
    CHECK_EQUAL(2, starts);
    accept("typed message");
    run_for(2000);
    CHECK_FALSE(service.typing_events.back());  // stopTyping right after sending
}

TEST(Messenger, TypingStopsAfterFifteenQuietSeconds) {
    run_for(1000);
    messenger().user_typing(clock.now_ms());
    run_for(14000);
    CHECK_EQUAL(1U, service.typing_events.size());
    run_for(2000);
    CHECK_EQUAL(2U, service.typing_events.size());
    CHECK_FALSE(service.typing_events.back());
}

TEST(Messenger, AFullOutboxRefusesNewMessagesClearly) {
    std::string big(5000, 'x');
    hal::Status status = hal::Status::kOk;
    int accepted = 0;
    for (; accepted < 100 && status == hal::Status::kOk; ++accepted) {
        status = messenger().send_text(big).status();
    }
    CHECK_EQUAL(hal::Status::kNoSpace, status);
    CHECK(accepted > 1);
}

TEST(Messenger, EachStepDoesAtMostOneOperation) {
    accept("a");
    accept("b");
    service.agent_says("c");
    const uint32_t before = messenger().operations();
    messenger().step(clock.now_ms());
    CHECK_EQUAL(before + 1, messenger().operations());
    CHECK_EQUAL(1, service.subscribes);
    CHECK_EQUAL(0, service.sends);
}

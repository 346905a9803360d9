// The messenger's state machine against a scripted service, with the real outbox and
// settings store on NOR flash fakes: order, reconciliation after an unknown outcome,
// restarts between accept and send, resubscription, backoff and Retry-After, polling
// cadence, typing events, and stopping (not looping) on bad credentials.
#include <memory>
#include <string>
#include <vector>

#include "firmware/messenger/messenger.h"
#include "firmware/outbox/entry_format.h"
#include "firmware/outbox/sector_format.h"
#include "tests/settings/store_fakes.h"
#include "tests/support/fake_flash.h"
#include "tests/support/fake_service.h"
#include "tests/support/flash_fixture.h"
#include "tests/support/messenger_rig.h"
#include "tests/support/streamed_text.h"

#include <CppUTest/TestHarness.h>

namespace {

using messenger_test::Failure;
using messenger_test::FakeService;

Failure fail(hal::Status status, uint16_t http_status = 0, const char* error = "",
             int64_t retry_after_s = -1, bool store_first = false) {
    return Failure{status, http_status, error, retry_after_s, store_first};
}

uint8_t g_entry_buffer[firmware::outbox::kMaxPayloadBytes];  // to read the outbox

class Recorder final : public firmware::messenger::MessengerListener {
  public:
    void on_message_text(std::string_view piece) override { text.add(piece); }
    void on_message_text_dropped() override { text.drop(); }
    void on_message(const net::parley::Message& m) override {
        received.push_back(text.take());
        received_ids.push_back(m.id);
    }
    void on_sent(uint32_t sequence, uint64_t) override { sent.push_back(sequence); }
    void on_rejected(uint32_t sequence, hal::Status, std::string_view error) override {
        rejected.push_back(sequence);
        rejected_error = std::string(error);
    }
    void on_link(firmware::messenger::LinkState state, hal::Status cause) override {
        links.push_back(state);
        last_cause = cause;
    }
    void on_storage_damage(const firmware::messenger::StorageDamage& damage) override {
        damage_reports.push_back(damage);
    }
    std::vector<firmware::messenger::StorageDamage> damage_reports;
    test::StreamedText text;  // the message arriving
    std::vector<std::string> received;
    std::vector<uint64_t> received_ids;
    std::vector<uint32_t> sent;
    std::vector<uint32_t> rejected;
    std::string rejected_error;
    std::vector<firmware::messenger::LinkState> links;
    hal::Status last_cause = hal::Status::kOk;
};

// One boot of the device: mounts, wires and starts a messenger over the shared flash.
struct Device : test::MessengerRig {
    Device(test::DeviceFlash& flash, test::FakeClock& clock, FakeService& service,
           Recorder& recorder, const firmware::messenger::MessengerConfig& config)
        : MessengerRig(flash, clock, service, recorder, {9, 5}) {
        CHECK_EQUAL(hal::Status::kOk, mount());
        start(config);
    }
};

}  // namespace

TEST_GROUP(Messenger) {
    test::DeviceFlash flash;
    test::FakeClock clock{1000, 1'800'000'000};
    FakeService service;
    Recorder recorder;
    std::unique_ptr<Device> device;
    firmware::messenger::MessengerConfig config = default_config();

    static firmware::messenger::MessengerConfig default_config() {
        return test::rig_config(0xC0FFEE);
    }
    void setup() override {
        CHECK_EQUAL(hal::Status::kOk, store_test::init_crypto());
        boot();
    }
    void boot() {
        device.reset();
        device = std::make_unique<Device>(flash, clock, service, recorder, config);
    }
    firmware::messenger::Messenger& messenger() {
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
    run_for(200000);  // past the grace period
    CHECK_EQUAL(1U, service.user_texts().size());
    CHECK_EQUAL(1, service.sends);
    CHECK_EQUAL(0U, messenger().unconfirmed());
    CHECK_EQUAL(1U, recorder.sent.size());
}

TEST(Messenger, ASendLostBeforeStoringIsSentAgainAfterLooking) {
    service.send_failures.push_back(fail(hal::Status::kOutcomeUnknown, 0, "", -1, false));
    accept("lost in transit");
    run_for(200000);
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
    // Exactly the steps up to the failed send: subscribe, the first (history) poll, the send.
    messenger().step(clock.now_ms());
    messenger().step(clock.now_ms());
    messenger().step(clock.now_ms());
    CHECK_EQUAL(1, service.sends);
    boot();
    run_for(200000);
    CHECK_EQUAL(1U, service.user_texts().size());
    CHECK_EQUAL(1, service.sends);
}

// Regression: a gateway error (502, 504) or a 500 answering a send was taken as "not
// stored" and the entry sent again at once; when the backend had stored it, the service
// held it twice. Such an answer now puts the entry in doubt, like no answer at all.
TEST(Messenger, AGatewayErrorAfterTheServiceStoredTheMessageIsFoundNotSentTwice) {
    for (const uint16_t http_status : {500, 502, 504}) {
        service.send_failures.push_back(
            fail(hal::Status::kRetryLater, http_status, "", -1, /*store_first=*/true));
        accept(("stored behind a gateway error " + std::to_string(http_status)).c_str());
        run_for(200000);  // past the grace period
    }
    CHECK_EQUAL(3U, service.user_texts().size());
    CHECK_EQUAL(3, service.sends);
    CHECK_EQUAL(0U, messenger().unconfirmed());
}

TEST(Messenger, AGatewayErrorBeforeStoringIsSentAgainAfterLooking) {
    service.send_failures.push_back(fail(hal::Status::kRetryLater, 502));
    accept("not stored behind a gateway error");
    run_for(200000);
    CHECK_EQUAL(1U, service.user_texts().size());
    CHECK_EQUAL(2, service.sends);
}

TEST(Messenger, A503OrCouldNotSaveMessageIsResentWithoutWaitingForTheGrace) {
    service.send_failures.push_back(fail(hal::Status::kRetryLater, 503));
    service.send_failures.push_back(fail(hal::Status::kRetryLater, 500, "could_not_save_message"));
    accept("refused before storing");
    run_for(30000);  // well inside the 120 s grace
    CHECK_EQUAL(1U, service.user_texts().size());
    CHECK_EQUAL(3, service.sends);
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
    CHECK(messenger().link() == firmware::messenger::LinkState::kStopped);
    CHECK_EQUAL(hal::Status::kBadCredentials, recorder.last_cause);
    messenger().credentials_changed();
    run_for(1000);
    CHECK_EQUAL(2, service.subscribes);
    CHECK(messenger().link() == firmware::messenger::LinkState::kOnline);
}

// device_requires_authorization (docs/protocol.md §5): the service desk wants a registered
// user. The link stops with its own cause — no retries, however long — the queued
// messages wait in the outbox, and a user provisioned (registration_changed) subscribes
// again and sends them, once each.
TEST(Messenger, ARequiredUserStopsTheLinkAndAProvisionedOneResumesIt) {
    run_for(1000);
    CHECK_EQUAL(1, service.subscribes);
    service.send_failures.push_back(
        fail(hal::Status::kAuthorizationRequired, 401, "device_requires_authorization"));
    accept("first");
    accept("second");
    run_for(1000);
    CHECK(messenger().link() == firmware::messenger::LinkState::kStopped);
    CHECK_EQUAL(hal::Status::kAuthorizationRequired, recorder.last_cause);
    const uint32_t stopped_at = messenger().operations();
    run_for(60 * 60 * 1000);
    CHECK_EQUAL(stopped_at, messenger().operations());  // an hour without a request
    CHECK_EQUAL(2U, messenger().unconfirmed());
    CHECK_EQUAL(0U, service.user_texts().size());

    messenger().registration_changed(0xBEEF);
    run_for(5000);
    CHECK_EQUAL(2, service.subscribes);
    CHECK(messenger().link() == firmware::messenger::LinkState::kOnline);
    const std::vector<std::string> texts = service.user_texts();
    CHECK_EQUAL(2U, texts.size());
    STRCMP_EQUAL("first", texts[0].c_str());
    STRCMP_EQUAL("second", texts[1].c_str());
    CHECK_EQUAL(0U, messenger().unconfirmed());
    firmware::settings::Subscription kept;
    CHECK_EQUAL(hal::Status::kOk, device->settings.read_subscription(kept));
    CHECK_EQUAL(0xBEEFu, kept.config_hash);
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

// ---- Exactly once and in order (regressions for what a user saw) ----

// Observation 1: a line with invalid UTF-8 entered the outbox, its send failed the
// client's own input check, and the messenger stopped with every later message queued.
TEST(Messenger, TextTheClientWouldRefuseIsRefusedBeforeItEntersTheOutbox) {
    const char* invalid[] = {"stray \xff byte", "lone \x80 continuation", "overlong \xc0\xaf",
                             "surrogate \xed\xa0\x80", "cut \xc3"};
    for (const char* text : invalid) {
        CHECK_EQUAL(hal::Status::kInvalidArgument, messenger().send_text(text).status());
    }
    CHECK_EQUAL(hal::Status::kInvalidArgument, messenger().send_text("   ").status());
    CHECK_EQUAL(
        hal::Status::kTooLarge,
        messenger().send_text(std::string(firmware::outbox::kMaxTextBytes + 1, 'a')).status());
    std::string many_characters;
    for (size_t i = 0; i <= net::parley::kMaxTextLength; ++i)
        many_characters += "a";
    CHECK_EQUAL(hal::Status::kTooLarge, messenger().send_text(many_characters).status());
    CHECK_EQUAL(0U, messenger().unconfirmed());
    CHECK_TRUE(messenger().send_text("caf\xc3\xa9 \xe4\xbd\xa0\xe5\xa5\xbd").ok());  // valid
}

TEST(Messenger, AnInvalidEntryAlreadyInFlashIsSetAsideAndTheQueueGoesOn) {
    firmware::outbox::OutgoingMessage bad;  // as an older firmware accepted it
    bad.text = "broken \xff";
    const hal::Result<uint32_t> seq = device->outbox.accept(bad);
    CHECK_TRUE(seq.ok());
    accept("after it");
    run_for(10000);
    CHECK(messenger().link() != firmware::messenger::LinkState::kStopped);
    const std::vector<std::string> texts = service.user_texts();
    CHECK_EQUAL(1U, texts.size());
    STRCMP_EQUAL("after it", texts[0].c_str());
    CHECK_EQUAL(1U, recorder.rejected.size());
    CHECK_EQUAL(seq.value(), recorder.rejected[0]);
}

namespace {

struct StateOf final : firmware::outbox::EntryVisitor {
    explicit StateOf(uint32_t seq) : sequence(seq) {}
    bool visit(const firmware::outbox::Entry& e) override {
        if (e.sequence == sequence) {
            state = e.state;
            failure = e.failure;
        }
        return true;
    }
    uint32_t sequence;
    firmware::outbox::EntryState state = firmware::outbox::EntryState::kPending;
    hal::Status failure = hal::Status::kOk;
};

}  // namespace

TEST(Messenger, AnEntryTheServiceRefusesStaysInFlashAsFailedAcrossARestart) {
    service.send_failures.push_back(
        fail(hal::Status::kBadRequest, 400, "missing_message_or_image"));
    const uint32_t bad = accept("refused");
    accept("fine");
    run_for(10000);
    boot();
    StateOf state(bad);
    CHECK_EQUAL(hal::Status::kOk, device->outbox.for_each(hal::ByteSpan(g_entry_buffer), state));
    CHECK(state.state == firmware::outbox::EntryState::kFailed);
    CHECK_EQUAL(hal::Status::kBadRequest, state.failure);
    run_for(10000);
    CHECK_EQUAL(1U, service.user_texts().size());  // never sent again
}

// Observation 2: "yes", then "yes" again, the second dropped before the service stored
// it; reconciliation took the first for the second and one message was lost.
TEST(Messenger, TheSameTextTwiceIsNeverTakenForTheEarlierCopy) {
    config.send_grace_ms = 5000;
    boot();
    run_for(1000);  // the first poll: nothing seen yet
    service.send_failures.push_back(fail(hal::Status::kOk));
    service.send_failures.push_back(fail(hal::Status::kOutcomeUnknown, 0, "", -1, false));
    accept("yes");
    accept("yes");
    run_for(60000);
    const std::vector<std::string> texts = service.user_texts();
    CHECK_EQUAL(2U, texts.size());
    CHECK_EQUAL(0U, messenger().unconfirmed());
}

TEST(Messenger, TheSameTextTwiceAfterARestartIsNotTakenForTheEarlierCopy) {
    config.send_grace_ms = 5000;
    boot();
    run_for(1000);
    service.send_failures.push_back(fail(hal::Status::kOk));
    service.send_failures.push_back(fail(hal::Status::kOutcomeUnknown, 0, "", -1, false));
    accept("ok");
    accept("ok");
    for (int i = 0; i < 2; ++i)
        messenger().step(clock.now_ms());  // the two sends, no poll between
    CHECK_EQUAL(2, service.sends);
    boot();
    run_for(60000);
    CHECK_EQUAL(2U, service.user_texts().size());
}

// Observation 3: the service answered a POST after the client's deadline (34 s > 30 s);
// the client looked at once, did not find it yet, and sent it again.
TEST(Messenger, ASlowServiceIsGivenTheGracePeriodBeforeTheEntryIsLookedFor) {
    service.use_clock(&clock, 0);
    Failure slow = fail(hal::Status::kOutcomeUnknown, 0, "", -1, true);
    slow.store_after_ms = 4000;  // stored 34 s after the request; our deadline ran 30 s
    service.send_failures.push_back(slow);
    accept("slow one");
    run_for(10 * 60 * 1000);
    CHECK_EQUAL(1U, service.user_texts().size());
    CHECK_EQUAL(1, service.sends);
    CHECK_EQUAL(0U, messenger().unconfirmed());
}

TEST(Messenger, APowerCutWhileAPostIsInFlightWaitsTheGraceAfterTheRestart) {
    service.use_clock(&clock, 0);
    Failure slow = fail(hal::Status::kOutcomeUnknown, 0, "", -1, true);
    slow.store_after_ms = 3000;
    service.send_failures.push_back(slow);
    accept("in flight");
    for (int i = 0; i < 3; ++i)
        messenger().step(clock.now_ms());  // subscribe, history poll, the send
    CHECK_EQUAL(1, service.sends);
    boot();  // power cut: the device is back at once
    CHECK(messenger().grace_until() != 0);
    run_for(10 * 60 * 1000);
    CHECK_EQUAL(1U, service.user_texts().size());
    CHECK_EQUAL(1, service.sends);
}

// Observation 4: a new device sent 60 lines at once and the bot answered each; 10 of
// the replies were never shown.
TEST(Messenger, SixtyLinesAtOnceBringSixtyRepliesEachOnceInOrder) {
    service.use_clock(&clock, 100);  // every call takes 100 ms
    service.bot = true;
    std::vector<std::string> lines;
    for (int i = 0; i < 60; ++i) {
        lines.push_back("line " + std::to_string(i));
        accept(lines.back().c_str());
    }
    run_for(10 * 60 * 1000);
    CHECK_EQUAL(60U, service.user_texts().size());
    CHECK_EQUAL(60U, recorder.received.size());
    for (size_t i = 0; i < recorder.received.size(); ++i) {
        STRCMP_EQUAL(("re: " + lines[i]).c_str(), recorder.received[i].c_str());
    }
}

TEST(Messenger, PollsKeepTheirDueTimesWhileTheOutboxDrains) {
    service.use_clock(&clock, 100);
    run_for(1000);
    for (int i = 0; i < 60; ++i)
        accept(("m" + std::to_string(i)).c_str());
    const int polls_before = service.polls;
    run_for(5000);  // 60 sends take 6 s at 100 ms each: they are still draining
    CHECK(messenger().unconfirmed() > 0);
    CHECK(service.polls - polls_before >= 2);  // polled every 2 s meanwhile
}

// A service that answers after:{id} with the newest 50 above the id: the gap below the
// page is paged through first, and every message arrives once, oldest first.
TEST(Messenger, AFullPageFromANewestFirstServiceIsFollowedByCatchUpPaging) {
    service.after_newest = true;
    service.agent_says("seen");
    run_for(3000);
    CHECK_EQUAL(1U, recorder.received.size());
    for (int i = 0; i < 120; ++i)
        service.agent_says("burst " + std::to_string(i));
    run_for(60000);
    CHECK_EQUAL(121U, recorder.received.size());
    for (int i = 0; i < 120; ++i) {
        STRCMP_EQUAL(("burst " + std::to_string(i)).c_str(), recorder.received[i + 1].c_str());
    }
}

// Found by fuzz_messenger: ids with gaps (the service numbers every conversation's
// messages in one sequence) and two full pages above the last id seen. The probe below
// the newest page finds a full page, goes lower, finds nothing there: that page was the
// oldest and is delivered, not the poll repeated (which found the same newest page and
// probed again, forever, delivering nothing).
TEST(Messenger, ANewestFirstServiceWithGapsInItsIdsDeliversTwoFullPages) {
    service.after_newest = true;
    service.agent_says("seen");
    run_for(3000);
    CHECK_EQUAL(1U, recorder.received.size());
    for (int i = 0; i < 100; ++i) {
        service.last_id += 2;  // ids 3 apart
        service.agent_says("burst " + std::to_string(i));
    }
    run_for(60000);
    CHECK_EQUAL(101U, recorder.received.size());
    for (int i = 0; i < 100; ++i) {
        STRCMP_EQUAL(("burst " + std::to_string(i)).c_str(), recorder.received[i + 1].c_str());
    }
}

TEST(Messenger, AFullPageFromAnOldestFirstServiceIsFollowedByTheNextPage) {
    service.agent_says("seen");
    run_for(3000);
    for (int i = 0; i < 120; ++i)
        service.agent_says("burst " + std::to_string(i));
    run_for(60000);
    CHECK_EQUAL(121U, recorder.received.size());
    for (size_t i = 1; i < recorder.received_ids.size(); ++i) {
        CHECK(recorder.received_ids[i - 1] < recorder.received_ids[i]);
    }
}

// Observation 5: a page's messages reached the listener newest first.
TEST(Messenger, MessagesOfOnePageReachTheListenerOldestFirst) {
    run_for(1000);
    service.agent_says("first");
    service.agent_says("second");
    service.agent_says("third");
    run_for(5000);
    CHECK_EQUAL(3U, recorder.received.size());
    STRCMP_EQUAL("first", recorder.received[0].c_str());
    STRCMP_EQUAL("second", recorder.received[1].c_str());
    STRCMP_EQUAL("third", recorder.received[2].c_str());
}

TEST(Messenger, AFirstStartShowsTheLastMessagesOfTheConversationOldestFirst) {
    for (int i = 0; i < 30; ++i)
        service.agent_says("old " + std::to_string(i));
    boot();  // a device whose flash has no last id seen
    run_for(5000);
    CHECK_EQUAL(20U, recorder.received.size());
    STRCMP_EQUAL("old 10", recorder.received.front().c_str());
    STRCMP_EQUAL("old 29", recorder.received.back().c_str());
    boot();
    run_for(5000);
    CHECK_EQUAL(20U, recorder.received.size());  // not shown again
}

TEST(Messenger, AFetchThatFailsMidWayResumesWithoutDuplicatesAcrossARestart) {
    run_for(1000);
    service.agent_says("a");
    service.agent_says("b");
    service.agent_says("c");
    service.fetch_failures.push_back(Failure{});
    service.fetch_failures.push_back(fail(hal::Status::kNetworkError));
    for (int i = 0; i < 100 && service.fetches < 2; ++i) {  // up to the failed fetch of "b"
        clock.advance(500);
        messenger().step(clock.now_ms());
    }
    CHECK_EQUAL(2, service.fetches);
    CHECK_EQUAL(1U, recorder.received.size());
    boot();
    run_for(10000);
    CHECK_EQUAL(3U, recorder.received.size());
    STRCMP_EQUAL("b", recorder.received[1].c_str());
    STRCMP_EQUAL("c", recorder.received[2].c_str());
}

// A long reply whose fetch breaks off in the middle of its text: the pieces the app got
// are declared void (on_message_text_dropped), and the message comes again whole, once.
TEST(Messenger, ATextCutOffMidFetchIsDroppedAndComesAgainWholeOnce) {
    run_for(1000);
    const std::string long_text(3000, 'x');
    service.agent_says(long_text);
    Failure cut = fail(hal::Status::kOutcomeUnknown);
    cut.midway = true;
    service.fetch_failures.push_back(cut);
    run_for(20000);
    CHECK_EQUAL(1U, recorder.text.dropped);
    CHECK_EQUAL(1U, recorder.received.size());
    CHECK_TRUE(recorder.received[0] == long_text);
    CHECK_TRUE(recorder.text.pending().empty());
}

// Two bits of the first entry's text (beyond correction), in the outbox's first sector.
static void ruin_first_entry(test::FakeFlash& flash) {
    constexpr uint32_t kText = 24 + 24;  // sector header, entry header: the text
    flash.image()[kText] ^= 0x01;
    flash.image()[kText + 2] ^= 0x10;
}

TEST(Messenger, AnOutboxEntryDamagedOnFlashIsReportedAtStartAndTheQueueGoesOn) {
    accept("one");
    accept("two");
    accept("three");
    ruin_first_entry(flash.outbox);
    boot();
    CHECK_EQUAL(1U, recorder.damage_reports.size());
    CHECK_EQUAL(1U, recorder.damage_reports[0].outbox.unsent_lost);
    CHECK_TRUE(recorder.damage_reports[0].outbox.messages_lost());
    run_for(60000);
    const std::vector<std::string> texts = service.user_texts();
    CHECK_EQUAL(2U, texts.size());
    CHECK_EQUAL(std::string("two"), texts[0]);
    CHECK_EQUAL(std::string("three"), texts[1]);
    CHECK_EQUAL(1U, recorder.damage_reports.size());
}

TEST(Messenger, AnOutboxEntryThatDecaysWhileWaitingIsReportedOnceAndTheNextGoesOut) {
    accept("one");
    accept("two");
    CHECK_EQUAL(0U, recorder.damage_reports.size());
    ruin_first_entry(flash.outbox);
    run_for(60000);
    CHECK_EQUAL(1U, recorder.damage_reports.size());
    CHECK_EQUAL(1U, recorder.damage_reports[0].outbox.unsent_lost);
    const std::vector<std::string> texts = service.user_texts();
    CHECK_EQUAL(1U, texts.size());
    CHECK_EQUAL(std::string("two"), texts[0]);
}

TEST(Messenger, AOneBitFlipIsCorrectedReportedAndNothingIsLost) {
    accept("one");
    accept("two");
    flash.outbox.image()[24 + 24 + 1] ^= 0x08;
    boot();
    CHECK_EQUAL(1U, recorder.damage_reports.size());
    CHECK_EQUAL(1U, recorder.damage_reports[0].outbox.corrected_bits);
    CHECK_FALSE(recorder.damage_reports[0].outbox.messages_lost());
    run_for(60000);
    const std::vector<std::string> texts = service.user_texts();
    CHECK_EQUAL(2U, texts.size());
    CHECK_EQUAL(std::string("one"), texts[0]);
}

// The device reads an entry with a buffer for its media id and description only: a long
// text is checked, sent and looked for while it stays on flash, read a piece at a time.
namespace {

// 590 x 10 bytes (7 characters): 5 900 bytes, 4 130 characters, escaping included.
std::string long_text(char tag) {
    std::string text;
    for (int i = 0; i < 590; ++i)
        text += std::string("caf\xC3\xA9\"") + tag + "\xE2\x9C\x93";
    return text;
}

// The outbox flash address of byte `i` of the log stream that starts in sector 0.
uint32_t outbox_address(uint32_t i) {
    const hal::FlashGeometry g = test::DeviceFlash::kOutboxGeometry;
    const uint32_t header = firmware::outbox::format::sector_header_size(g.program_unit);
    const uint32_t room = g.sector_size - header;
    return (i / room) * g.sector_size + header + i % room;
}

}  // namespace

TEST(Messenger, LongTextsGoOutReadFromFlashAcrossOutboxSectors) {
    const std::string first = long_text('a');
    const std::string second = long_text('b');
    accept("short");
    accept(first.c_str());   // runs from sector 0 into sector 1
    accept(second.c_str());  // from sector 1 into sector 2
    run_for(10000);
    const std::vector<std::string> texts = service.user_texts();
    CHECK_EQUAL(3U, texts.size());
    CHECK(texts[1] == first);
    CHECK(texts[2] == second);
    CHECK_EQUAL(3, service.streamed_texts);
    CHECK_EQUAL(0U, messenger().unconfirmed());
}

TEST(Messenger, AFlippedBitInALongTextOnFlashIsCorrectedAsItIsSent) {
    const std::string text = long_text('c');
    accept(text.c_str());
    const uint32_t text_at = firmware::outbox::format::kEntryHeaderSize;
    flash.outbox.image()[outbox_address(text_at + 5000)] ^= 0x04;  // in sector 1
    boot();
    CHECK_EQUAL(1U, recorder.damage_reports.size());
    CHECK_EQUAL(1U, recorder.damage_reports[0].outbox.corrected_bits);
    run_for(10000);
    const std::vector<std::string> texts = service.user_texts();
    CHECK_EQUAL(1U, texts.size());
    CHECK(texts[0] == text);
}

TEST(Messenger, ALongTextStoredThenDroppedIsFoundByComparingItOnFlash) {
    service.send_failures.push_back(fail(hal::Status::kOutcomeUnknown, 0, "", -1, true));
    const std::string text = long_text('d');
    accept(text.c_str());
    run_for(200000);  // past the grace period: looked for, found, not sent again
    CHECK_EQUAL(1U, service.user_texts().size());
    CHECK_EQUAL(1, service.sends);
    CHECK_EQUAL(0U, messenger().unconfirmed());
    CHECK_EQUAL(1U, recorder.sent.size());
}

TEST(Messenger, ALongTextLostBeforeStoringIsLookedForThenSentAgain) {
    service.send_failures.push_back(fail(hal::Status::kOutcomeUnknown, 0, "", -1, false));
    const std::string text = long_text('e');
    accept(text.c_str());
    run_for(200000);
    CHECK_EQUAL(1U, service.user_texts().size());
    CHECK_EQUAL(2, service.sends);
    CHECK(service.user_texts()[0] == text);
}

TEST(Messenger, AnInvalidLongEntryOnFlashIsSetAsideAfterStreamingItsCheck) {
    std::string bad = long_text('f');
    bad[4100] = '\xff';                   // invalid UTF-8 past the first outbox sector
    firmware::outbox::OutgoingMessage m;  // as an older firmware accepted it
    m.text = bad;
    const hal::Result<uint32_t> seq = device->outbox.accept(m);
    CHECK_TRUE(seq.ok());
    accept("after it");
    run_for(10000);
    const std::vector<std::string> texts = service.user_texts();
    CHECK_EQUAL(1U, texts.size());
    STRCMP_EQUAL("after it", texts[0].c_str());
    CHECK_EQUAL(1U, recorder.rejected.size());
    CHECK_EQUAL(seq.value(), recorder.rejected[0]);
    CHECK_EQUAL(1, service.streamed_texts);  // only the entry after it went out
}

namespace {

// The outbox flash with its `fail_read`-th read failing (kFlashError), once.
class OneFailingRead final : public hal::Flash {
  public:
    explicit OneFailingRead(hal::Flash& inner) : inner_(inner) {}
    hal::FlashGeometry geometry() const override { return inner_.geometry(); }
    hal::Status erase(uint32_t sector) override { return inner_.erase(sector); }
    hal::Status program(uint32_t address, hal::ConstByteSpan data) override {
        return inner_.program(address, data);
    }
    hal::Status read(uint32_t address, hal::ByteSpan out) override {
        if (++reads == fail_read) return hal::Status::kFlashError;
        return inner_.read(address, out);
    }
    uint32_t reads = 0;
    uint32_t fail_read = UINT32_MAX;

  private:
    hal::Flash& inner_;
};

}  // namespace

// A flash read that fails anywhere while a long text is read for sending (the entry's
// walk and CRC, the input check, the body, the marks' read-backs) is a failure retried
// later: the entry is never set aside for it, and the text reaches the service once,
// exactly as accepted.
TEST(Messenger, AFlashReadFailingWhileATextStreamsIsRetriedNeverSetAsideOrSentWrong) {
    const std::string text = long_text('g');
    int faults_hit = 0;
    for (uint32_t k = 1; k < 1600; k += 11) {
        test::DeviceFlash part;
        test::FakeClock part_clock{1000, 1'800'000'000};
        FakeService part_service;
        Recorder part_recorder;
        OneFailingRead reads(part.outbox);
        test::MessengerRig rig(part, part_clock, part_service, part_recorder, {9, 5}, &reads);
        CHECK_EQUAL(hal::Status::kOk, rig.mount());
        rig.start(config);
        CHECK_TRUE(rig.messenger->send_text(text).ok());
        reads.fail_read = reads.reads + k;
        const hal::Millis end = part_clock.now_ms() + 300000;
        for (int i = 0; i < 10000 && !hal::deadline_passed(part_clock.now_ms(), end); ++i) {
            const hal::Millis next = rig.messenger->step(part_clock.now_ms());
            if (!hal::deadline_passed(part_clock.now_ms(), next)) part_clock.set_now(next);
        }
        if (reads.reads >= reads.fail_read) ++faults_hit;
        const std::vector<std::string> texts = part_service.user_texts();
        CHECK_EQUAL(1U, texts.size());
        CHECK(texts[0] == text);
        CHECK_EQUAL(0U, part_recorder.rejected.size());
        CHECK_EQUAL(0U, rig.messenger->unconfirmed());
    }
    CHECK_TRUE(faults_hit > 100);
}

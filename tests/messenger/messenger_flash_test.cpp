// The messenger when its flash refuses a write: the subscription, the last message id
// seen, an entry's confirmation, its written mark or its failed mark not kept. Each is
// logged and the conversation goes on; what was not kept costs at most a repetition
// after a restart (subscribe again, a message shown again, a send looked for), never a
// lost or duplicated message. The NOR fakes inject the faults (tests/support/fake_flash.h).
// MessengerAnswers: service answers on the way (a message too large or gone, a device the
// service forgot, a garbled answer to a stored send, an entry too large for the service).
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "firmware/messenger/messenger.h"
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

constexpr hal::Millis kPastTheGrace = 200000;  // send_grace_ms is 120 s

Failure refusal() {
    Failure f;
    f.status = hal::Status::kBadRequest;
    f.http_status = 400;
    f.error = "invalid_text";
    return f;
}

class Recorder final : public firmware::messenger::MessengerListener {
  public:
    void on_message_text(std::string_view piece) override { text.add(piece); }
    void on_message_text_dropped() override { text.drop(); }
    void on_message(const net::parley::Message& /*m*/) override { received.push_back(text.take()); }
    void on_sent(uint32_t sequence, uint64_t) override { sent.push_back(sequence); }
    void on_rejected(uint32_t sequence, hal::Status, std::string_view) override {
        rejected.push_back(sequence);
    }
    void on_link(firmware::messenger::LinkState state, hal::Status cause) override {
        if (state == firmware::messenger::LinkState::kRetrying) retry_causes.push_back(cause);
    }
    test::StreamedText text;  // the message arriving
    std::vector<std::string> received;
    std::vector<uint32_t> sent;
    std::vector<uint32_t> rejected;
    std::vector<hal::Status> retry_causes;
};

// The scripted service with a hook after each send: lets a test break the flash right
// after the service took (or refused) a message, before the messenger records it.
class HookedService final : public firmware::messenger::ServiceApi {
  public:
    explicit HookedService(FakeService& inner) : inner_(inner) {}
    hal::Status subscribe(hal::Millis deadline) override { return inner_.subscribe(deadline); }
    hal::Result<uint64_t> send(const firmware::outbox::Entry& entry,
                               hal::Millis deadline) override {
        const hal::Result<uint64_t> sent = inner_.send(entry, deadline);
        if (after_send) {
            after_send();
            after_send = nullptr;
        }
        return sent;
    }
    hal::Status newest_messages(net::parley::MessageHandler& handler, net::parley::PageResult* page,
                                hal::Millis deadline) override {
        return inner_.newest_messages(handler, page, deadline);
    }
    hal::Status messages_after(uint64_t id, net::parley::MessageHandler& handler,
                               net::parley::PageResult* page, hal::Millis deadline) override {
        return inner_.messages_after(id, handler, page, deadline);
    }
    hal::Status messages_before(uint64_t id, net::parley::MessageHandler& handler,
                                net::parley::PageResult* page, hal::Millis deadline) override {
        return inner_.messages_before(id, handler, page, deadline);
    }
    hal::Status message(uint64_t id, net::parley::MessageHandler& handler,
                        hal::Millis deadline) override {
        return inner_.message(id, handler, deadline);
    }
    hal::Status typing(bool start, hal::Millis deadline) override {
        return inner_.typing(start, deadline);
    }
    const net::parley::ApiError& last_error() const override { return inner_.last_error(); }

    std::function<void()> after_send;  // once

  private:
    FakeService& inner_;
};

// One boot of the device over the shared flash.
struct Device : test::MessengerRig {
    Device(test::DeviceFlash& flash, test::FakeClock& clock,
           firmware::messenger::ServiceApi& service, Recorder& recorder)
        : MessengerRig(flash, clock, service, recorder, {4, 8}) {
        CHECK_EQUAL(hal::Status::kOk, mount());
        start(test::rig_config(0xF1A5));
    }
};

}  // namespace

TEST_GROUP(MessengerFlash) {
    test::DeviceFlash flash;
    test::FakeClock clock{1000, 1'800'000'000};
    FakeService service;
    HookedService hooked{service};
    Recorder recorder;
    std::unique_ptr<Device> device;

    void setup() override {
        CHECK_EQUAL(hal::Status::kOk, store_test::init_crypto());
        boot();
    }
    // A restart: power back on both parts (faults cleared), mount, start.
    void reboot() {
        flash.restore_power();
        boot();
    }
    void boot() {
        device.reset();
        device = std::make_unique<Device>(flash, clock, hooked, recorder);
    }
    firmware::messenger::Messenger& messenger() {
        return *device->messenger;
    }
    void run_for(hal::Millis ms) {
        const hal::Millis end = clock.now_ms() + ms;
        for (int i = 0; i < 10000 && !hal::deadline_passed(clock.now_ms(), end); ++i) {
            const hal::Millis next = messenger().step(clock.now_ms());
            if (!hal::deadline_passed(clock.now_ms(), next)) {
                clock.set_now(hal::deadline_passed(next, end) ? end : next);
            }
        }
    }
    void accept(const char* text) {
        CHECK_TRUE(messenger().send_text(text).ok());
    }
    // Every write to the settings flash fails from now on (until reboot()).
    void settings_flash_dies() {
        flash.settings.fail_from(flash.settings.operations() + 1);
    }
};

TEST(MessengerFlash, ASubscriptionNotKeptIsMadeAgainAfterARestart) {
    settings_flash_dies();
    accept("sent without a kept subscription");
    run_for(5000);
    CHECK_EQUAL(1, service.subscribes);
    CHECK_EQUAL(1U, service.user_texts().size());  // the conversation went on
    CHECK_EQUAL(0U, messenger().unconfirmed());

    reboot();
    run_for(5000);
    CHECK_EQUAL(2, service.subscribes);  // not in flash: subscribed again
    reboot();
    run_for(5000);
    CHECK_EQUAL(2, service.subscribes);  // kept this time
    CHECK_EQUAL(1U, service.user_texts().size());
}

TEST(MessengerFlash, AHistoryWhoseLastIdIsNotKeptIsShownAgainAfterARestart) {
    service.agent_says("welcome");
    service.agent_says("how can we help?");
    settings_flash_dies();
    run_for(5000);
    CHECK_EQUAL(2U, recorder.received.size());
    run_for(30000);
    CHECK_EQUAL(2U, recorder.received.size());  // this life remembers them in RAM

    reboot();
    run_for(5000);
    CHECK_EQUAL(4U, recorder.received.size());  // a first start again: the history again
    STRCMP_EQUAL("welcome", recorder.received[2].c_str());
    reboot();
    run_for(5000);
    CHECK_EQUAL(4U, recorder.received.size());  // kept now
}

TEST(MessengerFlash, AMessageWhoseIdIsNotKeptIsShownAgainNeverLost) {
    service.agent_says("one");
    run_for(5000);
    CHECK_EQUAL(1U, recorder.received.size());
    settings_flash_dies();
    service.agent_says("two");
    service.agent_says("three");
    run_for(30000);
    CHECK_EQUAL(3U, recorder.received.size());
    CHECK_EQUAL(10003U, messenger().last_seen_id());

    reboot();
    run_for(30000);
    // "one" was kept; "two" and "three" were not: shown once more, in order.
    const std::vector<std::string> expected = {"one", "two", "three", "two", "three"};
    CHECK_EQUAL(expected.size(), recorder.received.size());
    for (size_t i = 0; i < expected.size(); ++i)
        STRCMP_EQUAL(expected[i].c_str(), recorder.received[i].c_str());
}

TEST(MessengerFlash, AConfirmationNotKeptIsReconciledNotSentTwice) {
    run_for(5000);  // subscribed, first start over
    accept("exactly once");
    // The written mark lands, the send succeeds, the confirmation does not land.
    hooked.after_send = [this] { flash.outbox.fail_from(flash.outbox.operations() + 1); };
    run_for(5000);
    CHECK_EQUAL(1, service.sends);
    CHECK_EQUAL(1U, recorder.sent.size());  // the app was told it went out

    reboot();
    run_for(kPastTheGrace);
    CHECK_EQUAL(1, service.sends);  // looked for and found: not sent again
    CHECK_EQUAL(1U, service.user_texts().size());
    CHECK_EQUAL(0U, messenger().unconfirmed());
}

TEST(MessengerFlash, ALastSentIdNotKeptStillConfirmsTheEntry) {
    run_for(5000);
    accept("confirmed anyway");
    settings_flash_dies();
    run_for(5000);
    CHECK_EQUAL(1U, recorder.sent.size());
    CHECK_EQUAL(0U, messenger().unconfirmed());

    reboot();
    CHECK_EQUAL(hal::Status::kNotFound, device->settings.read_last_sent_id().status());
    accept("the next one");
    run_for(5000);
    const std::vector<std::string> texts = service.user_texts();
    CHECK_EQUAL(2U, texts.size());
    STRCMP_EQUAL("confirmed anyway", texts[0].c_str());
    STRCMP_EQUAL("the next one", texts[1].c_str());
}

TEST(MessengerFlash, AnEntryThatCannotBeMarkedWrittenWaitsAndGoesOutOnce) {
    run_for(5000);
    accept("after a flash hiccup");
    flash.outbox.fail_operation(flash.outbox.operations() + 1);  // the written mark
    run_for(1);
    CHECK_EQUAL(0, service.sends);  // never sent without its mark in flash
    CHECK_EQUAL(1U, recorder.retry_causes.size());
    CHECK_EQUAL(hal::Status::kFlashError, recorder.retry_causes[0]);
    run_for(10000);
    CHECK_EQUAL(1, service.sends);
    CHECK_EQUAL(1U, service.user_texts().size());
    CHECK_EQUAL(0U, messenger().unconfirmed());
}

TEST(MessengerFlash, ARefusedEntryThatCannotBeSetAsideIsSetAsideLater) {
    run_for(5000);
    service.send_failures.push_back(refusal());
    service.send_failures.push_back(refusal());
    accept("refused twice");
    // The written mark lands; the failed mark does not, until the fault clears.
    hooked.after_send = [this] { flash.outbox.fail_from(flash.outbox.operations() + 1); };
    run_for(5000);
    CHECK_EQUAL(1, service.sends);
    CHECK_EQUAL(0U, recorder.rejected.size());  // not reported before it is kept
    CHECK_EQUAL(1U, messenger().unconfirmed());
    flash.outbox.restore_power();
    run_for(kPastTheGrace);
    CHECK_EQUAL(2, service.sends);  // looked for, absent, sent, refused again
    CHECK_EQUAL(1U, recorder.rejected.size());
    CHECK_EQUAL(0U, messenger().unconfirmed());
    CHECK_EQUAL(0U, service.user_texts().size());
}

// Answers the messenger handles on its way that the other groups do not reach.
TEST_GROUP(MessengerAnswers) {
    test::DeviceFlash flash;
    test::FakeClock clock{1000, 1'800'000'000};
    FakeService service;
    Recorder recorder;
    std::unique_ptr<Device> device;

    void setup() override {
        CHECK_EQUAL(hal::Status::kOk, store_test::init_crypto());
        device = std::make_unique<Device>(flash, clock, service, recorder);
    }
    firmware::messenger::Messenger& messenger() {
        return *device->messenger;
    }
    void run_for(hal::Millis ms) {
        const hal::Millis end = clock.now_ms() + ms;
        for (int i = 0; i < 10000 && !hal::deadline_passed(clock.now_ms(), end); ++i) {
            const hal::Millis next = messenger().step(clock.now_ms());
            if (!hal::deadline_passed(clock.now_ms(), next)) {
                clock.set_now(hal::deadline_passed(next, end) ? end : next);
            }
        }
    }
    static Failure failure(hal::Status status, uint16_t http_status, const char* error = "",
                           bool store_first = false) {
        Failure f;
        f.status = status;
        f.http_status = http_status;
        f.error = error;
        f.store_first = store_first;
        return f;
    }
};

TEST(MessengerAnswers, AMessageTooLargeOrGoneIsSkippedAndTheRestDelivered) {
    run_for(5000);
    service.agent_says("too large for this device");
    service.agent_says("deleted meanwhile");
    service.agent_says("fits");
    service.fetch_failures.push_back(failure(hal::Status::kTooLarge, 200));
    service.fetch_failures.push_back(failure(hal::Status::kNotFound, 404));
    run_for(30000);
    CHECK_EQUAL(1U, recorder.received.size());
    STRCMP_EQUAL("fits", recorder.received[0].c_str());
    CHECK_EQUAL(10003U, messenger().last_seen_id());
    CHECK_EQUAL(3, service.fetches);  // each asked for once
}

TEST(MessengerAnswers, AServiceThatForgotTheDeviceGetsItSubscribedAgain) {
    run_for(5000);
    CHECK_EQUAL(1, service.subscribes);
    service.send_failures.push_back(
        failure(hal::Status::kFailedPrecondition, 400, "device_not_registered"));
    CHECK_TRUE(messenger().send_text("after the service forgot us").ok());
    run_for(10000);
    CHECK_EQUAL(2, service.subscribes);
    CHECK_EQUAL(1U, service.user_texts().size());
    CHECK_EQUAL(0U, messenger().unconfirmed());
}

TEST(MessengerAnswers, ASendWithACorruptAnswerIsLookedForNotSentTwice) {
    run_for(5000);
    service.send_failures.push_back(failure(hal::Status::kCorrupt, 200, "", true));
    CHECK_TRUE(messenger().send_text("stored, answer garbled").ok());
    run_for(kPastTheGrace);
    CHECK_EQUAL(1, service.sends);
    CHECK_EQUAL(1U, service.user_texts().size());
    CHECK_EQUAL(0U, messenger().unconfirmed());
}

TEST(MessengerAnswers, AnEntryTheServiceFindsTooLargeIsSetAside) {
    run_for(5000);
    service.send_failures.push_back(failure(hal::Status::kTooLarge, 413, "text_too_long"));
    CHECK_TRUE(messenger().send_text("too long for the service").ok());
    CHECK_TRUE(messenger().send_text("the next one").ok());
    run_for(10000);
    CHECK_EQUAL(1U, recorder.rejected.size());
    CHECK_EQUAL(1U, service.user_texts().size());
    STRCMP_EQUAL("the next one", service.user_texts()[0].c_str());
}

TEST(MessengerAnswers, MediaWithoutADescriptionIsAccepted) {
    CHECK_TRUE(messenger().send_media("2030/01/15/photo.jpg", "").ok());
    CHECK_EQUAL(hal::Status::kInvalidArgument,
                messenger().send_media("2030/01/15/photo.jpg", "bad \xFF").status());
    CHECK_EQUAL(1U, messenger().unconfirmed());
}

TEST(MessengerAnswers, NewCredentialsWithoutATokenKeeperRetryAtOnce) {
    service.subscribe_failures.push_back(failure(hal::Status::kBadCredentials, 401));
    run_for(5000);
    CHECK_TRUE(messenger().link() == firmware::messenger::LinkState::kStopped);
    messenger().credentials_changed();
    run_for(5000);
    CHECK_TRUE(messenger().link() == firmware::messenger::LinkState::kOnline);
    CHECK_EQUAL(2, service.subscribes);
}

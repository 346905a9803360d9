// Read receipts and the unread count (messenger.h, receipts.h; docs/protocol.md §6.8):
// a message the app showed is marked read (4), one it did not delivered (3), batched
// into one PUT per status per poll and none when nothing is owed; a service that refuses
// them is not asked again; the unread count comes from the service where it has one,
// from the last id seen otherwise.
#include <memory>
#include <set>
#include <vector>

#include "firmware/messenger/messenger.h"
#include "firmware/messenger/receipts.h"
#include "tests/settings/store_fakes.h"
#include "tests/support/fake_service.h"
#include "tests/support/flash_fixture.h"
#include "tests/support/messenger_rig.h"

#include <CppUTest/TestHarness.h>

namespace {

using messenger_test::Failure;
using messenger_test::FakeService;

uint64_t g_receipt_ids[firmware::messenger::kReceiptStorageIds];

constexpr int kDelivered = 3;
constexpr int kRead = 4;

// The kiosk's part: a message arriving while the screen is on is shown at once.
class Screen final : public firmware::messenger::MessengerListener {
  public:
    void on_message(const net::parley::Message& m) override {
        received.push_back(m.id);
        if (on && messenger != nullptr) messenger->message_shown(m.id);
    }
    void on_unread_count(const firmware::messenger::UnreadCount& unread) override {
        counts.push_back(unread);
    }
    firmware::messenger::Messenger* messenger = nullptr;
    bool on = true;
    std::vector<uint64_t> received;
    std::vector<firmware::messenger::UnreadCount> counts;
};

struct Device : test::MessengerRig {
    Device(test::DeviceFlash& flash, test::FakeClock& clock, FakeService& service, Screen& screen,
           const firmware::messenger::MessengerConfig& config)
        : MessengerRig(flash, clock, service, screen, {9, 5}) {
        CHECK_EQUAL(hal::Status::kOk, mount());
        start(config);
        screen.messenger = &*messenger;
    }
};

Failure refusal(uint16_t http_status, hal::Status status) {
    Failure f;
    f.status = status;
    f.http_status = http_status;
    return f;
}

}  // namespace

TEST_GROUP(Receipts) {
    test::DeviceFlash flash;
    test::FakeClock clock{1000, 1'800'000'000};
    FakeService service;
    Screen screen;
    std::unique_ptr<Device> device;
    firmware::messenger::MessengerConfig config = receipts_config();

    static firmware::messenger::MessengerConfig receipts_config() {
        firmware::messenger::MessengerConfig c = test::rig_config(0xBEEF);
        c.read_receipts = true;
        c.receipt_ids = hal::Span<uint64_t>(g_receipt_ids);
        c.unseen_count = true;
        return c;
    }
    void setup() override {
        CHECK_EQUAL(hal::Status::kOk, store_test::init_crypto());
    }
    void boot() {
        device.reset();
        device = std::make_unique<Device>(flash, clock, service, screen, config);
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
    // A device that has seen the conversation so far (its first start is over).
    void boot_past_first_start() {
        boot();
        run_for(3000);
        service.marks.clear();
        screen.received.clear();
        screen.counts.clear();
    }
};

TEST(Receipts, AShownMessageIsMarkedReadAndOneNotShownDelivered) {
    boot_past_first_start();
    screen.on = false;
    const uint64_t idle = service.store(2, "while the screen was off");
    run_for(2500);
    screen.on = true;
    const uint64_t shown = service.store(2, "while someone looked");
    run_for(2500);
    CHECK_EQUAL(2U, service.marks.size());
    CHECK_EQUAL(kDelivered, service.marks[0].status);
    CHECK_EQUAL(1U, service.marks[0].ids.size());
    CHECK_EQUAL(idle, service.marks[0].ids[0]);
    CHECK_EQUAL(kRead, service.marks[1].status);
    CHECK_EQUAL(shown, service.marks[1].ids[0]);
    CHECK_EQUAL(kDelivered, service.statuses[idle]);
    CHECK_EQUAL(kRead, service.statuses[shown]);
}

TEST(Receipts, OnePutPerStatusPerPollNoneWhenNothingIsOwed) {
    boot_past_first_start();
    run_for(60000);  // empty polls
    CHECK_EQUAL(0U, service.marks.size());
    screen.on = false;
    service.store(2, "one");
    service.store(1, "my own: never marked");
    service.store(3, "two");
    service.store(5, "three");
    run_for(2500);  // one poll delivers all three
    CHECK_EQUAL(1U, service.marks.size());
    CHECK_EQUAL(kDelivered, service.marks[0].status);
    CHECK_EQUAL(3U, service.marks[0].ids.size());
}

TEST(Receipts, AMessageShownLaterIsMarkedReadAfterTheNextPoll) {
    boot_past_first_start();
    screen.on = false;
    const uint64_t id = service.store(2, "unseen");
    run_for(2500);
    CHECK_EQUAL(kDelivered, service.statuses[id]);
    messenger().message_shown(id);  // the screen woke up
    run_for(5000);
    CHECK_EQUAL(2U, service.marks.size());
    CHECK_EQUAL(kRead, service.marks[1].status);
    CHECK_EQUAL(kRead, service.statuses[id]);
}

TEST(Receipts, AFullPageIsOneBatchOfFiftyAndTheRestGoesWithTheNextPoll) {
    boot_past_first_start();
    for (int i = 0; i < 60; ++i)
        service.store(2, "burst");
    run_for(5000);
    CHECK_EQUAL(60U, screen.received.size());
    CHECK_EQUAL(2U, service.marks.size());
    CHECK_EQUAL(kRead, service.marks[0].status);
    CHECK_EQUAL(50U, service.marks[0].ids.size());
    CHECK_EQUAL(10U, service.marks[1].ids.size());
}

TEST(Receipts, AServiceThatRefusesThemIsNotAskedAgainThisSession) {
    boot_past_first_start();
    service.mark_failures.push_back(refusal(404, hal::Status::kNotFound));
    service.store(2, "first");
    run_for(2500);
    CHECK_EQUAL(1U, service.marks.size());
    CHECK_FALSE(messenger().receipts_active());
    CHECK_TRUE(messenger().link() == firmware::messenger::LinkState::kOnline);
    service.store(2, "second");
    service.store(2, "third");
    run_for(60000);
    CHECK_EQUAL(3U, screen.received.size());
    CHECK_EQUAL(1U, service.marks.size());  // never again
    boot();                                 // a new session asks again
    service.store(2, "fourth");
    run_for(5000);
    CHECK_EQUAL(2U, service.marks.size());
}

TEST(Receipts, AFailedMarkIsSentAgainWithTheNextPoll) {
    boot_past_first_start();
    service.mark_failures.push_back(refusal(503, hal::Status::kRetryLater));
    const uint64_t first = service.store(2, "first");
    run_for(2500);
    CHECK_EQUAL(1U, service.marks.size());
    CHECK_TRUE(messenger().receipts_active());
    service.store(2, "second");
    run_for(20000);
    CHECK_EQUAL(2U, service.marks.size());
    CHECK_EQUAL(2U, service.marks[1].ids.size());
    CHECK_EQUAL(kRead, service.statuses[first]);
}

TEST(Receipts, WithoutStorageNothingIsMarked) {
    config.receipt_ids = hal::Span<uint64_t>();
    boot_past_first_start();
    CHECK_FALSE(messenger().receipts_active());
    service.store(2, "hello");
    run_for(5000);
    CHECK_EQUAL(1U, screen.received.size());
    CHECK_EQUAL(0U, service.marks.size());
}

TEST(Receipts, OffMeansNoRequest) {
    config.read_receipts = false;
    boot_past_first_start();
    service.store(2, "hello");
    run_for(5000);
    CHECK_EQUAL(1U, screen.received.size());
    CHECK_EQUAL(0U, service.marks.size());
}

TEST(Receipts, TheUnreadCountComesFromTheServiceAfterARestart) {
    boot_past_first_start();
    screen.on = false;
    service.store(2, "a");
    run_for(2500);  // delivered, not read
    device.reset();
    service.store(2, "b");
    service.store(2, "c");
    boot();
    run_for(100);
    CHECK_EQUAL(2, service.unseen_calls);  // one at each start
    CHECK_EQUAL(1U, screen.counts.size());
    CHECK_EQUAL(3U, screen.counts[0].count);
    CHECK_TRUE(screen.counts[0].from_service);
}

TEST(Receipts, WithoutTheServicesCountTheUnreadCountComesFromTheLastIdSeen) {
    config.unseen_count = false;
    boot_past_first_start();
    device.reset();
    service.store(2, "a");
    service.store(1, "mine");
    service.store(2, "b");
    boot();
    run_for(100);
    CHECK_EQUAL(0, service.unseen_calls);
    CHECK_EQUAL(1U, screen.counts.size());
    CHECK_EQUAL(2U, screen.counts[0].count);
    CHECK_FALSE(screen.counts[0].from_service);
}

TEST(Receipts, AFirstStartWithoutTheServicesCountReportsNone) {
    config.unseen_count = false;
    service.store(2, "history one");
    service.store(2, "history two");
    boot();  // no last id seen yet: its first poll is the history, not "new messages"
    run_for(3000);
    CHECK_EQUAL(2U, screen.received.size());
    CHECK_EQUAL(0U, screen.counts.size());
}

TEST(Receipts, ARefusedUnseenCountFallsBackAndIsNotAskedAgain) {
    boot_past_first_start();
    device.reset();
    service.unseen_failures.push_back(refusal(404, hal::Status::kNotFound));
    service.store(2, "a");
    boot();
    run_for(100);
    CHECK_EQUAL(2, service.unseen_calls);  // the first start's, and this one refused
    CHECK_EQUAL(1U, screen.counts.size());
    CHECK_EQUAL(1U, screen.counts[0].count);
    CHECK_FALSE(screen.counts[0].from_service);
    messenger().request_unread_count();  // a wake-up
    run_for(5000);
    CHECK_EQUAL(2, service.unseen_calls);
    CHECK_EQUAL(2U, screen.counts.size());
}

TEST_GROUP(ReceiptBatch){};

TEST(ReceiptBatch, KeepsFiftyUniqueIdsAndCountsTheRest) {
    uint64_t storage[firmware::messenger::kReceiptStorageIds + 10];
    firmware::messenger::Receipts receipts{hal::Span<uint64_t>(storage)};
    for (uint64_t id = 1; id <= 52; ++id)
        receipts.on_delivered(id);
    receipts.on_delivered(7);  // again: no second copy
    CHECK_EQUAL(2U, receipts.dropped());
    receipts.on_shown(7);  // read only, no longer delivered
    receipts.start_round();
    firmware::messenger::ReceiptBatch* read = receipts.next_owed();
    CHECK_TRUE(read != nullptr);
    CHECK_TRUE(receipts.status_of(*read) == net::parley::DeliveryStatus::kRead);
    CHECK_EQUAL(1U, read->size());
    receipts.sent(*read);
    firmware::messenger::ReceiptBatch* delivered = receipts.next_owed();
    CHECK_TRUE(delivered != nullptr);
    CHECK_EQUAL(49U, delivered->size());
    CHECK_FALSE(delivered->contains(7));
    receipts.sent(*delivered);
    CHECK_TRUE(receipts.next_owed() == nullptr);
    receipts.on_shown(99);  // owed at the next round only
    CHECK_TRUE(receipts.next_owed() == nullptr);
    receipts.start_round();
    CHECK_TRUE(receipts.next_owed() != nullptr);
}

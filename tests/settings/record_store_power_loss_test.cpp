// The power-loss sweep (docs/design.md §9): a scripted sequence of updates, long enough to
// compact round every sector, is replayed from a blank flash once for every flash
// operation it makes, with power cut after that operation, and once more for every byte
// at which a program can tear (with and without a half-programmed byte) and for torn
// erases. After each cut the device reboots: the store must mount, every key must hold
// exactly its value from before the interrupted update except the updated key, which
// holds its old or its new value (never garbage, never neither), and the store must take
// further writes.
#include <CppUTest/TestHarness.h>

#include <cstdio>
#include <cstring>

#include "firmware/settings/record_store.h"
#include "tests/support/fake_flash.h"
#include "tests/support/flash_fixture.h"
#include "tests/support/power_loss.h"

using firmware::settings::kMaxKeys;
using firmware::settings::kMaxValueSize;
using firmware::settings::RecordStore;
using hal::Status;
using test::FakeFlash;

namespace {

struct Update {
    uint8_t key;
    uint32_t version;
    uint16_t size;  // 0: remove the key
};

constexpr uint16_t kLargest = kMaxValueSize;

// 30 updates over five keys, from one byte to the largest value, with two removals:
// enough bytes to compact three times, so that on two sectors the log goes round and
// reuses (erases) the sector it started in.
constexpr Update kScript[] = {
    {0, 1, 400}, {1, 1, kLargest}, {2, 1, 1},   {3, 1, 128}, {4, 1, 448}, {0, 2, 420},
    {1, 2, 448}, {2, 2, 17},       {3, 0, 0},   {4, 2, 448}, {0, 3, 440}, {1, 3, 448},
    {2, 3, 33},  {3, 4, 130},      {4, 3, 448}, {0, 4, 448}, {1, 4, 448}, {2, 4, 1},
    {4, 0, 0},   {0, 5, 448},      {1, 5, 448}, {3, 5, 132}, {2, 5, 200}, {4, 5, 448},
    {0, 6, 448}, {1, 6, 448},      {2, 6, 2},   {3, 6, 134}, {0, 7, 448}, {1, 7, 448},
};
constexpr size_t kUpdates = sizeof kScript / sizeof kScript[0];
constexpr uint32_t kFollowUpVersion = 1000;
constexpr uint16_t kFollowUpSize = 120;

void fill_value(uint8_t key, uint32_t version, uint16_t size, uint8_t* out) {
    for (size_t i = 0; i < size; ++i)
        out[i] = static_cast<uint8_t>(key * 31 + version * 7 + i * 13);
}

Status apply(RecordStore& store, const Update& update) {
    uint8_t value[kMaxValueSize];
    fill_value(update.key, update.version, update.size, value);
    return store.write(update.key, hal::ConstByteSpan(value, update.size));
}

// What a key holds: absent, or the value of one update.
struct Expected {
    bool present = false;
    uint32_t version = 0;
    uint16_t size = 0;
};

struct Model {
    Expected keys[kMaxKeys];

    void apply(const Update& update) {
        keys[update.key] = Expected{update.size > 0, update.version, update.size};
    }
};

Model model_before(size_t updates) {
    Model model;
    for (size_t i = 0; i < updates; ++i)
        model.apply(kScript[i]);
    return model;
}

bool holds(RecordStore& store, uint8_t key, const Expected& expected) {
    uint8_t out[kMaxValueSize];
    const hal::Result<size_t> got = store.read(key, hal::ByteSpan(out));
    if (!expected.present) return got.status() == Status::kNotFound;
    uint8_t want[kMaxValueSize];
    fill_value(key, expected.version, expected.size, want);
    return got.ok() && got.value() == expected.size && std::memcmp(out, want, expected.size) == 0;
}

// The script from a blank flash until an update fails; after the cut, the reboot's checks.
class ScriptScenario final : public test::PowerLossScenario {
  public:
    void run(FakeFlash& flash) override {
        done_ = 0;
        RecordStore store(flash);
        if (store.mount() != Status::kOk) return;
        for (; done_ < kUpdates; ++done_) {
            if (apply(store, kScript[done_]) != Status::kOk) return;
        }
    }
    bool completed() const override { return done_ == kUpdates; }

    void check(FakeFlash& flash, uint32_t number) override {
        const size_t done = done_;
        const SimpleString where =
            StringFromFormat("cut at operation %u, after %u updates", static_cast<unsigned>(number),
                             static_cast<unsigned>(done));
        Model model = model_before(done);
        RecordStore store(flash);
        const Status mounted = store.mount();
        CHECK_EQUAL_TEXT(Status::kOk, mounted, where.asCharString());
        check_keys(store, model, done, where);

        // The store goes on: a further write lands and survives another reboot.
        const uint8_t key = done < kUpdates ? kScript[done].key : 0;
        const Update follow_up{key, kFollowUpVersion, kFollowUpSize};
        const Status written = apply(store, follow_up);
        CHECK_EQUAL_TEXT(Status::kOk, written, where.asCharString());
        model.apply(follow_up);
        RecordStore again(flash);
        const Status remounted = again.mount();
        CHECK_EQUAL_TEXT(Status::kOk, remounted, where.asCharString());
        check_keys(again, model, kUpdates, where);
    }

  private:
    // Every key as before update `done`; that update's key old or new.
    void check_keys(RecordStore& store, const Model& model, size_t done,
                    const SimpleString& where) {
        for (uint8_t key = 0; key < kMaxKeys; ++key) {
            bool ok = holds(store, key, model.keys[key]);
            if (!ok && done < kUpdates && kScript[done].key == key) {
                Model after = model;
                after.apply(kScript[done]);
                ok = holds(store, key, after.keys[key]);
            }
            const SimpleString what =
                StringFromFormat("key %u: %s", static_cast<unsigned>(key), where.asCharString());
            CHECK_TEXT(ok, what.asCharString());
        }
    }

    size_t done_ = 0;
};

}  // namespace

TEST_GROUP(RecordStorePowerLoss){};

TEST(RecordStorePowerLoss, EveryCutLeavesEachKeyWithItsOldOrNewValue) {
    static FakeFlash flash(test::kStoreGeometry);
    ScriptScenario scenario;
    const test::PowerLossCounts counts = test::sweep_power_loss(flash, scenario);
    // Blank sectors are used without an erase; compacting back into the first one erases.
    CHECK(counts.erases >= 1);
    std::printf("\n[figure] store-sweep-operations %u\n[figure] store-sweep-cut-points %u\n",
                static_cast<unsigned>(counts.operations), static_cast<unsigned>(counts.cut_points));
}

TEST(RecordStorePowerLoss, EveryCutIsSurvivedWithAnEightByteProgramUnit) {
    static FakeFlash flash(hal::FlashGeometry{4096, 2, 8});
    ScriptScenario scenario;
    const test::PowerLossCounts counts = test::sweep_power_loss(flash, scenario);
    CHECK(counts.erases >= 1);
    std::printf("\n[figure] store-sweep-cut-points-unit8 %u\n",
                static_cast<unsigned>(counts.cut_points));
}

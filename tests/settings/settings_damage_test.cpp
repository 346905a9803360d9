// Settings on damaged flash (SPEC.md "Damage"): every single flipped bit of a populated
// image is corrected and reported; the device id and the credentials survive the loss of
// any one record and of the current sector's header; whatever is lost is reported; a
// repair writes everything clean again.
#include <CppUTest/TestHarness.h>

#include <cstdio>
#include <cstring>
#include <vector>

#include "firmware/settings/settings.h"
#include "hal/le_bytes.h"
#include "tests/settings/check_status.h"
#include "tests/settings/store_fakes.h"
#include "tests/support/fake_flash.h"
#include "tests/support/flash_fixture.h"
#include "tests/support/read_fault_flash.h"

using firmware::settings::Credentials;
using firmware::settings::DeviceId;
using firmware::settings::Settings;
using firmware::settings::Subscription;
using firmware::settings::Token;
using hal::Status;
using test::FakeFlash;

namespace {

constexpr hal::FlashGeometry kGeometry = test::kStoreGeometry;
constexpr uint32_t kSectorHeaderSize = 16;  // unit 1
constexpr uint32_t kRecordOverhead = 16;    // header 12 + CRC 4, unit 1
constexpr char kClientId[] = "kiosk-client-0042";
constexpr char kClientSecret[] = "s3cr3t+/=with-form-chars";
constexpr char kDeviceId[] = "5d1c3f0e-8a7b-4c2d-9e6f-0a1b2c3d4e5f";
constexpr char kAccessToken[] = "haf2SDl07E9N7RluNQ4kJ1TkGgso";
constexpr uint64_t kLastMessageId = 10743;
constexpr uint64_t kLastSentId = 10740;

Token make_token(int64_t expires_at_s) {
    Token token;
    CHECK_STATUS(Status::kOk, token.access_token.assign(kAccessToken));
    token.expires_at_s = expires_at_s;
    token.issued_at_ms = 1'521'039'195'424;
    return token;
}

// The sector whose header has the newest generation (both headers intact).
uint32_t current_sector(FakeFlash& flash) {
    const uint32_t a = hal::get_le<uint32_t>(flash.image().data() + 8);
    const uint32_t b = hal::get_le<uint32_t>(flash.image().data() + kGeometry.sector_size + 8);
    return static_cast<int32_t>(a - b) > 0 ? 0 : 1;
}

// [start, end) of each record in `sector`, walked from the header by their lengths.
std::vector<std::pair<uint32_t, uint32_t>> records_of(FakeFlash& flash, uint32_t sector) {
    std::vector<std::pair<uint32_t, uint32_t>> records;
    const uint8_t* image = flash.image().data();
    const uint32_t end = (sector + 1) * kGeometry.sector_size;
    uint32_t at = sector * kGeometry.sector_size + kSectorHeaderSize;
    while (end - at >= kRecordOverhead && image[at] != 0xFF) {
        const uint32_t length = hal::get_le<uint16_t>(image + at + 6);
        records.emplace_back(at, at + kRecordOverhead + length);
        at += kRecordOverhead + length;
    }
    return records;
}

}  // namespace

TEST_GROUP(SettingsDamage) {
    FakeFlash flash{kGeometry};
    store_test::FixedIdentity identity{1};
    store_test::SeededEntropy entropy{7};
    std::vector<uint8_t> populated;

    void setup() override {
        const Status crypto = store_test::init_crypto();
        CHECK_STATUS(Status::kOk, crypto);
        Settings settings(flash, identity, entropy);
        CHECK_STATUS(Status::kOk, settings.mount());
        CHECK_STATUS(Status::kOk, settings.write_device_id(kDeviceId));
        CHECK_STATUS(Status::kOk, settings.write_credentials(kClientId, kClientSecret));
        // Token renewals until the log has compacted round both sectors.
        for (int64_t i = 0; i < 12; ++i)
            CHECK_STATUS(Status::kOk, settings.write_token(make_token(1'700'000'000 + i)));
        CHECK_STATUS(Status::kOk, settings.write_subscription(Subscription{true, 0xCAFEF00Du}));
        CHECK_STATUS(Status::kOk, settings.write_last_message_id(kLastMessageId));
        CHECK_STATUS(Status::kOk, settings.write_last_sent_id(kLastSentId));
        populated.assign(flash.image().begin(), flash.image().end());
    }

    void restore() {
        std::memcpy(flash.image().data(), populated.data(), populated.size());
    }

    bool identity_intact(Settings & settings) {
        DeviceId id;
        Credentials credentials;
        return settings.read_device_id(id) == Status::kOk && id.view() == kDeviceId &&
               settings.read_credentials(credentials) == Status::kOk &&
               credentials.client_id.view() == kClientId &&
               credentials.client_secret.view() == kClientSecret;
    }

    bool everything_intact(Settings & settings) {
        Token token;
        Subscription subscription;
        const hal::Result<uint64_t> last = settings.read_last_message_id();
        const hal::Result<uint64_t> sent = settings.read_last_sent_id();
        return identity_intact(settings) && settings.read_token(token) == Status::kOk &&
               token.access_token.view() == kAccessToken && token.expires_at_s == 1'700'000'011 &&
               settings.read_subscription(subscription) == Status::kOk && subscription.subscribed &&
               subscription.config_hash == 0xCAFEF00Du && last.ok() &&
               last.value() == kLastMessageId && sent.ok() && sent.value() == kLastSentId;
    }
};

TEST(SettingsDamage, EveryFlippedBitOfTheHeaderAndRecordsIsCorrectedAndReported) {
    uint32_t bits = 0;
    uint32_t unreported = 0;
    for (uint32_t sector = 0; sector < kGeometry.sector_count; ++sector) {
        const auto records = records_of(flash, sector);
        CHECK_FALSE(records.empty());
        const uint32_t start = sector * kGeometry.sector_size;
        const bool current = sector == current_sector(flash);
        for (uint32_t at = start; at < records.back().second; ++at) {
            for (int bit = 0; bit < 8; ++bit, ++bits) {
                restore();
                flash.image()[at] ^= static_cast<uint8_t>(1u << bit);
                Settings settings(flash, identity, entropy);
                CHECK_STATUS(Status::kOk, settings.mount());
                if (!everything_intact(settings)) {
                    FAIL_TEST("a value changed after one flipped bit");
                }
                // The current sector is read whole at mount: its damage is always seen.
                if (current && settings.damage().store.corrected_bits == 0) ++unreported;
            }
        }
    }
    UNSIGNED_LONGS_EQUAL(0, unreported);
    CHECK(bits > 8 * 1000);
    std::printf("\n[figure] settings-bit-flip-sweep bits %u\n", static_cast<unsigned>(bits));
}

TEST(SettingsDamage, TheDeviceIdAndCredentialsSurviveTheLossOfAnyOneRecord) {
    const uint32_t sector = current_sector(flash);
    const auto records = records_of(flash, sector);
    CHECK(records.size() >= 6);
    for (const auto& record : records) {
        restore();
        // Eight bits across the record: beyond what one corrected bit can mend.
        const uint32_t size = record.second - record.first;
        for (uint32_t i = 0; i < 8; ++i)
            flash.image()[record.first + i * size / 8] ^= 0x10;
        Settings settings(flash, identity, entropy);
        CHECK_STATUS(Status::kOk, settings.mount());
        CHECK_TRUE(identity_intact(settings));
        // Reported: as lost, or (the last record, its length hit) as a write cut short.
        const firmware::settings::StoreDamage& damage = settings.damage().store;
        CHECK_TRUE(damage.values_at_risk() || damage.torn_tail);

        CHECK_STATUS(Status::kOk, settings.repair());
        Settings repaired(flash, identity, entropy);
        CHECK_STATUS(Status::kOk, repaired.mount());
        CHECK_FALSE(repaired.damage().any());
        CHECK_TRUE(identity_intact(repaired));
    }
}

TEST(SettingsDamage, AfterARepairTheSecondCopyIsThereAgain) {
    const uint32_t sector = current_sector(flash);
    const auto records = records_of(flash, sector);
    // The device id is the first record the compactions carried (key 1 sorts after 0,
    // so look for it by its text).
    for (const auto& record : records) {
        restore();
        const uint8_t* image = flash.image().data();
        if (std::memcmp(image + record.first + 12, kDeviceId, 8) != 0) continue;
        for (uint32_t i = record.first; i < record.second; ++i)
            flash.image()[i] = 0;
        Settings damaged(flash, identity, entropy);
        CHECK_STATUS(Status::kOk, damaged.mount());
        CHECK_TRUE(identity_intact(damaged));
        CHECK_TRUE(damaged.damage().device_id_from_copy);
        CHECK_STATUS(Status::kOk, damaged.repair());

        // Lose the new current copy too: the repair made a second one.
        const uint32_t now = current_sector(flash);
        for (const auto& again : records_of(flash, now)) {
            if (std::memcmp(flash.image().data() + again.first + 12, kDeviceId, 8) != 0) continue;
            for (uint32_t i = again.first; i < again.second; ++i)
                flash.image()[i] = 0;
        }
        Settings twice(flash, identity, entropy);
        CHECK_STATUS(Status::kOk, twice.mount());
        CHECK_TRUE(identity_intact(twice));
        return;
    }
    FAIL_TEST("the device id record was not found");
}

TEST(SettingsDamage, ALostSectorHeaderFallsBackToThePreviousSectorAndIsReported) {
    const uint32_t start = current_sector(flash) * kGeometry.sector_size;
    for (uint32_t i = 0; i < kSectorHeaderSize; ++i)
        flash.image()[start + i] ^= 0x33;  // magic, generation and CRC: nothing to correct
    Settings settings(flash, identity, entropy);
    CHECK_STATUS(Status::kOk, settings.mount());
    UNSIGNED_LONGS_EQUAL(1, settings.damage().store.headers_lost);
    CHECK_TRUE(settings.damage().store.values_at_risk());
    CHECK_TRUE(identity_intact(settings));
}

TEST(SettingsDamage, RandomBytesAreReportedAsUnreadableAndLeftUntouched) {
    uint32_t state = 99;
    for (uint8_t& byte : flash.image()) {
        state = state * 1103515245u + 12345u;
        byte = static_cast<uint8_t>(state >> 16);
    }
    const std::vector<uint8_t> before(flash.image().begin(), flash.image().end());
    Settings settings(flash, identity, entropy);
    CHECK_STATUS(Status::kCorrupt, settings.mount());
    CHECK_FALSE(settings.mounted());
    CHECK_STATUS(Status::kFailedPrecondition, settings.write_device_id(kDeviceId));
    CHECK_TRUE(before == std::vector<uint8_t>(flash.image().begin(), flash.image().end()));

    CHECK_STATUS(Status::kOk, settings.format());
    DeviceId id;
    CHECK_STATUS(Status::kNotFound, settings.read_device_id(id));
    CHECK_STATUS(Status::kOk, settings.write_device_id(kDeviceId));
}

TEST(SettingsDamage, ReadingDamagedSettingsWritesNothing) {
    flash.image()[current_sector(flash) * kGeometry.sector_size + 40] ^= 0x04;
    const uint32_t before = flash.operations();
    Settings settings(flash, identity, entropy);
    CHECK_STATUS(Status::kOk, settings.mount());
    CHECK_TRUE(everything_intact(settings));
    CHECK_TRUE(settings.damage().any());
    UNSIGNED_LONGS_EQUAL(before, flash.operations());
}

TEST(SettingsDamage, AReadFailingAnywhereWhileReadingADamagedLogIsAnErrorNeverAValue) {
    // A log with something of every kind to survive: a corrected bit, a lost record, a
    // value kept twice to be read from its copy.
    const uint32_t sector = current_sector(flash);
    const auto records = records_of(flash, sector);
    flash.image()[records[0].first + 13] ^= 0x02;
    for (uint32_t i = 0; i < 8; ++i)
        flash.image()[records[1].first + i * 3] ^= 0x40;
    uint32_t total = 0;
    {
        test::ReadFaultFlash counting(flash);
        Settings settings(counting, identity, entropy);
        CHECK_STATUS(Status::kOk, settings.mount());
        CHECK_TRUE(identity_intact(settings));
        total = counting.reads;
    }
    CHECK(total > 20);
    for (uint32_t n = 1; n <= total; ++n) {
        test::ReadFaultFlash faulty(flash, n);
        Settings settings(faulty, identity, entropy);
        const Status mounted = settings.mount();
        if (mounted == Status::kOk) {
            // The fault hit a value read: that read says so; the others are intact.
            DeviceId id;
            Credentials credentials;
            const Status a = settings.read_device_id(id);
            const Status b = settings.read_credentials(credentials);
            CHECK(a == Status::kOk || a == Status::kFlashError);
            CHECK(b == Status::kOk || b == Status::kFlashError);
            if (a == Status::kOk) CHECK_TRUE(id.view() == kDeviceId);
            if (b == Status::kOk) CHECK_TRUE(credentials.client_id.view() == kClientId);
        } else {
            CHECK_STATUS(Status::kFlashError, mounted);
        }
        UNSIGNED_LONGS_EQUAL(0, faulty.writes);
    }
}

// Ruins every record in `sector` whose value starts with `prefix` (one of the two kept
// twice: the device id by its text, the credentials by their key byte in the header).
static void ruin_records(FakeFlash& flash, uint32_t sector, uint8_t key) {
    for (const auto& record : records_of(flash, sector)) {
        if (flash.image()[record.first + 5] != key) continue;  // header byte 5: the key
        for (uint32_t i = record.first + 12; i < record.second; i += 5)
            flash.image()[i] ^= 0x24;
    }
}

TEST(SettingsDamage, BothValuesKeptTwiceLostTogetherAreRepairedFromTheirCopies) {
    ruin_records(flash, current_sector(flash), 0);  // credentials
    ruin_records(flash, current_sector(flash), 1);  // device id
    {
        Settings settings(flash, identity, entropy);
        CHECK_STATUS(Status::kOk, settings.mount());
        CHECK_TRUE(identity_intact(settings));
        CHECK_TRUE(settings.damage().credentials_from_copy);
        CHECK_TRUE(settings.damage().device_id_from_copy);
        CHECK_STATUS(Status::kOk, settings.repair());
    }
    Settings repaired(flash, identity, entropy);
    CHECK_STATUS(Status::kOk, repaired.mount());
    CHECK_FALSE(repaired.damage().any());
    CHECK_TRUE(everything_intact(repaired));
    // And they are kept twice again.
    ruin_records(flash, current_sector(flash), 0);
    ruin_records(flash, current_sector(flash), 1);
    Settings again(flash, identity, entropy);
    CHECK_STATUS(Status::kOk, again.mount());
    CHECK_TRUE(identity_intact(again));
}

// The registered user's string (SettingKey::kUserAuth, SPEC.md "Settings records"): kept
// sealed like the credentials, unreadable on another device, and changed or removed through
// provision_user(), which makes the device subscribe again and keeps everything else.
#include <CppUTest/TestHarness.h>

#include <cstdio>
#include <cstring>
#include <string>

#include "firmware/settings/provision.h"
#include "firmware/settings/record_store.h"
#include "firmware/settings/settings.h"
#include "tests/settings/check_status.h"
#include "tests/settings/store_fakes.h"
#include "tests/support/fake_flash.h"
#include "tests/support/flash_fixture.h"
#include "tests/support/power_loss.h"

using firmware::settings::Credentials;
using firmware::settings::provision;
using firmware::settings::provision_user;
using firmware::settings::RecordStore;
using firmware::settings::SettingKey;
using firmware::settings::Settings;
using firmware::settings::Subscription;
using firmware::settings::Token;
using firmware::settings::UserAuth;
using hal::Status;
using test::FakeFlash;

namespace {

constexpr hal::FlashGeometry kGeometry = test::kStoreGeometry;
constexpr char kUser[] = "user-7f3a9c1e-registered";
constexpr char kOtherUser[] = "user-0b55d2aa-other";

bool image_contains(FakeFlash& flash, std::string_view text) {
    const hal::ByteSpan image = flash.image();
    for (size_t i = 0; i + text.size() <= image.size(); ++i) {
        if (std::memcmp(image.data() + i, text.data(), text.size()) == 0) return true;
    }
    return false;
}

std::string stored_user(Settings& settings) {
    UserAuth user;
    const Status status = settings.read_user_auth(user);
    if (status != Status::kOk) return std::string("<") + hal::to_string(status) + ">";
    return std::string(user.view());
}

Token some_token() {
    Token token;
    CHECK_STATUS(Status::kOk, token.access_token.assign("client-token"));
    token.expires_at_s = 42;
    return token;
}

}  // namespace

TEST_GROUP(UserAuth) {
    FakeFlash flash{kGeometry};
    store_test::FixedIdentity device{1};
    store_test::FixedIdentity other_device{2};
    store_test::SeededEntropy entropy{5};
    Settings settings{flash, device, entropy};

    void setup() override {
        const Status crypto = store_test::init_crypto();
        CHECK_STATUS(Status::kOk, crypto);
        const Status mounted = settings.mount();
        CHECK_STATUS(Status::kOk, mounted);
    }

    // A provisioned, subscribed device with a token: what a user change meets.
    void populate() {
        CHECK_STATUS(Status::kOk, provision(settings, "client", "secret"));
        CHECK_STATUS(Status::kOk, settings.write_device_id("device-1234567890"));
        CHECK_STATUS(Status::kOk, settings.write_token(some_token()));
        CHECK_STATUS(Status::kOk, settings.write_subscription(Subscription{true, 7}));
        CHECK_STATUS(Status::kOk, settings.write_last_message_id(10743));
    }

    void check_rest_kept(Settings & s) {
        Credentials credentials;
        Token token;
        CHECK_STATUS(Status::kOk, s.read_credentials(credentials));
        CHECK_STATUS(Status::kOk, s.read_token(token));
        CHECK_EQUAL(uint64_t{10743}, s.read_last_message_id().value_or(0));
    }
};

TEST(UserAuth, NoneKeptIsAnonymous) {
    UserAuth user;
    CHECK_STATUS(Status::kNotFound, settings.read_user_auth(user));
    CHECK_TRUE(user.empty());
}

TEST(UserAuth, WrittenReadClearedAndKeptAcrossAReboot) {
    CHECK_STATUS(Status::kOk, settings.write_user_auth(kUser));
    {
        Settings rebooted(flash, device, entropy);
        CHECK_STATUS(Status::kOk, rebooted.mount());
        STRCMP_EQUAL(kUser, stored_user(rebooted).c_str());
        CHECK_STATUS(Status::kOk, rebooted.clear_user_auth());
    }
    Settings again(flash, device, entropy);
    CHECK_STATUS(Status::kOk, again.mount());
    STRCMP_EQUAL("<not-found>", stored_user(again).c_str());
    CHECK_STATUS(Status::kOk, again.clear_user_auth());  // none: nothing to remove
}

TEST(UserAuth, IsSealedNeverInClearAndOnlyThisDeviceOpensIt) {
    CHECK_STATUS(Status::kOk, settings.write_user_auth(kUser));
    CHECK_FALSE(image_contains(flash, kUser));
    Settings other(flash, other_device, entropy);
    CHECK_STATUS(Status::kOk, other.mount());
    UserAuth user;
    CHECK_STATUS(Status::kCorrupt, other.read_user_auth(user));
    CHECK_TRUE(user.empty());
}

TEST(UserAuth, ASealedValueMovedFromAnotherKeyDoesNotOpen) {
    CHECK_STATUS(Status::kOk, settings.write_credentials("client", "secret"));
    RecordStore store(flash);
    CHECK_STATUS(Status::kOk, store.mount());
    uint8_t sealed[firmware::settings::kMaxValueSize];
    const hal::Result<size_t> size =
        store.read(static_cast<uint8_t>(SettingKey::kCredentials), hal::ByteSpan(sealed));
    CHECK_STATUS(Status::kOk, size.status());
    CHECK_STATUS(Status::kOk, store.write(static_cast<uint8_t>(SettingKey::kUserAuth),
                                          hal::ConstByteSpan(sealed, size.value())));
    Settings rebooted(flash, device, entropy);
    CHECK_STATUS(Status::kOk, rebooted.mount());
    STRCMP_EQUAL("<corrupt>", stored_user(rebooted).c_str());
}

TEST(UserAuth, RefusesWhatCannotTravelInAHeader) {
    const std::string longest(firmware::settings::kUserAuthMaxSize, 'u');
    const std::string too_long(firmware::settings::kUserAuthMaxSize + 1, 'u');
    CHECK_STATUS(Status::kInvalidArgument, settings.write_user_auth(""));
    CHECK_STATUS(Status::kInvalidArgument, settings.write_user_auth("line\r\nX-Injected: 1"));
    CHECK_STATUS(Status::kInvalidArgument, settings.write_user_auth("caf\xc3\xa9"));
    CHECK_STATUS(Status::kTooLarge, settings.write_user_auth(too_long));
    UNSIGNED_LONGS_EQUAL(0, flash.operations());
    CHECK_STATUS(Status::kOk, settings.write_user_auth(longest));
    STRCMP_EQUAL(longest.c_str(), stored_user(settings).c_str());
}

// A flash written before the user's key existed (keys 0..5 only) reads as before, and the
// device is anonymous on it.
TEST(UserAuth, AnImageFromBeforeTheUserKeyReadsAsAnonymous) {
    populate();
    Settings rebooted(flash, device, entropy);
    CHECK_STATUS(Status::kOk, rebooted.mount());
    CHECK_FALSE(rebooted.damage().any());
    check_rest_kept(rebooted);
    STRCMP_EQUAL("<not-found>", stored_user(rebooted).c_str());
}

TEST(UserAuth, ProvisionStoresTheUserAndSubscribesAgainKeepingEverythingElse) {
    populate();
    CHECK_STATUS(Status::kOk, provision_user(settings, kUser));
    STRCMP_EQUAL(kUser, stored_user(settings).c_str());
    Subscription subscription;
    CHECK_STATUS(Status::kNotFound, settings.read_subscription(subscription));
    check_rest_kept(settings);
}

TEST(UserAuth, ProvisionTheSameUserAgainWritesNothing) {
    populate();
    CHECK_STATUS(Status::kOk, provision_user(settings, kUser));
    CHECK_STATUS(Status::kOk, settings.write_subscription(Subscription{true, 8}));
    const uint32_t before = flash.operations();
    CHECK_STATUS(Status::kOk, provision_user(settings, kUser));
    UNSIGNED_LONGS_EQUAL(before, flash.operations());
    Subscription subscription;
    CHECK_STATUS(Status::kOk, settings.read_subscription(subscription));
}

TEST(UserAuth, ProvisionAnotherUserReplacesItAndSubscribesAgain) {
    populate();
    CHECK_STATUS(Status::kOk, provision_user(settings, kUser));
    CHECK_STATUS(Status::kOk, settings.write_subscription(Subscription{true, 8}));
    CHECK_STATUS(Status::kOk, provision_user(settings, kOtherUser));
    STRCMP_EQUAL(kOtherUser, stored_user(settings).c_str());
    Subscription subscription;
    CHECK_STATUS(Status::kNotFound, settings.read_subscription(subscription));
    check_rest_kept(settings);
}

TEST(UserAuth, ProvisionAnEmptyStringMakesTheDeviceAnonymousAgain) {
    populate();
    CHECK_STATUS(Status::kOk, provision_user(settings, kUser));
    CHECK_STATUS(Status::kOk, settings.write_subscription(Subscription{true, 8}));
    CHECK_STATUS(Status::kOk, provision_user(settings, ""));
    STRCMP_EQUAL("<not-found>", stored_user(settings).c_str());
    Subscription subscription;
    CHECK_STATUS(Status::kNotFound, settings.read_subscription(subscription));
    check_rest_kept(settings);
    // Anonymous already: nothing to do, nothing written.
    CHECK_STATUS(Status::kOk, settings.write_subscription(Subscription{true, 9}));
    const uint32_t before = flash.operations();
    CHECK_STATUS(Status::kOk, provision_user(settings, ""));
    UNSIGNED_LONGS_EQUAL(before, flash.operations());
}

TEST(UserAuth, ProvisionARefusedStringChangesNothing) {
    populate();
    CHECK_STATUS(Status::kOk, provision_user(settings, kUser));
    CHECK_STATUS(Status::kOk, settings.write_subscription(Subscription{true, 8}));
    const uint32_t before = flash.operations();
    const std::string too_long(firmware::settings::kUserAuthMaxSize + 1, 'u');
    CHECK_STATUS(Status::kTooLarge, provision_user(settings, too_long));
    CHECK_STATUS(Status::kInvalidArgument, provision_user(settings, "tab\there"));
    UNSIGNED_LONGS_EQUAL(before, flash.operations());
    STRCMP_EQUAL(kUser, stored_user(settings).c_str());
}

TEST(UserAuth, ProvisionRepairsAUserThatNoLongerOpens) {
    {
        Settings other(flash, other_device, entropy);
        CHECK_STATUS(Status::kOk, other.mount());
        CHECK_STATUS(Status::kOk, other.write_user_auth(kUser));
    }
    Settings rebooted(flash, device, entropy);
    CHECK_STATUS(Status::kOk, rebooted.mount());
    CHECK_STATUS(Status::kOk, provision_user(rebooted, kUser));
    STRCMP_EQUAL(kUser, stored_user(rebooted).c_str());
}

namespace {

// Changing the user of a provisioned device, from a copy of its image; after any cut the
// device holds the old user or the new one (never a third value), and repeating the call
// finishes it: the new user, no subscription, credentials and token kept.
class ChangeUser final : public test::PowerLossScenario {
  public:
    ChangeUser(FakeFlash& before, hal::DeviceIdentity& device, hal::Entropy& entropy,
               const char* next)
        : before_(before), device_(device), entropy_(entropy), next_(next) {}

    void prepare(FakeFlash& flash) override {
        std::memcpy(flash.image().data(), before_.image().data(), kGeometry.total_size());
    }
    void run(FakeFlash& flash) override {
        Settings interrupted(flash, device_, entropy_);
        CHECK_STATUS(Status::kOk, interrupted.mount());
        completed_ = provision_user(interrupted, next_) == Status::kOk;
    }
    bool completed() const override { return completed_; }

    void check(FakeFlash& flash, uint32_t) override {
        Settings rebooted(flash, device_, entropy_);
        CHECK_STATUS(Status::kOk, rebooted.mount());
        const std::string user = stored_user(rebooted);
        const std::string next = *next_ == '\0' ? "<not-found>" : next_;
        CHECK_TEXT(user == kUser || user == next, user.c_str());
        CHECK_STATUS(Status::kOk, provision_user(rebooted, next_));
        STRCMP_EQUAL(next.c_str(), stored_user(rebooted).c_str());
        Subscription subscription;
        CHECK_STATUS(Status::kNotFound, rebooted.read_subscription(subscription));
        Credentials credentials;
        Token token;
        CHECK_STATUS(Status::kOk, rebooted.read_credentials(credentials));
        CHECK_STATUS(Status::kOk, rebooted.read_token(token));
    }

  private:
    FakeFlash& before_;
    hal::DeviceIdentity& device_;
    hal::Entropy& entropy_;
    const char* next_;
    bool completed_ = false;
};

}  // namespace

TEST(UserAuth, ProvisionAChangeCutAtAnyPointLeavesTheOldOrTheNewUser) {
    populate();
    CHECK_STATUS(Status::kOk, provision_user(settings, kUser));
    CHECK_STATUS(Status::kOk, settings.write_subscription(Subscription{true, 8}));
    for (const char* next : {kOtherUser, ""}) {
        static FakeFlash scratch(kGeometry);
        ChangeUser change(flash, device, entropy, next);
        const test::PowerLossCounts counts = test::sweep_power_loss(scratch, change);
        CHECK(counts.cut_points > 0);
        std::printf("\n[figure] provision-user-sweep-cut-points %s %u\n",
                    *next == '\0' ? "anonymous" : "change",
                    static_cast<unsigned>(counts.cut_points));
    }
}

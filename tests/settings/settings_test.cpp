// Settings: the typed layer the token lifecycle and the apps use. Values round-trip
// across reboots; secrets are sealed on flash, bound to their key and to the device;
// nothing allocates; an interrupted token update leaves the old or the new token.
#include "firmware/settings/settings.h"

#include <CppUTest/TestHarness.h>

#include <cstring>

#include "firmware/settings/record_store.h"
#include "net/tls/tls_platform.h"
#include "tests/settings/check_status.h"
#include "tests/settings/store_fakes.h"
#include "tests/support/alloc_guard.h"
#include "tests/support/fake_flash.h"
#include "tests/support/flash_fixture.h"
#include "tests/support/power_loss.h"

using firmware::settings::Credentials;
using firmware::settings::DeviceId;
using firmware::settings::kMaxValueSize;
using firmware::settings::RecordStore;
using firmware::settings::SettingKey;
using firmware::settings::Settings;
using firmware::settings::Subscription;
using firmware::settings::Token;
using hal::Status;
using test::FakeFlash;

namespace {

constexpr hal::FlashGeometry kGeometry = test::kStoreGeometry;
constexpr char kClientId[] = "kiosk-client-0042";
constexpr char kClientSecret[] = "s3cr3t+/=with-form-chars";
constexpr char kAccessToken[] = "haf2SDl07E9N7RluNQ4kJ1TkGgso";

Token make_token(const char* text, int64_t expires_at_s) {
    Token token;
    CHECK_STATUS(Status::kOk, token.access_token.assign(text));
    token.expires_at_s = expires_at_s;
    token.issued_at_ms = 1'521'039'195'424;
    return token;
}

// True when `text` appears anywhere in the raw flash image.
bool image_contains(FakeFlash& flash, std::string_view text) {
    const hal::ByteSpan image = flash.image();
    for (size_t i = 0; i + text.size() <= image.size(); ++i) {
        if (std::memcmp(image.data() + i, text.data(), text.size()) == 0) return true;
    }
    return false;
}

uint8_t id(SettingKey key) {
    return static_cast<uint8_t>(key);
}

}  // namespace

TEST_GROUP(Settings) {
    FakeFlash flash{kGeometry};
    store_test::FixedIdentity device_a{1};
    store_test::FixedIdentity device_b{2};
    store_test::SeededEntropy entropy{7};

    void setup() override {
        const Status crypto = store_test::init_crypto();
        CHECK_STATUS(Status::kOk, crypto);
    }

    void write_everything(Settings & settings) {
        CHECK_STATUS(Status::kOk, settings.write_credentials(kClientId, kClientSecret));
        CHECK_STATUS(Status::kOk, settings.write_device_id("device-1234567890"));
        CHECK_STATUS(Status::kOk, settings.write_token(make_token(kAccessToken, 1'700'003'599)));
        CHECK_STATUS(Status::kOk, settings.write_subscription(Subscription{true, 0xCAFEF00Du}));
        CHECK_STATUS(Status::kOk, settings.write_last_message_id(10743));
    }
};

TEST(Settings, NothingStoredReadsAsNotFound) {
    Settings settings(flash, device_a, entropy);
    CHECK_STATUS(Status::kOk, settings.mount());
    Credentials credentials;
    Token token;
    DeviceId device_id;
    Subscription subscription;
    CHECK_STATUS(Status::kNotFound, settings.read_credentials(credentials));
    CHECK_STATUS(Status::kNotFound, settings.read_token(token));
    CHECK_STATUS(Status::kNotFound, settings.read_device_id(device_id));
    CHECK_STATUS(Status::kNotFound, settings.read_subscription(subscription));
    CHECK_STATUS(Status::kNotFound, settings.read_last_message_id().status());
}

TEST(Settings, CallsBeforeMountAreRefused) {
    Settings settings(flash, device_a, entropy);
    Token token;
    CHECK_STATUS(Status::kFailedPrecondition, settings.write_credentials(kClientId, kClientSecret));
    CHECK_STATUS(Status::kFailedPrecondition, settings.read_token(token));
    CHECK_STATUS(Status::kFailedPrecondition, settings.read_last_message_id().status());
}

TEST(Settings, EveryValueSurvivesAReboot) {
    {
        Settings settings(flash, device_a, entropy);
        CHECK_STATUS(Status::kOk, settings.mount());
        write_everything(settings);
    }
    Settings settings(flash, device_a, entropy);
    CHECK_STATUS(Status::kOk, settings.mount());
    Credentials credentials;
    CHECK_STATUS(Status::kOk, settings.read_credentials(credentials));
    STRCMP_EQUAL(kClientId, std::string(credentials.client_id.view()).c_str());
    STRCMP_EQUAL(kClientSecret, std::string(credentials.client_secret.view()).c_str());
    DeviceId device_id;
    CHECK_STATUS(Status::kOk, settings.read_device_id(device_id));
    STRCMP_EQUAL("device-1234567890", std::string(device_id.view()).c_str());
    Token token;
    CHECK_STATUS(Status::kOk, settings.read_token(token));
    STRCMP_EQUAL(kAccessToken, std::string(token.access_token.view()).c_str());
    CHECK_EQUAL(int64_t{1'700'003'599}, token.expires_at_s);
    CHECK_EQUAL(int64_t{1'521'039'195'424}, token.issued_at_ms);
    Subscription subscription;
    CHECK_STATUS(Status::kOk, settings.read_subscription(subscription));
    CHECK_TRUE(subscription.subscribed);
    UNSIGNED_LONGS_EQUAL(0xCAFEF00Du, subscription.config_hash);
    const hal::Result<uint64_t> last = settings.read_last_message_id();
    CHECK_STATUS(Status::kOk, last.status());
    CHECK_EQUAL(uint64_t{10743}, last.value());
}

TEST(Settings, SecretsNeverSitOnFlashInClear) {
    Settings settings(flash, device_a, entropy);
    CHECK_STATUS(Status::kOk, settings.mount());
    write_everything(settings);
    CHECK_FALSE(image_contains(flash, kClientSecret));
    CHECK_FALSE(image_contains(flash, kAccessToken));
    CHECK_TRUE(image_contains(flash, "device-1234567890"));  // not a secret: stored as given
}

TEST(Settings, ATokenCanBeReplacedAndCleared) {
    Settings settings(flash, device_a, entropy);
    CHECK_STATUS(Status::kOk, settings.mount());
    CHECK_STATUS(Status::kOk, settings.write_token(make_token("first-token", 100)));
    CHECK_STATUS(Status::kOk, settings.write_token(make_token("second-token", 200)));
    Token token;
    CHECK_STATUS(Status::kOk, settings.read_token(token));
    STRCMP_EQUAL("second-token", std::string(token.access_token.view()).c_str());
    CHECK_EQUAL(int64_t{200}, token.expires_at_s);
    CHECK_STATUS(Status::kOk, settings.clear_token());
    CHECK_STATUS(Status::kNotFound, settings.read_token(token));
    CHECK_TRUE(token.access_token.empty());
}

TEST(Settings, AnotherDeviceCannotOpenTheSecretsButReadsThePlainValues) {
    {
        Settings settings(flash, device_a, entropy);
        CHECK_STATUS(Status::kOk, settings.mount());
        write_everything(settings);
    }
    // The same flash image on device B: copied chip, or a swapped board.
    Settings other(flash, device_b, entropy);
    CHECK_STATUS(Status::kOk, other.mount());
    Credentials credentials;
    Token token;
    CHECK_STATUS(Status::kCorrupt, other.read_credentials(credentials));
    CHECK_STATUS(Status::kCorrupt, other.read_token(token));
    CHECK_TRUE(credentials.client_secret.empty());
    CHECK_TRUE(token.access_token.empty());
    DeviceId device_id;
    CHECK_STATUS(Status::kOk, other.read_device_id(device_id));
    const hal::Result<uint64_t> last = other.read_last_message_id();
    CHECK_STATUS(Status::kOk, last.status());
}

TEST(Settings, ATamperedSecretDoesNotOpen) {
    {
        Settings settings(flash, device_a, entropy);
        CHECK_STATUS(Status::kOk, settings.mount());
        write_everything(settings);
    }
    {
        // Flip one ciphertext bit and store it back with a valid CRC, as an attacker with
        // the flash could.
        RecordStore raw(flash);
        CHECK_STATUS(Status::kOk, raw.mount());
        uint8_t sealed[kMaxValueSize];
        const hal::Result<size_t> size = raw.read(id(SettingKey::kToken), hal::ByteSpan(sealed));
        CHECK_STATUS(Status::kOk, size.status());
        sealed[14] ^= 0x01;
        const Status written =
            raw.write(id(SettingKey::kToken), hal::ConstByteSpan(sealed, size.value()));
        CHECK_STATUS(Status::kOk, written);
    }
    Settings settings(flash, device_a, entropy);
    CHECK_STATUS(Status::kOk, settings.mount());
    Token token;
    CHECK_STATUS(Status::kCorrupt, settings.read_token(token));
}

TEST(Settings, ASecretMovedToAnotherKeyDoesNotOpen) {
    {
        Settings settings(flash, device_a, entropy);
        CHECK_STATUS(Status::kOk, settings.mount());
        CHECK_STATUS(Status::kOk, settings.write_credentials(kClientId, kClientSecret));
    }
    {
        RecordStore raw(flash);
        CHECK_STATUS(Status::kOk, raw.mount());
        uint8_t sealed[kMaxValueSize];
        const hal::Result<size_t> size =
            raw.read(id(SettingKey::kCredentials), hal::ByteSpan(sealed));
        CHECK_STATUS(Status::kOk, size.status());
        const Status written =
            raw.write(id(SettingKey::kToken), hal::ConstByteSpan(sealed, size.value()));
        CHECK_STATUS(Status::kOk, written);
    }
    Settings settings(flash, device_a, entropy);
    CHECK_STATUS(Status::kOk, settings.mount());
    Token token;
    CHECK_STATUS(Status::kCorrupt, settings.read_token(token));
}

TEST(Settings, RefusesTextsThatDoNotFit) {
    Settings settings(flash, device_a, entropy);
    CHECK_STATUS(Status::kOk, settings.mount());
    const std::string long_id(firmware::settings::kClientIdMaxSize + 1, 'i');
    const std::string long_secret(firmware::settings::kClientSecretMaxSize + 1, 's');
    const std::string long_device(firmware::settings::kDeviceIdMaxSize + 1, 'd');
    CHECK_STATUS(Status::kTooLarge, settings.write_credentials(long_id, kClientSecret));
    CHECK_STATUS(Status::kTooLarge, settings.write_credentials(kClientId, long_secret));
    CHECK_STATUS(Status::kInvalidArgument, settings.write_credentials(kClientId, ""));
    CHECK_STATUS(Status::kTooLarge, settings.write_device_id(long_device));
    CHECK_STATUS(Status::kInvalidArgument, settings.write_device_id(""));
    CHECK_STATUS(Status::kInvalidArgument, settings.write_token(Token{}));
    Token token;
    const std::string long_token(firmware::settings::kAccessTokenMaxSize + 1, 't');
    CHECK_STATUS(Status::kTooLarge, token.access_token.assign(long_token));
    // The largest texts do fit.
    const std::string max_id(firmware::settings::kClientIdMaxSize, 'i');
    const std::string max_secret(firmware::settings::kClientSecretMaxSize, 's');
    CHECK_STATUS(Status::kOk, settings.write_credentials(max_id, max_secret));
    const std::string max_token(firmware::settings::kAccessTokenMaxSize, 't');
    CHECK_STATUS(Status::kOk, settings.write_token(make_token(max_token.c_str(), 1)));
}

TEST(Settings, AFailingEntropySourceFailsTheWriteAndKeepsTheOldSecret) {
    Settings settings(flash, device_a, entropy);
    CHECK_STATUS(Status::kOk, settings.mount());
    CHECK_STATUS(Status::kOk, settings.write_token(make_token("old-token", 1)));
    entropy.set_broken(true);
    CHECK_STATUS(Status::kUnavailable, settings.write_token(make_token("new-token", 2)));
    entropy.set_broken(false);
    Token token;
    CHECK_STATUS(Status::kOk, settings.read_token(token));
    STRCMP_EQUAL("old-token", std::string(token.access_token.view()).c_str());
}

TEST(Settings, UseAllocatesNothingAndGivesTheArenaBack) {
    Settings settings(flash, device_a, entropy);
    const size_t arena_before = net::tls::arena_usage().current;
    test::AllocGuard guard;
    CHECK_STATUS(Status::kOk, settings.mount());
    for (int round = 0; round < 40; ++round)
        write_everything(settings);  // several compactions on two sectors
    Credentials credentials;
    Token token;
    CHECK_STATUS(Status::kOk, settings.read_credentials(credentials));
    CHECK_STATUS(Status::kOk, settings.read_token(token));
    UNSIGNED_LONGS_EQUAL(0, guard.allocations());
    UNSIGNED_LONGS_EQUAL(arena_before, net::tls::arena_usage().current);
    CHECK(flash.erase_count(0) + flash.erase_count(1) >= 1);  // compacted round both sectors
}

namespace {

// Three token updates; after a cut, the token that reads back is the old or the new one.
class TokenUpdates final : public test::PowerLossScenario {
  public:
    TokenUpdates(hal::DeviceIdentity& device, hal::Entropy& entropy)
        : device_(device), entropy_(entropy) {}

    void run(FakeFlash& flash) override {
        done_ = 0;
        Settings settings(flash, device_, entropy_);
        CHECK_STATUS(Status::kOk, settings.mount());
        while (done_ < kTokens &&
               settings.write_token(make_token(kTexts[done_], done_)) == Status::kOk)
            ++done_;
    }
    bool completed() const override { return done_ == kTokens; }

    void check(FakeFlash& flash, uint32_t operation) override {
        Settings rebooted(flash, device_, entropy_);
        CHECK_STATUS(Status::kOk, rebooted.mount());
        Token token;
        const Status status = rebooted.read_token(token);
        if (done_ == kTokens) {
            CHECK_STATUS(Status::kOk, status);
            STRCMP_EQUAL(kTexts[kTokens - 1], std::string(token.access_token.view()).c_str());
            return;
        }
        const bool old_token =
            done_ == 0 ? status == Status::kNotFound
                       : status == Status::kOk && token.access_token.view() == kTexts[done_ - 1];
        const bool new_token = status == Status::kOk && token.access_token.view() == kTexts[done_];
        CHECK_TEXT(old_token || new_token,
                   StringFromFormat("cut at operation %u", static_cast<unsigned>(operation))
                       .asCharString());
    }

  private:
    static constexpr size_t kTokens = 3;
    static constexpr const char* kTexts[kTokens] = {"token-one", "token-two-longer", "token-three"};
    hal::DeviceIdentity& device_;
    hal::Entropy& entropy_;
    size_t done_ = 0;
};

}  // namespace

// The token lifecycle's own power-loss guarantee: after a cut at any operation or byte
// of a token update, the token that reads back is the old one or the new one, whole and
// decryptable.
TEST(Settings, ATokenUpdateCutAtAnyPointLeavesTheOldOrTheNewToken) {
    static FakeFlash sweep_flash(kGeometry);
    TokenUpdates updates(device_a, entropy);
    const test::PowerLossCounts counts = test::sweep_power_loss(sweep_flash, updates);
    std::printf("\n[figure] settings-token-sweep-cut-points %u\n",
                static_cast<unsigned>(counts.cut_points));
}

// provision(): how the apps put a device's credentials into its settings.
#include "firmware/settings/provision.h"

#include <CppUTest/TestHarness.h>

#include <cstdio>
#include <cstring>
#include <string>

#include "tests/settings/check_status.h"
#include "tests/settings/store_fakes.h"
#include "tests/support/fake_flash.h"
#include "tests/support/flash_fixture.h"
#include "tests/support/power_loss.h"

using firmware::settings::Credentials;
using firmware::settings::provision;
using firmware::settings::Settings;
using firmware::settings::Subscription;
using firmware::settings::Token;
using hal::Status;
using test::FakeFlash;

namespace {

constexpr hal::FlashGeometry kGeometry = test::kStoreGeometry;

Token some_token() {
    Token token;
    CHECK_STATUS(Status::kOk, token.access_token.assign("old-client-token"));
    token.expires_at_s = 42;
    return token;
}

}  // namespace

TEST_GROUP(Provision) {
    FakeFlash flash{kGeometry};
    store_test::FixedIdentity device{1};
    store_test::SeededEntropy entropy{3};
    Settings settings{flash, device, entropy};

    void setup() override {
        const Status crypto = store_test::init_crypto();
        CHECK_STATUS(Status::kOk, crypto);
        const Status mounted = settings.mount();
        CHECK_STATUS(Status::kOk, mounted);
    }

    std::string stored_secret() {
        Credentials credentials;
        const Status status = settings.read_credentials(credentials);
        CHECK_STATUS(Status::kOk, status);
        return std::string(credentials.client_id.view()) + ":" +
               std::string(credentials.client_secret.view());
    }
};

TEST(Provision, StoresTheCredentials) {
    CHECK_STATUS(Status::kOk, provision(settings, "client", "secret"));
    STRCMP_EQUAL("client:secret", stored_secret().c_str());
}

TEST(Provision, NewCredentialsDropTheOldTokenAndSubscription) {
    CHECK_STATUS(Status::kOk, provision(settings, "client", "secret"));
    CHECK_STATUS(Status::kOk, settings.write_token(some_token()));
    CHECK_STATUS(Status::kOk, settings.write_subscription(Subscription{true, 7}));
    CHECK_STATUS(Status::kOk, provision(settings, "client", "rotated-secret"));
    STRCMP_EQUAL("client:rotated-secret", stored_secret().c_str());
    Token token;
    Subscription subscription;
    CHECK_STATUS(Status::kNotFound, settings.read_token(token));
    CHECK_STATUS(Status::kNotFound, settings.read_subscription(subscription));
}

TEST(Provision, TheSameCredentialsAgainWriteNothing) {
    CHECK_STATUS(Status::kOk, provision(settings, "client", "secret"));
    CHECK_STATUS(Status::kOk, settings.write_token(some_token()));
    const uint32_t before = flash.operations();
    CHECK_STATUS(Status::kOk, provision(settings, "client", "secret"));
    UNSIGNED_LONGS_EQUAL(before, flash.operations());
    Token token;
    CHECK_STATUS(Status::kOk, settings.read_token(token));  // the token is kept
}

TEST(Provision, RepairsCredentialsThatNoLongerOpen) {
    // Credentials sealed by another device are unreadable here: provisioning replaces them.
    store_test::FixedIdentity other_device{9};
    {
        Settings other(flash, other_device, entropy);
        CHECK_STATUS(Status::kOk, other.mount());
        CHECK_STATUS(Status::kOk, other.write_credentials("client", "secret"));
    }
    Settings rebooted(flash, device, entropy);
    CHECK_STATUS(Status::kOk, rebooted.mount());
    CHECK_STATUS(Status::kOk, provision(rebooted, "client", "secret"));
    Credentials credentials;
    CHECK_STATUS(Status::kOk, rebooted.read_credentials(credentials));
}

TEST(Provision, RefusesEmptyOrOversizedCredentials) {
    const std::string long_id(firmware::settings::kClientIdMaxSize + 1, 'i');
    const std::string long_secret(firmware::settings::kClientSecretMaxSize + 1, 's');
    CHECK_STATUS(Status::kInvalidArgument, provision(settings, "", "secret"));
    CHECK_STATUS(Status::kInvalidArgument, provision(settings, "client", ""));
    CHECK_STATUS(Status::kTooLarge, provision(settings, long_id, "secret"));
    CHECK_STATUS(Status::kTooLarge, provision(settings, "client", long_secret));
    UNSIGNED_LONGS_EQUAL(0, flash.operations());
}

namespace {

// Re-provisioning a provisioned device whose settings hold a token, from a copy of its
// image; after a cut, repeating the provisioning finishes it.
class Reprovision final : public test::PowerLossScenario {
  public:
    Reprovision(FakeFlash& provisioned, hal::DeviceIdentity& device, hal::Entropy& entropy)
        : provisioned_(provisioned), device_(device), entropy_(entropy) {}

    void prepare(FakeFlash& flash) override {
        std::memcpy(flash.image().data(), provisioned_.image().data(), kGeometry.total_size());
    }
    void run(FakeFlash& flash) override {
        Settings interrupted(flash, device_, entropy_);
        CHECK_STATUS(Status::kOk, interrupted.mount());
        // The cut makes it fail somewhere; what matters is the retry.
        completed_ = provision(interrupted, "client", "new-secret") == Status::kOk;
    }
    bool completed() const override { return completed_; }

    void check(FakeFlash& flash, uint32_t) override {
        Settings rebooted(flash, device_, entropy_);
        CHECK_STATUS(Status::kOk, rebooted.mount());
        CHECK_STATUS(Status::kOk, provision(rebooted, "client", "new-secret"));
        Credentials credentials;
        Token token;
        CHECK_STATUS(Status::kOk, rebooted.read_credentials(credentials));
        STRCMP_EQUAL("new-secret", std::string(credentials.client_secret.view()).c_str());
        CHECK_STATUS(Status::kNotFound, rebooted.read_token(token));
    }

  private:
    FakeFlash& provisioned_;
    hal::DeviceIdentity& device_;
    hal::Entropy& entropy_;
    bool completed_ = false;
};

}  // namespace

TEST(Provision, AnInterruptedProvisioningIsFinishedByRepeatingIt) {
    CHECK_STATUS(Status::kOk, provision(settings, "client", "secret"));
    CHECK_STATUS(Status::kOk, settings.write_token(some_token()));
    const uint32_t start = flash.operations();
    static FakeFlash scratch(kGeometry);
    Reprovision reprovision(flash, device, entropy);
    const test::PowerLossCounts counts = test::sweep_power_loss(scratch, reprovision);
    std::printf("\n[figure] provision-sweep-cut-points %u\n",
                static_cast<unsigned>(counts.cut_points));
    CHECK(flash.operations() == start);
}

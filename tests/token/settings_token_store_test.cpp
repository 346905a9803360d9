// The token lifecycle with everything real but the network: the settings store on a
// NOR flash fake, the OAuth source over the HTTP client and a scripted server. A reboot
// (a new Settings mounted on the same flash) inside the token's life asks for no token.
#include <string>

#include "firmware/settings/provision.h"
#include "firmware/settings/settings.h"
#include "firmware/token/settings_token_store.h"
#include "net/oauth/token_request.h"
#include "net/url/url.h"
#include "tests/http/scripted_socket.h"
#include "tests/settings/store_fakes.h"
#include "tests/support/fake_flash.h"

#include <CppUTest/TestHarness.h>

namespace {

constexpr hal::FlashGeometry kGeometry{4096, 4, 1};
constexpr int64_t kIssuedAtMs = 1'800'000'000'000;

std::string token_response(const char* token) {
    const std::string body = std::string(R"({"access_token":")") + token +
                             R"(","token_type":"BearerToken","expires_in":"3599",)" +
                             R"("issued_at":")" + std::to_string(kIssuedAtMs) + R"("})";
    return "HTTP/1.1 200 OK\r\nContent-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
}

// One boot of the device: settings mounted from flash, the keeper wired to them.
struct Boot {
    Boot(test::FakeFlash& flash, store_test::FixedIdentity& identity,
         store_test::SeededEntropy& entropy, test::FakeClock& clock,
         http_test::ScriptedSocket& socket)
        : settings(flash, identity, entropy),
          store(settings),
          http(socket, clock, origin, hal::ByteSpan(work)),
          source(http, net::oauth::kTokenPath, store, hal::ByteSpan(answer)),
          keeper(store, source, clock) {}

    net::url::Url origin = net::url::parse_url("https://api-prd.kpn.com").value();
    firmware::settings::Settings settings;
    firmware::token::SettingsTokenStore store;
    uint8_t work[1024];
    uint8_t answer[net::oauth::kMaxResponseSize];
    net::http::HttpClient http;
    firmware::token::OAuthTokenSource source;
    firmware::token::TokenKeeper keeper;
};

}  // namespace

TEST_GROUP(SettingsTokenStore) {
    test::FakeFlash flash{kGeometry};
    store_test::FixedIdentity identity{7};
    store_test::SeededEntropy entropy{3};
    test::FakeClock clock{0, kIssuedAtMs / 1000 + 2};
    http_test::ScriptedSocket socket{clock};

    void setup() override {
        CHECK_EQUAL(hal::Status::kOk, store_test::init_crypto());
    }

    std::string token_of(Boot & boot) {
        const hal::Result<std::string_view> token = boot.keeper.token(clock.now_ms() + 5000);
        return token.ok() ? std::string(token.value())
                          : std::string("error:") + hal::to_string(token.status());
    }
};

TEST(SettingsTokenStore, ARebootInsideTheTokensLifeMakesNoTokenRequest) {
    socket.add({hal::Status::kOk, {{token_response("first-token")}}});
    {
        Boot boot(flash, identity, entropy, clock, socket);
        CHECK_EQUAL(hal::Status::kOk, boot.settings.mount());
        CHECK_EQUAL(hal::Status::kOk,
                    firmware::settings::provision(boot.settings, "kiosk-7", "s+cret/="));
        boot.keeper.boot();
        STRCMP_EQUAL("first-token", token_of(boot).c_str());
        CHECK_EQUAL(1U, boot.keeper.requests_made());
    }
    socket.close();    // the reboot drops the link
    clock.set_now(0);  // and restarts the monotonic clock; wall time goes on
    clock.set_wall_seconds(kIssuedAtMs / 1000 + 1200);
    Boot again(flash, identity, entropy, clock, socket);
    CHECK_EQUAL(hal::Status::kOk, again.settings.mount());
    again.keeper.boot();
    STRCMP_EQUAL("first-token", token_of(again).c_str());
    CHECK_EQUAL(0U, again.keeper.requests_made());
    CHECK_EQUAL(1U, socket.connects());
    STRCMP_CONTAINS("client_id=kiosk-7&client_secret=s%2Bcret%2F%3D", socket.sent(0).c_str());
}

TEST(SettingsTokenStore, ARebootAfterExpiryRequestsANewToken) {
    // Each boot opens its own connection.
    socket.add({hal::Status::kOk, {{token_response("first-token")}}});
    socket.add({hal::Status::kOk, {{token_response("second-token")}}});
    {
        Boot boot(flash, identity, entropy, clock, socket);
        CHECK_EQUAL(hal::Status::kOk, boot.settings.mount());
        CHECK_EQUAL(hal::Status::kOk, firmware::settings::provision(boot.settings, "k", "s"));
        boot.keeper.boot();
        STRCMP_EQUAL("first-token", token_of(boot).c_str());
    }
    socket.close();                                          // the reboot drops the link
    clock.set_wall_seconds(kIssuedAtMs / 1000 + 3599 - 60);  // inside the 180 s margin
    Boot again(flash, identity, entropy, clock, socket);
    CHECK_EQUAL(hal::Status::kOk, again.settings.mount());
    again.keeper.boot();
    STRCMP_EQUAL("second-token", token_of(again).c_str());
    CHECK_EQUAL(1U, again.keeper.requests_made());
}

TEST(SettingsTokenStore, AnUnprovisionedDeviceReportsBadCredentialsWithoutARequest) {
    Boot boot(flash, identity, entropy, clock, socket);
    CHECK_EQUAL(hal::Status::kOk, boot.settings.mount());
    boot.keeper.boot();
    STRCMP_EQUAL("error:bad-credentials", token_of(boot).c_str());
    CHECK_EQUAL(0U, socket.connects());
}

TEST(SettingsTokenStore, TheKeptTokenIsNotInClearOnTheFlash) {
    socket.add({hal::Status::kOk, {{token_response("very-secret-token")}}});
    Boot boot(flash, identity, entropy, clock, socket);
    CHECK_EQUAL(hal::Status::kOk, boot.settings.mount());
    CHECK_EQUAL(hal::Status::kOk, firmware::settings::provision(boot.settings, "k", "s"));
    boot.keeper.boot();
    STRCMP_EQUAL("very-secret-token", token_of(boot).c_str());
    const std::string image(reinterpret_cast<const char*>(flash.image().data()),
                            flash.image().size());
    CHECK_TRUE(image.find("very-secret-token") == std::string::npos);
}

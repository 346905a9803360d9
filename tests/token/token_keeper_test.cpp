#include <cstring>
#include <string>

#include "firmware/token/token_keeper.h"
#include "tests/support/fake_clock.h"

#include <CppUTest/TestHarness.h>

namespace {

constexpr int64_t kWallNow = 1'700'000'000;

net::oauth::TokenGrant grant(const char* token, uint32_t lifetime_s) {
    net::oauth::TokenGrant g;
    g.token_length = std::strlen(token);
    std::memcpy(g.token, token, g.token_length);
    g.expires_in_s = lifetime_s;
    return g;
}

// Flash stand-in: keeps what was saved; can fail saving.
class FakeStorage final : public firmware::token::TokenStorage {
  public:
    hal::Status load(firmware::token::KeptToken* out) override {
        if (!has) return hal::Status::kNotFound;
        *out = kept;
        return hal::Status::kOk;
    }
    hal::Status save(const firmware::token::KeptToken& token) override {
        ++saves;
        if (fail_save) return hal::Status::kFlashError;
        kept = token;
        has = true;
        return hal::Status::kOk;
    }
    firmware::token::KeptToken kept;
    bool has = false;
    bool fail_save = false;
    int saves = 0;
};

// Token endpoint stand-in: hands out tok-1, tok-2, ... or a scripted failure.
class FakeSource final : public firmware::token::TokenSource {
  public:
    hal::Status request(net::oauth::TokenGrant* out, hal::Millis) override {
        ++calls;
        if (next_failure != hal::Status::kOk) return next_failure;
        const std::string name = "tok-" + std::to_string(calls);
        *out = grant(name.c_str(), lifetime_s);
        return hal::Status::kOk;
    }
    int calls = 0;
    uint32_t lifetime_s = 3599;
    hal::Status next_failure = hal::Status::kOk;
};

}  // namespace

TEST_GROUP(TokenKeeper) {
    test::FakeClock clock{1000, kWallNow};
    FakeStorage storage;
    FakeSource source;

    std::string token_now(firmware::token::TokenKeeper & keeper) {
        const hal::Result<std::string_view> t = keeper.token(clock.now_ms() + 1000);
        return t.ok() ? std::string(t.value()) : std::string("error:") + hal::to_string(t.status());
    }
};

TEST(TokenKeeper, FirstBootRequestsAndKeepsAToken) {
    firmware::token::TokenKeeper keeper(storage, source, clock);
    keeper.boot();
    STRCMP_EQUAL("tok-1", token_now(keeper).c_str());
    CHECK_EQUAL(1, source.calls);
    CHECK_TRUE(storage.has);
    CHECK_EQUAL(kWallNow + 3599, storage.kept.expires_at_s);
    STRCMP_EQUAL("tok-1", storage.kept.grant.token);
}

TEST(TokenKeeper, ReusesTheTokenForManyCalls) {
    firmware::token::TokenKeeper keeper(storage, source, clock);
    keeper.boot();
    for (int i = 0; i < 10; ++i) {
        STRCMP_EQUAL("tok-1", token_now(keeper).c_str());
        clock.advance(60'000);
    }
    CHECK_EQUAL(1, source.calls);
}

TEST(TokenKeeper, RebootInsideTheTokensLifeMakesNoRequest) {
    {
        firmware::token::TokenKeeper first(storage, source, clock);
        first.boot();
        STRCMP_EQUAL("tok-1", token_now(first).c_str());
    }
    // Reboot ten minutes later: a new monotonic clock, the same wall clock and flash.
    test::FakeClock rebooted{0, kWallNow + 600};
    firmware::token::TokenKeeper second(storage, source, rebooted);
    second.boot();
    const hal::Result<std::string_view> t = second.token(1000);
    CHECK_TRUE(t.ok());
    STRCMP_EQUAL("tok-1", std::string(t.value()).c_str());
    CHECK_EQUAL(1, source.calls);
    CHECK_EQUAL(0U, second.requests_made());
}

TEST(TokenKeeper, RebootNearExpiryRenewsAtOnce) {
    {
        firmware::token::TokenKeeper first(storage, source, clock);
        first.boot();
        STRCMP_EQUAL("tok-1", token_now(first).c_str());
    }
    test::FakeClock rebooted{0, kWallNow + 3599 - 100};  // inside the 180 s margin
    firmware::token::TokenKeeper second(storage, source, rebooted);
    second.boot();
    const hal::Result<std::string_view> t = second.token(1000);
    STRCMP_EQUAL("tok-2", std::string(t.value()).c_str());
    CHECK_EQUAL(1U, second.requests_made());
}

TEST(TokenKeeper, RenewsWhenTheMarginIsReached) {
    firmware::token::TokenKeeper keeper(storage, source, clock);
    keeper.boot();
    STRCMP_EQUAL("tok-1", token_now(keeper).c_str());
    clock.advance((3599 - 180) * 1000 - 1);
    STRCMP_EQUAL("tok-1", token_now(keeper).c_str());
    clock.advance(1);
    STRCMP_EQUAL("tok-2", token_now(keeper).c_str());
    CHECK_EQUAL(2, source.calls);
}

TEST(TokenKeeper, RenewsOnceAfterA401) {
    firmware::token::TokenKeeper keeper(storage, source, clock);
    keeper.boot();
    STRCMP_EQUAL("tok-1", token_now(keeper).c_str());
    keeper.refused();
    STRCMP_EQUAL("tok-2", token_now(keeper).c_str());
    keeper.accepted();
    STRCMP_EQUAL("tok-2", token_now(keeper).c_str());
    CHECK_EQUAL(2, source.calls);
}

TEST(TokenKeeper, ARefusedFreshTokenWaitsBeforeTheNextRenewal) {
    firmware::token::TokenKeeper keeper(storage, source, clock);
    keeper.boot();
    STRCMP_EQUAL("tok-1", token_now(keeper).c_str());
    keeper.refused();
    STRCMP_EQUAL("tok-2", token_now(keeper).c_str());
    keeper.refused();  // the new token was refused too, before any success
    STRCMP_EQUAL("error:retry-later", token_now(keeper).c_str());
    CHECK_EQUAL(2, source.calls);
    clock.advance(firmware::token::kTokenRefusalBackoffMs);
    STRCMP_EQUAL("tok-3", token_now(keeper).c_str());
}

TEST(TokenKeeper, BadCredentialsAreNotRetriedUntilReprovisioned) {
    source.next_failure = hal::Status::kBadCredentials;
    firmware::token::TokenKeeper keeper(storage, source, clock);
    keeper.boot();
    STRCMP_EQUAL("error:bad-credentials", token_now(keeper).c_str());
    clock.advance(3'600'000);
    STRCMP_EQUAL("error:bad-credentials", token_now(keeper).c_str());
    CHECK_EQUAL(1, source.calls);
    source.next_failure = hal::Status::kOk;
    keeper.credentials_changed();
    STRCMP_EQUAL("tok-2", token_now(keeper).c_str());
}

TEST(TokenKeeper, TransientFailuresAreRetriedOnTheNextCall) {
    source.next_failure = hal::Status::kRetryLater;
    firmware::token::TokenKeeper keeper(storage, source, clock);
    keeper.boot();
    STRCMP_EQUAL("error:retry-later", token_now(keeper).c_str());
    source.next_failure = hal::Status::kOk;
    STRCMP_EQUAL("tok-2", token_now(keeper).c_str());
}

TEST(TokenKeeper, ATokenThatCannotBeKeptStillServesThisBoot) {
    storage.fail_save = true;
    firmware::token::TokenKeeper keeper(storage, source, clock);
    keeper.boot();
    STRCMP_EQUAL("tok-1", token_now(keeper).c_str());
    STRCMP_EQUAL("tok-1", token_now(keeper).c_str());
    CHECK_EQUAL(1, source.calls);
    CHECK_FALSE(storage.has);
}

TEST(TokenKeeper, WithoutAWallClockAKeptTokenIsUsedUntilRefused) {
    {
        firmware::token::TokenKeeper first(storage, source, clock);
        first.boot();
        STRCMP_EQUAL("tok-1", token_now(first).c_str());
    }
    test::FakeClock no_rtc{0, 0};
    no_rtc.forget_wall();
    firmware::token::TokenKeeper second(storage, source, no_rtc);
    second.boot();
    STRCMP_EQUAL("tok-1", std::string(second.token(100).value()).c_str());
    second.refused();
    STRCMP_EQUAL("tok-2", std::string(second.token(100).value()).c_str());
    CHECK_EQUAL(-1, storage.kept.expires_at_s);
}

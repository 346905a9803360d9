#include "net/oauth/token_expiry.h"

#include <CppUTest/TestHarness.h>

namespace {

net::oauth::TokenGrant grant_of(uint32_t lifetime_s, int64_t issued_at_ms) {
    net::oauth::TokenGrant g;
    g.expires_in_s = lifetime_s;
    g.issued_at_ms = issued_at_ms;
    return g;
}

constexpr int64_t kNow = 1'700'000'000;

}  // namespace

TEST_GROUP(TokenExpiry){};

TEST(TokenExpiry, MarginIsTenPercentCappedAtThreeMinutes) {
    CHECK_EQUAL(180U, net::oauth::renew_margin_s(3599));
    CHECK_EQUAL(60U, net::oauth::renew_margin_s(600));
    CHECK_EQUAL(0U, net::oauth::renew_margin_s(5));
    CHECK_EQUAL(180U, net::oauth::renew_margin_s(net::oauth::kMaxLifetimeS));
}

TEST(TokenExpiry, ExpiryCountsFromIssuedAtWhenTheClocksAgree) {
    const auto s = net::oauth::schedule_for(grant_of(3599, (kNow - 10) * 1000 + 424),
                                            hal::Result<int64_t>(kNow), 5000);
    CHECK_EQUAL(kNow - 10 + 3599, s.expires_at_s);
    // Renew 180 s before expiry, counted from now: 3599 - 10 - 180 s from receipt.
    CHECK_EQUAL(5000u + (3599u - 10u - 180u) * 1000u, s.renew_at_ms);
}

TEST(TokenExpiry, ExpiryCountsFromReceiptWithoutIssuedAt) {
    const auto s = net::oauth::schedule_for(grant_of(3599, -1), hal::Result<int64_t>(kNow), 1000);
    CHECK_EQUAL(kNow + 3599, s.expires_at_s);
    CHECK_EQUAL(1000u + (3599u - 180u) * 1000u, s.renew_at_ms);
}

TEST(TokenExpiry, ASkewedIssuedAtIsIgnoredRatherThanRenewingForever) {
    // The server says the token was issued two hours ago: a clock is wrong somewhere.
    const auto s = net::oauth::schedule_for(grant_of(3599, (kNow - 7200) * 1000),
                                            hal::Result<int64_t>(kNow), 0);
    CHECK_EQUAL(kNow + 3599, s.expires_at_s);
    CHECK_EQUAL((3599u - 180u) * 1000u, s.renew_at_ms);
}

TEST(TokenExpiry, UnknownWallClockSchedulesFromTheMonotonicClockOnly) {
    const auto s = net::oauth::schedule_for(grant_of(3599, 1521039195424),
                                            hal::Result<int64_t>(hal::Status::kUnavailable), 0);
    CHECK_EQUAL(-1, s.expires_at_s);
    CHECK_EQUAL((3599u - 180u) * 1000u, s.renew_at_ms);
}

TEST(TokenExpiry, RenewalDeadlineIsRightAcrossTheMillisecondWrap) {
    const hal::Millis near_wrap = 0xFFFF0000u;
    const auto s =
        net::oauth::schedule_for(grant_of(3599, -1), hal::Result<int64_t>(kNow), near_wrap);
    CHECK(s.renew_at_ms < near_wrap);                                    // wrapped past zero ...
    CHECK_FALSE(hal::deadline_passed(near_wrap + 1000, s.renew_at_ms));  // ... yet not due
    CHECK_FALSE(hal::deadline_passed(s.renew_at_ms - 1, s.renew_at_ms));
    CHECK_TRUE(hal::deadline_passed(s.renew_at_ms, s.renew_at_ms));
}

TEST(TokenExpiry, AfterRebootAValidTokenIsKeptUntilItsMargin) {
    const hal::Millis boot = 42;
    const hal::Millis due =
        net::oauth::renew_deadline_after_boot(kNow + 1000, hal::Result<int64_t>(kNow), boot, 3599);
    CHECK_EQUAL(boot + (1000u - 180u) * 1000u, due);
}

TEST(TokenExpiry, AfterRebootATokenInsideItsMarginIsRenewedNow) {
    const hal::Millis due =
        net::oauth::renew_deadline_after_boot(kNow + 100, hal::Result<int64_t>(kNow), 7, 3599);
    CHECK_EQUAL(7u, due);
    const hal::Millis expired =
        net::oauth::renew_deadline_after_boot(kNow - 100, hal::Result<int64_t>(kNow), 7, 3599);
    CHECK_EQUAL(7u, expired);
}

TEST(TokenExpiry, AfterRebootWithoutAWallClockTheTokenIsTriedUntilRefused) {
    const hal::Millis due = net::oauth::renew_deadline_after_boot(
        kNow + 100, hal::Result<int64_t>(hal::Status::kUnavailable), 7, 3599);
    CHECK_EQUAL(7u + net::oauth::kMaxLifetimeS * 1000u, due);
}

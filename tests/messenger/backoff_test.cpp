#include "firmware/messenger/backoff.h"

#include <CppUTest/TestHarness.h>

TEST_GROUP(FullJitter){};

TEST(FullJitter, TheWindowDoublesPerAttemptUpToTheCap) {
    // random = UINT32_MAX - 0 picks near the top of the window; window+1 modulo keeps it in.
    CHECK_EQUAL(1000U, firmware::messenger::full_jitter_ms(0, 1000, 60000, 1000));
    CHECK_EQUAL(0U, firmware::messenger::full_jitter_ms(0, 1000, 60000, 1001));  // 1001 % 1001
    CHECK_EQUAL(4000U, firmware::messenger::full_jitter_ms(2, 1000, 60000, 4000));
    CHECK_EQUAL(60000U, firmware::messenger::full_jitter_ms(10, 1000, 60000, 60000));
    CHECK_EQUAL(60000U, firmware::messenger::full_jitter_ms(40, 1000, 60000, 60000));
}

TEST(FullJitter, EveryResultStaysInsideTheWindow) {
    for (uint32_t attempt = 0; attempt < 40; ++attempt) {
        for (uint32_t r : {0u, 1u, 12345u, 0x7FFFFFFFu, 0xFFFFFFFFu}) {
            const uint32_t d = firmware::messenger::full_jitter_ms(attempt, 500, 30000, r);
            CHECK(d <= 30000U);
            if (attempt < 5) CHECK(d <= (500U << attempt));
        }
    }
}

TEST_GROUP(RetryPolicy) {
    firmware::messenger::RetryPolicy policy{
        firmware::messenger::BackoffConfig{1000, 60000, 120000}};
};

TEST(RetryPolicy, TransientFailuresBackOffWithGrowingWindows) {
    const auto first = policy.after_failure(hal::Status::kTimeout, -1, 0xFFFFFFFFu);
    CHECK_TRUE(first.retry);
    CHECK(first.delay_ms <= 1000U);
    const auto second = policy.after_failure(hal::Status::kRetryLater, -1, 1999);
    CHECK_EQUAL(1999U, second.delay_ms);  // window now 2000
    CHECK_EQUAL(2U, policy.attempt());
    policy.after_success();
    CHECK_EQUAL(0U, policy.attempt());
}

TEST(RetryPolicy, RetryAfterIsHonouredAndCapped) {
    const auto asked = policy.after_failure(hal::Status::kRetryLater, 30, 7);
    CHECK_TRUE(asked.retry);
    CHECK_EQUAL(30000U, asked.delay_ms);
    const auto greedy = policy.after_failure(hal::Status::kRetryLater, 86400, 7);
    CHECK_EQUAL(120000U, greedy.delay_ms);
}

TEST(RetryPolicy, BadCredentialsAndBadRequestsAreNeverRetried) {
    CHECK_FALSE(policy.after_failure(hal::Status::kBadCredentials, -1, 5).retry);
    CHECK_FALSE(policy.after_failure(hal::Status::kBadRequest, 10, 5).retry);
    CHECK_FALSE(policy.after_failure(hal::Status::kCertUntrusted, -1, 5).retry);
    CHECK_FALSE(policy.after_failure(hal::Status::kInvalidArgument, -1, 5).retry);
    CHECK_EQUAL(0U, policy.attempt());
}

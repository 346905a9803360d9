#include <cstring>

#include "hal/result.h"
#include "hal/status.h"

#include <CppUTest/TestHarness.h>

namespace {

hal::Result<int> parse_digit(char c) {
    if (c < '0' || c > '9') return hal::Status::kInvalidArgument;
    return c - '0';
}

hal::Status sum_digits(const char* text, int* sum) {
    *sum = 0;
    for (; *text != '\0'; ++text) {
        HAL_ASSIGN_OR_RETURN(const int digit, parse_digit(*text));
        *sum += digit;
    }
    return hal::Status::kOk;
}

hal::Status first_failure(hal::Status a, hal::Status b) {
    HAL_TRY(a);
    HAL_TRY(b);
    return hal::Status::kOk;
}

}  // namespace

TEST_GROUP(Status){};

TEST(Status, EveryStatusHasADistinctName) {
    const int last = static_cast<int>(hal::Status::kAuthorizationRequired);
    for (int i = 0; i <= last; ++i) {
        const char* name = hal::to_string(static_cast<hal::Status>(i));
        CHECK(name != nullptr && name[0] != '\0');
        CHECK(std::strcmp(name, "unknown-status") != 0);
        for (int j = 0; j < i; ++j) {
            CHECK(std::strcmp(name, hal::to_string(static_cast<hal::Status>(j))) != 0);
        }
    }
    STRCMP_EQUAL("unknown-status", hal::to_string(static_cast<hal::Status>(last + 1)));
}

TEST(Status, TransientKindsAreTheRetryableOnes) {
    CHECK_TRUE(hal::is_transient(hal::Status::kTimeout));
    CHECK_TRUE(hal::is_transient(hal::Status::kRetryLater));
    CHECK_FALSE(hal::is_transient(hal::Status::kBadCredentials));
    CHECK_FALSE(hal::is_transient(hal::Status::kCertExpired));
}

TEST(Status, TlsRejectionsAreRecognised) {
    CHECK_TRUE(hal::is_tls_rejection(hal::Status::kCertUntrusted));
    CHECK_TRUE(hal::is_tls_rejection(hal::Status::kTlsVersionRefused));
    CHECK_FALSE(hal::is_tls_rejection(hal::Status::kTimeout));
    CHECK_FALSE(hal::is_tls_rejection(hal::Status::kTlsError));
}

TEST(Status, TryReturnsTheFirstFailure) {
    CHECK_EQUAL(hal::Status::kOk, first_failure(hal::Status::kOk, hal::Status::kOk));
    CHECK_EQUAL(hal::Status::kTimeout, first_failure(hal::Status::kTimeout, hal::Status::kClosed));
    CHECK_EQUAL(hal::Status::kClosed, first_failure(hal::Status::kOk, hal::Status::kClosed));
}

TEST_GROUP(Result){};

TEST(Result, CarriesAValueOrAStatus) {
    const hal::Result<int> seven = parse_digit('7');
    CHECK_TRUE(seven.ok());
    CHECK_EQUAL(7, seven.value());
    const hal::Result<int> bad = parse_digit('x');
    CHECK_FALSE(bad.ok());
    CHECK_EQUAL(hal::Status::kInvalidArgument, bad.status());
    CHECK_EQUAL(-1, bad.value_or(-1));
}

TEST(Result, AnOkStatusWithoutAValueIsRecordedAsABug) {
    const hal::Result<int> r(hal::Status::kOk);
    CHECK_FALSE(r.ok());
    CHECK_EQUAL(hal::Status::kInternal, r.status());
}

TEST(Result, AssignOrReturnPropagatesTheError) {
    int sum = 0;
    CHECK_EQUAL(hal::Status::kOk, sum_digits("123", &sum));
    CHECK_EQUAL(6, sum);
    CHECK_EQUAL(hal::Status::kInvalidArgument, sum_digits("1a3", &sum));
    CHECK_EQUAL(1, sum);
}

#include "port/posix/entropy.h"

#include <CppUTest/TestHarness.h>

#include <cstring>

TEST_GROUP(GetrandomEntropy) {
    port::posix::GetrandomEntropy entropy;
};

TEST(GetrandomEntropy, TwoFillsDiffer) {
    uint8_t first[32] = {};
    uint8_t second[32] = {};
    CHECK_EQUAL(hal::Status::kOk, entropy.fill(hal::ByteSpan(first)));
    CHECK_EQUAL(hal::Status::kOk, entropy.fill(hal::ByteSpan(second)));
    CHECK(std::memcmp(first, second, sizeof first) != 0);
}

TEST(GetrandomEntropy, LargeFillIsCompletelyWritten) {
    // Starts zeroed, so bytes left unwritten stay 0. A random byte is 0 once in 256:
    // about 16 zeros are expected, 64 or more is beyond any plausible chance.
    static uint8_t buffer[4096];
    std::memset(buffer, 0, sizeof buffer);
    CHECK_EQUAL(hal::Status::kOk, entropy.fill(hal::ByteSpan(buffer)));
    size_t zeros = 0;
    for (const uint8_t byte : buffer)
        zeros += byte == 0 ? 1 : 0;
    CHECK(zeros < 64);  // expected about 16
}

TEST(GetrandomEntropy, EmptyFillSucceeds) {
    CHECK_EQUAL(hal::Status::kOk, entropy.fill(hal::ByteSpan()));
}

// hal::secure_wipe: zeros exactly the bytes it is given, whatever their alignment, and
// accepts an empty range.
#include "hal/secure_wipe.h"

#include <CppUTest/TestHarness.h>

#include <cstdint>

namespace {

constexpr size_t kSize = 64;

void fill(uint8_t* bytes, size_t size) {
    for (size_t i = 0; i < size; ++i)
        bytes[i] = static_cast<uint8_t>(0xA5 ^ i);
}

}  // namespace

TEST_GROUP(SecureWipe){};

TEST(SecureWipe, ZerosEveryByteOfTheRangeAndNoOther) {
    for (size_t start = 0; start < 9; ++start) {
        for (size_t size = 0; size + start < kSize; size += 7) {
            uint8_t bytes[kSize];
            fill(bytes, kSize);
            hal::secure_wipe(bytes + start, size);
            for (size_t i = 0; i < kSize; ++i) {
                const bool wiped = i >= start && i < start + size;
                const uint8_t want = wiped ? 0 : static_cast<uint8_t>(0xA5 ^ i);
                UNSIGNED_LONGS_EQUAL(want, bytes[i]);
            }
        }
    }
}

TEST(SecureWipe, WipesAnObjectThroughItsAddress) {
    struct Secret {
        char text[24];
        uint64_t key;
    } secret{"client-secret", 0x0123456789ABCDEFull};
    hal::secure_wipe(&secret, sizeof secret);
    for (char c : secret.text)
        LONGS_EQUAL(0, c);
    CHECK_TRUE(secret.key == 0);
}

TEST(SecureWipe, AnEmptyRangeIsNothing) {
    hal::secure_wipe(nullptr, 0);
    uint8_t byte = 0x5A;
    hal::secure_wipe(&byte, 0);
    UNSIGNED_LONGS_EQUAL(0x5A, byte);
}

// hal::crc32: the zlib / IEEE 802.3 CRC every flash record is checked with.
#include "hal/crc32.h"

#include <CppUTest/TestHarness.h>

TEST_GROUP(Crc32){};

TEST(Crc32, MatchesTheCheckValueOfTheStandard) {
    const uint32_t crc = hal::crc32(hal::as_bytes("123456789"));
    UNSIGNED_LONGS_EQUAL(0xCBF43926u, crc);
}

TEST(Crc32, OfNothingIsZero) {
    UNSIGNED_LONGS_EQUAL(0u, hal::crc32(hal::ConstByteSpan()));
}

TEST(Crc32, ContinuesAcrossPieces) {
    const uint32_t first = hal::crc32(hal::as_bytes("1234"));
    const uint32_t whole = hal::crc32(hal::as_bytes("56789"), first);
    UNSIGNED_LONGS_EQUAL(0xCBF43926u, whole);
}

TEST(Crc32, MatchesZlibOnBinaryData) {
    const uint8_t bytes[] = {0x00, 0xFF, 0x55, 0xAA};
    // zlib.crc32(bytes([0, 255, 0x55, 0xAA]))
    UNSIGNED_LONGS_EQUAL(0x6E130816u, hal::crc32(hal::ConstByteSpan(bytes)));
}

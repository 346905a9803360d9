// hal::crc32: the zlib / IEEE 802.3 CRC every flash record is checked with, and the
// location of a single flipped bit from its syndrome (how flash damage is corrected).
#include "hal/crc32.h"

#include <CppUTest/TestHarness.h>

#include <cstdint>

namespace {

constexpr size_t kMessageSize = 300;

void fill(uint8_t* bytes, size_t size) {
    uint32_t x = 0x12345678u;
    for (size_t i = 0; i < size; ++i) {
        x = x * 1103515245u + 12345u;
        bytes[i] = static_cast<uint8_t>(x >> 16);
    }
}

uint32_t crc_of(const uint8_t* bytes, size_t size) {
    return hal::crc32(hal::ConstByteSpan(bytes, size));
}

}  // namespace

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

TEST(Crc32, LocatesEveryFlippedBitOfAMessage) {
    uint8_t message[kMessageSize];
    fill(message, sizeof message);
    const uint32_t stored = crc_of(message, sizeof message);
    for (size_t bit = 0; bit < sizeof message * 8; ++bit) {
        message[bit / 8] ^= static_cast<uint8_t>(1u << (bit % 8));
        const uint32_t syndrome = crc_of(message, sizeof message) ^ stored;
        LONGS_EQUAL(static_cast<long>(bit), hal::crc32_error_bit(syndrome, sizeof message));
        message[bit / 8] ^= static_cast<uint8_t>(1u << (bit % 8));
    }
}

TEST(Crc32, LocatesAFlippedBitInTheFirstAndLastByteOfAOneByteMessage) {
    uint8_t byte = 0x5A;
    const uint32_t stored = crc_of(&byte, 1);
    for (int bit = 0; bit < 8; ++bit) {
        uint8_t flipped = static_cast<uint8_t>(byte ^ (1u << bit));
        LONGS_EQUAL(bit, hal::crc32_error_bit(crc_of(&flipped, 1) ^ stored, 1));
    }
}

TEST(Crc32, TellsAFlippedBitOfTheStoredCrcFromOneOfTheMessage) {
    uint8_t message[16];
    fill(message, sizeof message);
    const uint32_t stored = crc_of(message, sizeof message);
    for (int bit = 0; bit < 32; ++bit) {
        const uint32_t damaged = stored ^ (1u << bit);
        LONGS_EQUAL(
            hal::kCrcErrorInCrc,
            hal::crc32_error_bit(crc_of(message, sizeof message) ^ damaged, sizeof message));
    }
}

TEST(Crc32, ReportsTwoFlippedBitsAsNotCorrectable) {
    uint8_t message[kMessageSize];
    fill(message, sizeof message);
    const uint32_t stored = crc_of(message, sizeof message);
    size_t reported = 0;
    size_t pairs = 0;
    for (size_t a = 0; a < 64; a += 3) {
        for (size_t b = a + 1; b < sizeof message * 8; b += 97) {
            message[a / 8] ^= static_cast<uint8_t>(1u << (a % 8));
            message[b / 8] ^= static_cast<uint8_t>(1u << (b % 8));
            const int32_t found =
                hal::crc32_error_bit(crc_of(message, sizeof message) ^ stored, sizeof message);
            if (found == hal::kCrcErrorNotOneBit) ++reported;
            ++pairs;
            message[a / 8] ^= static_cast<uint8_t>(1u << (a % 8));
            message[b / 8] ^= static_cast<uint8_t>(1u << (b % 8));
        }
    }
    CHECK(pairs > 100);
    LONGS_EQUAL(pairs, reported);
}

TEST(Crc32, ReportsNoErrorWhenTheSyndromeIsZero) {
    LONGS_EQUAL(hal::kCrcErrorNotOneBit, hal::crc32_error_bit(0, 10));
}

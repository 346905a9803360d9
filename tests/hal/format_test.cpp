#include "hal/format.h"

#include <cstdint>
#include <cstdio>

#include <CppUTest/TestHarness.h>

namespace {

constexpr size_t kBufferSize = 96;

}  // namespace

TEST_GROUP(Format) {
    char out[kBufferSize] = {};
};

TEST(Format, CopiesPlainText) {
    CHECK_EQUAL(5u, hal::format(hal::CharSpan(out), "hello"));
    STRCMP_EQUAL("hello", out);
}

TEST(Format, PrintsSignedAndUnsignedIntegersOfEveryLength) {
    hal::format(hal::CharSpan(out), "%d %i %u %ld %lu %lld %llu %zu %hd %hhu", -42, 7, 42u, -1L,
                4000000000UL, -9000000000LL, 18446744073709551615ULL, static_cast<size_t>(12),
                static_cast<short>(-3), static_cast<unsigned char>(255));
    STRCMP_EQUAL("-42 7 42 -1 4000000000 -9000000000 18446744073709551615 12 -3 255", out);
}

TEST(Format, PrintsTheMostNegativeValues) {
    hal::format(hal::CharSpan(out), "%d %lld", INT32_MIN, static_cast<long long>(INT64_MIN));
    STRCMP_EQUAL("-2147483648 -9223372036854775808", out);
}

TEST(Format, PrintsHexOctalAndPointers) {
    hal::format(hal::CharSpan(out), "%x %X %08x %o %p", 0xbeefu, 0xbeefu, 0x1234u, 8u,
                reinterpret_cast<void*>(0x1000));
    STRCMP_EQUAL("beef BEEF 00001234 10 0x1000", out);
}

TEST(Format, HonoursWidthZeroPadLeftJustifyAndSign) {
    hal::format(hal::CharSpan(out), "[%5d][%-5d][%05d][%+d][% d][%*u]", 42, 42, -42, 3, 3, 4, 7u);
    STRCMP_EQUAL("[   42][42   ][-0042][+3][ 3][   7]", out);
}

TEST(Format, PrecisionLimitsStringsAndPadsNumbers) {
    hal::format(hal::CharSpan(out), "[%.*s][%.3s][%.4d][%8.3s][%-4s]", 2, "abcdef", "xyzw", 7,
                "abcdef", "ab");
    STRCMP_EQUAL("[ab][xyz][0007][     abc][ab  ]", out);
}

TEST(Format, PrintsCharactersPercentAndNull) {
    const char* volatile none = nullptr;  // volatile: the compiler would refuse a literal null
    hal::format(hal::CharSpan(out), "%c%c %% %s", 'o', 'k', none);
    STRCMP_EQUAL("ok % (null)", out);
}

TEST(Format, MatchesTheCLibraryOnAMixedLine) {
    char expected[kBufferSize];
    std::snprintf(expected, sizeof expected, "%s:%d %-6s|%06lu|%.*s|%3c|%x", "tls", -5, "rx",
                  123456UL, 3, "abcdef", 'z', 255u);
    hal::format(hal::CharSpan(out), "%s:%d %-6s|%06lu|%.*s|%3c|%x", "tls", -5, "rx", 123456UL, 3,
                "abcdef", 'z', 255u);
    STRCMP_EQUAL(expected, out);
}

TEST(Format, TruncatesAndReportsTheFullLength) {
    char small[6];
    CHECK_EQUAL(11u, hal::format(hal::CharSpan(small), "hello %s", "world"));
    STRCMP_EQUAL("hello", small);
}

TEST(Format, WritesNothingIntoAnEmptyBuffer) {
    CHECK_EQUAL(3u, hal::format(hal::CharSpan(out, 0), "abc"));
    CHECK_EQUAL('\0', out[0]);
}

TEST(Format, MarksFloatingPointAsUnsupported) {
    hal::format(hal::CharSpan(out), "x=%f", 1.5);
    STRCMP_EQUAL("x=%?", out);
}

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

TEST(Format, PercentIsRoundedDownAndCappedAtAHundred) {
    CHECK_EQUAL(0u, hal::percent_of(0, 400));
    CHECK_EQUAL(52u, hal::percent_of(52, 100));
    CHECK_EQUAL(33u, hal::percent_of(1, 3));
    CHECK_EQUAL(99u, hal::percent_of(399, 400));
    CHECK_EQUAL(100u, hal::percent_of(400, 400));
    CHECK_EQUAL(100u, hal::percent_of(150, 100));
    CHECK_EQUAL(100u, hal::percent_of(0, 0));
    // Parts too large to multiply by 100 still give the right figure.
    CHECK_EQUAL(50u, hal::percent_of(UINT64_MAX / 2, UINT64_MAX));
    CHECK_EQUAL(99u, hal::percent_of(UINT64_MAX - 1, UINT64_MAX));
}

TEST(Format, PercentTextIsRightAlignedInThreePlaces) {
    CHECK_EQUAL(4u, hal::format_percent(hal::CharSpan(out), 3, 100));
    STRCMP_EQUAL("  3%", out);
    hal::format_percent(hal::CharSpan(out), 52, 100);
    STRCMP_EQUAL(" 52%", out);
    hal::format_percent(hal::CharSpan(out), 7, 0);
    STRCMP_EQUAL("100%", out);
}

TEST(Format, FixedPointPrintsExactlyItsDecimals) {
    CHECK_EQUAL(6u, hal::format_fixed(hal::CharSpan(out), 12345, 3));
    STRCMP_EQUAL("12.345", out);
    hal::format_fixed(hal::CharSpan(out), 7, 3);
    STRCMP_EQUAL("0.007", out);
    hal::format_fixed(hal::CharSpan(out), 15, 1);
    STRCMP_EQUAL("1.5", out);
    hal::format_fixed(hal::CharSpan(out), 42, 0);  // at least one decimal
    STRCMP_EQUAL("4.2", out);
    hal::format_fixed(hal::CharSpan(out), UINT32_MAX, 9);
    STRCMP_EQUAL("4.294967295", out);
    hal::format_fixed(hal::CharSpan(out), UINT32_MAX, 12);  // at most 9 decimals
    STRCMP_EQUAL("4.294967295", out);
}

TEST(Format, FixedPointIsRightAlignedInItsWidthLikePrintf) {
    char expected[kBufferSize];
    std::snprintf(expected, sizeof expected, "%5lu.%03lu", 12UL, 345UL);
    CHECK_EQUAL(9u, hal::format_fixed(hal::CharSpan(out), 12345, 3, 9));
    STRCMP_EQUAL(expected, out);
    hal::format_fixed(hal::CharSpan(out), 123456789, 3, 9);
    STRCMP_EQUAL("123456.789", out);  // wider than the width: nothing is cut
    hal::format_fixed(hal::CharSpan(out), 15, 1, 5);
    STRCMP_EQUAL("  1.5", out);
}

TEST(Format, FixedPointIsCutLikeFormat) {
    char small[4];
    CHECK_EQUAL(6u, hal::format_fixed(hal::CharSpan(small), 12345, 3));
    STRCMP_EQUAL("12.", small);
}

TEST(Format, SizesAreInBytesOrWholeKibibytesAndMebibytes) {
    hal::format_size(hal::CharSpan(out), 1);
    STRCMP_EQUAL("1 byte", out);
    hal::format_size(hal::CharSpan(out), 0);
    STRCMP_EQUAL("0 bytes", out);
    hal::format_size(hal::CharSpan(out), 1500);
    STRCMP_EQUAL("1500 bytes", out);
    hal::format_size(hal::CharSpan(out), 64 * 1024);
    STRCMP_EQUAL("64 KiB", out);
    hal::format_size(hal::CharSpan(out), 3 * 1024 * 1024 + 1024);
    STRCMP_EQUAL("3073 KiB", out);
    CHECK_EQUAL(5u, hal::format_size(hal::CharSpan(out), 2 * 1024 * 1024));
    STRCMP_EQUAL("2 MiB", out);
}

TEST(Format, RoundedSizesAreBytesKilobytesOrMegabytesWithOneDecimal) {
    hal::format_rounded_size(hal::CharSpan(out), 1);
    STRCMP_EQUAL("1 byte", out);
    hal::format_rounded_size(hal::CharSpan(out), 1023);
    STRCMP_EQUAL("1023 bytes", out);
    hal::format_rounded_size(hal::CharSpan(out), 1024);
    STRCMP_EQUAL("1 KB", out);
    hal::format_rounded_size(hal::CharSpan(out), 34 * 1024 + 511);
    STRCMP_EQUAL("34 KB", out);
    hal::format_rounded_size(hal::CharSpan(out), 34 * 1024 + 512);
    STRCMP_EQUAL("35 KB", out);
    hal::format_rounded_size(hal::CharSpan(out), 1024 * 1024 - 1);  // rounds up to a MB
    STRCMP_EQUAL("1.0 MB", out);
    hal::format_rounded_size(hal::CharSpan(out), 10 * 1024 * 1024);
    STRCMP_EQUAL("10.0 MB", out);
    hal::format_rounded_size(hal::CharSpan(out), 1536 * 1024);
    STRCMP_EQUAL("1.5 MB", out);
}

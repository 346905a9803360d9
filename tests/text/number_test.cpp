// Whole numbers as text: decimal forms at the edges of 64 bits, bounded parses in both
// bases; and the ASCII classes every protocol parser shares.
#include <cstdint>
#include <limits>
#include <string>

#include "net/text/ascii.h"
#include "net/text/number.h"

#include <CppUTest/TestHarness.h>

using hal::Status;

namespace {

std::string decimal(uint64_t value) {
    char digits[net::text::kMaxDecimalLength];
    return std::string(net::text::decimal(value, digits));
}

std::string signed_decimal(int64_t value) {
    char digits[net::text::kMaxDecimalLength];
    return std::string(net::text::signed_decimal(value, digits));
}

}  // namespace

TEST_GROUP(Number){};

TEST(Number, DecimalFormsAtTheEdges) {
    STRCMP_EQUAL("0", decimal(0).c_str());
    STRCMP_EQUAL("7", decimal(7).c_str());
    STRCMP_EQUAL("18446744073709551615", decimal(UINT64_MAX).c_str());
    STRCMP_EQUAL("0", signed_decimal(0).c_str());
    STRCMP_EQUAL("-12", signed_decimal(-12).c_str());
    STRCMP_EQUAL("9223372036854775807", signed_decimal(INT64_MAX).c_str());
    STRCMP_EQUAL("-9223372036854775808", signed_decimal(INT64_MIN).c_str());
}

TEST(Number, ParsesDecimalWithinItsBound) {
    CHECK_EQUAL(0U, net::text::parse_unsigned("0").value());
    CHECK_EQUAL(UINT64_MAX, net::text::parse_unsigned("18446744073709551615").value());
    CHECK_EQUAL(Status::kTooLarge, net::text::parse_unsigned("18446744073709551616").status());
    CHECK_EQUAL(255U, net::text::parse_unsigned("255", 10, 255).value());
    CHECK_EQUAL(Status::kTooLarge, net::text::parse_unsigned("256", 10, 255).status());
    CHECK_EQUAL(Status::kTooLarge, net::text::parse_unsigned("9", 10, 5).status());
}

TEST(Number, RefusesWhatIsNotDigits) {
    const char* const bad[] = {"", "-1", "+1", " 1", "1 ", "1a", "0x10", "\xC3\xA9"};
    for (const char* text : bad)
        CHECK_EQUAL_TEXT(Status::kCorrupt, net::text::parse_unsigned(text).status(), text);
}

TEST(Number, ParsesHexInEitherCase) {
    CHECK_EQUAL(0xBEEFU, net::text::parse_unsigned("beef", 16).value());
    CHECK_EQUAL(0xBEEFU, net::text::parse_unsigned("BeEf", 16).value());
    CHECK_EQUAL(UINT64_MAX, net::text::parse_unsigned("ffffffffffffffff", 16).value());
    CHECK_EQUAL(Status::kTooLarge, net::text::parse_unsigned("10000000000000000", 16).status());
    CHECK_EQUAL(Status::kCorrupt, net::text::parse_unsigned("fg", 16).status());
    CHECK_EQUAL(Status::kCorrupt, net::text::parse_unsigned("a", 10).status());
}

TEST_GROUP(Ascii){};

TEST(Ascii, ClassesCoverExactlyTheirCharacters) {
    for (int i = 0; i < 256; ++i) {
        const char c = static_cast<char>(i);
        const bool digit = i >= '0' && i <= '9';
        const bool alpha = (i >= 'a' && i <= 'z') || (i >= 'A' && i <= 'Z');
        const bool hex = digit || (i >= 'a' && i <= 'f') || (i >= 'A' && i <= 'F');
        CHECK_EQUAL(digit, net::text::is_digit(c));
        CHECK_EQUAL(alpha, net::text::is_alpha(c));
        CHECK_EQUAL(digit || alpha, net::text::is_alnum(c));
        CHECK_EQUAL(hex, net::text::is_hex_digit(c));
        CHECK_EQUAL(i >= 0x21 && i <= 0x7e, net::text::is_visible(c));
        CHECK_EQUAL(i == ' ' || i == '\t' || i == '\n' || i == '\r', net::text::is_space(c));
    }
    CHECK_TRUE(net::text::equals_ignoring_case("Content-Length", "content-LENGTH"));
    CHECK_FALSE(net::text::equals_ignoring_case("Date", "Dates"));
}

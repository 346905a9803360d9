#include <cmath>
#include <cstring>

#include "net/json/cjson_glue.h"

#include <CppUTest/TestHarness.h>

namespace {

// Parses `text`, checks it consumed `consumed` characters, returns the value.
double parse(const char* text, size_t consumed) {
    char* end = nullptr;
    const double value = parley_json_strtod(text, &end);
    CHECK_EQUAL(consumed, static_cast<size_t>(end - text));
    return value;
}

}  // namespace

TEST_GROUP(JsonNumber){};

TEST(JsonNumber, IntegersAreExactUpToTwoToThe53) {
    DOUBLES_EQUAL(0.0, parse("0", 1), 0.0);
    DOUBLES_EQUAL(123.0, parse("123", 3), 0.0);
    DOUBLES_EQUAL(-42.0, parse("-42", 3), 0.0);
    DOUBLES_EQUAL(1521039195424.0, parse("1521039195424", 13), 0.0);
    DOUBLES_EQUAL(9007199254740992.0, parse("9007199254740992", 16), 0.0);
}

TEST(JsonNumber, FractionsAndExponentsAreClose) {
    DOUBLES_EQUAL(1.5, parse("1.5", 3), 0.0);
    DOUBLES_EQUAL(-12.75, parse("-12.75", 6), 0.0);
    DOUBLES_EQUAL(1000.0, parse("1e3", 3), 0.0);
    DOUBLES_EQUAL(0.0025, parse("2.5E-3", 6), 1e-18);
    DOUBLES_EQUAL(0.01, parse("0.01", 4), 1e-18);
    DOUBLES_EQUAL(6.02214076e23, parse("6.02214076e+23", 14), 6.02214076e23 * 1e-15);
}

TEST(JsonNumber, ManyDigitsKeepTheirScale) {
    DOUBLES_EQUAL(1e25, parse("10000000000000000000000000", 26), 1e25 * 1e-15);
    DOUBLES_EQUAL(0.1234567890123456789, parse("0.12345678901234567890123", 25), 1e-17);
}

TEST(JsonNumber, OutOfRangeBecomesInfinityOrZeroNotACrash) {
    CHECK_TRUE(std::isinf(parse("1e400", 5)));
    DOUBLES_EQUAL(0.0, parse("1e-400", 6), 0.0);
    CHECK_TRUE(std::isinf(parse("1e99999999999", 13)));
}

// Found by fuzz_token_response: zero with a huge exponent came out as NaN.
TEST(JsonNumber, ZeroWithAHugeExponentIsZeroNotNaN) {
    DOUBLES_EQUAL(0.0, parse("00000000000000e03120000", 23), 0.0);
    DOUBLES_EQUAL(0.0, parse("0.000e-99999", 12), 0.0);
    CHECK_FALSE(std::isnan(parse("-0e999", 6)));
}

TEST(JsonNumber, StopsAtTheFirstCharacterThatIsNotPartOfTheNumber) {
    DOUBLES_EQUAL(12.0, parse("12,", 2), 0.0);
    DOUBLES_EQUAL(12.0, parse("12e", 2), 0.0);  // a bare 'e' is not an exponent
    DOUBLES_EQUAL(12.0, parse("12e+", 2), 0.0);
}

TEST(JsonNumber, NoDigitsIsNoNumber) {
    parse("-", 0);
    parse("abc", 0);
    parse(".", 0);
    parse("", 0);
}

TEST(JsonNumber, TheHeapStandInsRefuse) {
    POINTERS_EQUAL(nullptr, parley_cjson_malloc(16));
    POINTERS_EQUAL(nullptr, parley_cjson_realloc(nullptr, 16));
    parley_cjson_free(nullptr);
}

#include "hal/span.h"

#include <CppUTest/TestHarness.h>

TEST_GROUP(Span){};

TEST(Span, ViewsAnArrayWithoutCopying) {
    uint8_t bytes[4] = {1, 2, 3, 4};
    const hal::ByteSpan view(bytes);
    CHECK_EQUAL(4U, view.size());
    view[1] = 9;
    CHECK_EQUAL(9, bytes[1]);
}

TEST(Span, SubspanPastTheEndIsClampedNotUndefined) {
    uint8_t bytes[4] = {1, 2, 3, 4};
    const hal::ConstByteSpan view(bytes);
    CHECK_EQUAL(2U, view.subspan(2).size());
    CHECK_EQUAL(3, view.subspan(2)[0]);
    CHECK_EQUAL(0U, view.subspan(9).size());
    CHECK_EQUAL(1U, view.subspan(3, 100).size());
    CHECK_EQUAL(2U, view.first(2).size());
    CHECK_TRUE(view.subspan(4).empty());
}

TEST(Span, TextAndBytesConvertBothWays) {
    const hal::ConstByteSpan bytes = hal::as_bytes("abc");
    CHECK_EQUAL(3U, bytes.size());
    CHECK_EQUAL('b', bytes[1]);
    STRCMP_EQUAL("abc", std::string(hal::as_chars(bytes)).c_str());
}

// The shared byte-class table (net/text/byte_class.h) against each class written out the
// long way, for all 256 byte values: a table entry that drifted would pass a walker's
// bulk loop over a byte it must stop at.
#include "net/text/byte_class.h"

#include <CppUTest/TestHarness.h>

#include <cstring>

namespace bc = net::text::byte_class;

namespace {

bool alnum(unsigned b) {
    return (b >= '0' && b <= '9') || (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z');
}

bool in(unsigned b, const char* set) {
    return b != 0 && std::strchr(set, static_cast<int>(b)) != nullptr;
}

}  // namespace

TEST_GROUP(ByteClass){};

TEST(ByteClass, EveryByteIsInExactlyTheClassesItsDefinitionSays) {
    for (unsigned b = 0; b < 256; ++b) {
        const char c = static_cast<char>(b);
        CHECK_EQUAL(b == '"' || b == '\\', bc::has(c, bc::kQuoteOrBackslash));
        CHECK_EQUAL(in(b, "\"{}[]"), bc::has(c, bc::kContainerMark));
        CHECK_EQUAL(b < 0x20 || b >= 0x80 || b == '"' || b == '\\',
                    bc::has(c, bc::kNotPlainString));
        CHECK_EQUAL(alnum(b) || in(b, "-+."), bc::has(c, bc::kScalar));
        CHECK_EQUAL(b < 0x20 || b == '"' || b == '\\', bc::has(c, bc::kNeedsEscape));
        CHECK_EQUAL(alnum(b) || in(b, "!#$%&'*+-.^_`|~"), bc::has(c, bc::kToken));
        CHECK_EQUAL((b >= 0x20 || b == '\t') && b != 0x7f, bc::has(c, bc::kFieldValue));
        CHECK_EQUAL(b > 0x20 && b < 0x7f && b != '#', bc::has(c, bc::kTarget));
    }
}

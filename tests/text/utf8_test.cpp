// UTF-8 checks: characters counted rather than bytes, malformed sequences refused, cuts on
// character boundaries.
#include <string_view>

#include "net/text/utf8.h"

#include <CppUTest/TestHarness.h>

using hal::Status;

TEST_GROUP(Utf8){};

TEST(Utf8, CountsCharactersNotBytes) {
    CHECK_EQUAL(5U, net::text::count_code_points("hello").value());
    CHECK_EQUAL(3U, net::text::count_code_points("\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80").value());
    CHECK_EQUAL(0U, net::text::count_code_points("").value());
}

TEST(Utf8, RefusesMalformedSequences) {
    const char* const bad[] = {"\x80",
                               "\xC3",
                               "\xC0\xAF",
                               "\xE0\x80\xAF",
                               "\xED\xA0\x80",
                               "\xF4\x90\x80\x80",
                               "\xF5\x80\x80\x80",
                               "a\xFF",
                               "\xE2\x82"};
    for (const char* text : bad)
        CHECK_EQUAL(Status::kInvalidArgument, net::text::count_code_points(text).status());
}

TEST(Utf8, PrefixesEndOnCharacterBoundaries) {
    const std::string_view text = "a\xC3\xA9\xE2\x82\xAC";  // a é €
    CHECK_EQUAL(1U, net::text::utf8_prefix_length(text, 2));
    CHECK_EQUAL(3U, net::text::utf8_prefix_length(text, 3));
    CHECK_EQUAL(3U, net::text::utf8_prefix_length(text, 5));
    CHECK_EQUAL(6U, net::text::utf8_prefix_length(text, 6));
    CHECK_EQUAL(6U, net::text::utf8_prefix_length(text, 100));
}

// Utf8Counter: the same answer as count_code_points whatever the text is cut into.
TEST(Utf8, ACountOverPiecesCutAnywhereIsTheWholeCount) {
    const std::string_view texts[] = {"hello",
                                      "\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80 caf\xC3\xA9",
                                      "",
                                      "\x80",
                                      "ok \xC3",
                                      "\xC0\xAF",
                                      "\xE0\x80\xAF",
                                      "\xED\xA0\x80",
                                      "\xF4\x90\x80\x80",
                                      "a\xFF",
                                      "\xE2\x82",
                                      "\xF0\x9F\x98\x80\xF0\x9F\x98"};
    for (const std::string_view text : texts) {
        const hal::Result<size_t> whole = net::text::count_code_points(text);
        for (size_t piece = 1; piece <= text.size() + 1; ++piece) {
            for (size_t first = 0; first <= text.size(); ++first) {
                net::text::Utf8Counter counter;
                counter.feed(text.substr(0, first));
                for (size_t at = first; at < text.size(); at += piece)
                    counter.feed(text.substr(at, piece));
                const hal::Result<size_t> pieces = counter.result();
                CHECK_EQUAL(whole.status(), pieces.status());
                CHECK_EQUAL(whole.value_or(0), pieces.value_or(0));
            }
        }
    }
}

// C0 controls and DEL are one byte, C1 controls (U+0080..U+009F) two; printable text,
// other two-byte characters and a C2 at the very end are none.
TEST(Utf8, ControlCharactersAreFoundWithTheirLength) {
    using net::text::control_character_length;
    const std::string_view text("a\x1b\x7f\xC2\x9B\xC2\xA0\xC3\x80\n\xC2", 11);
    LONGS_EQUAL(0, control_character_length(text, 0));
    LONGS_EQUAL(1, control_character_length(text, 1));
    LONGS_EQUAL(1, control_character_length(text, 2));
    LONGS_EQUAL(2, control_character_length(text, 3));   // U+009B, the one-byte CSI
    LONGS_EQUAL(0, control_character_length(text, 5));   // U+00A0
    LONGS_EQUAL(0, control_character_length(text, 7));   // U+00C0
    LONGS_EQUAL(1, control_character_length(text, 9));   // a line break is one too
    LONGS_EQUAL(0, control_character_length(text, 10));  // C2 without its second byte
}

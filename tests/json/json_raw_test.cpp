// RawValue (net/json/json_raw.h): small JSON texts read in place — members, elements,
// strings decoded into the caller's buffer (escapes, cut at a character when bounded),
// integers as numbers or numeric strings — and validate() as the gate before reading.
#include <string>

#include "net/json/json_raw.h"
#include "net/json/json_stream.h"

#include <CppUTest/TestHarness.h>

using hal::Status;
using net::json::RawValue;

TEST_GROUP(JsonRaw){};

TEST(JsonRaw, MembersAndElementsAreFoundInPlace) {
    const std::string json =
        R"( {"a": {"b": [1, "two", {"c": null}, []]}, "s": "x", "a2": 3, "a": "second"} )";
    CHECK_EQUAL(Status::kOk, net::json::validate(json));
    const RawValue root(json);
    CHECK_TRUE(root.is_object());
    const RawValue list = root["a"]["b"];
    CHECK_TRUE(list.is_array());
    CHECK_EQUAL(4U, list.size());
    CHECK_EQUAL(1, list.at(0).as_int64().value());
    CHECK_TRUE(list.at(2)["c"].is_null());
    CHECK_EQUAL(0U, list.at(3).size());
    CHECK_FALSE(list.at(4).present());
    CHECK_FALSE(root["missing"].present());
    CHECK_FALSE(root["s"]["x"].present());  // not an object
    CHECK_TRUE(root["a"].is_object());      // the first of a repeated key
    CHECK_EQUAL(3, root["a2"].as_int64().value());
}

TEST(JsonRaw, StringsAreDecodedIntoTheCallersBuffer) {
    const RawValue value(R"("a\"b\\c\/d\u00e9\ud83d\ude00")");
    char out[32];
    const hal::Result<std::string_view> text = value.as_string(hal::CharSpan(out));
    CHECK_EQUAL(Status::kOk, text.status());
    STRCMP_EQUAL("a\"b\\c/d\xC3\xA9\xF0\x9F\x98\x80", std::string(text.value()).c_str());
    char small[4];
    CHECK_EQUAL(Status::kTooLarge, value.as_string(hal::CharSpan(small)).status());
    CHECK_EQUAL(Status::kInvalidArgument, RawValue("12").as_string(hal::CharSpan(out)).status());
}

TEST(JsonRaw, BoundedTextIsCutAtACharacterAndFlagged) {
    net::text::BoundedText<4> text;
    CHECK_TRUE(RawValue(R"("ab\u00e9c")").read_text(&text));
    STRCMP_EQUAL("ab\xC3\xA9", text.data);
    CHECK_TRUE(text.truncated);
    CHECK_TRUE(RawValue(R"("a\u4e2db")").read_text(&text));
    STRCMP_EQUAL("a\xE4\xB8\xAD", text.data);
    CHECK_TRUE(text.truncated);
    CHECK_FALSE(RawValue("[]").read_text(&text));
    CHECK_TRUE(text.empty());
}

TEST(JsonRaw, IntegersAsNumbersOrNumericStrings) {
    CHECK_EQUAL(1521039195424, RawValue("\"1521039195424\"").as_int64().value());
    CHECK_EQUAL(9223372036854775807, RawValue("9223372036854775807").as_int64().value());
    CHECK_EQUAL(120, RawValue("1.2e2").as_int64().value());
    CHECK_FALSE(RawValue("1.5").as_int64().ok());
    CHECK_FALSE(RawValue("\"12a\"").as_int64().ok());
    CHECK_FALSE(RawValue("true").as_int64().ok());
    CHECK_FALSE(RawValue("{}").as_int64().ok());
    CHECK_FALSE(RawValue().as_int64().ok());
}

TEST(JsonRaw, ValidateIsTheGate) {
    CHECK_EQUAL(Status::kOk, net::json::validate(R"({"a":[1,2]})"));
    CHECK_EQUAL(Status::kCorrupt, net::json::validate(R"({"a":[1,2})"));
    CHECK_EQUAL(Status::kCorrupt, net::json::validate(R"({"a":1} {})"));
    CHECK_EQUAL(Status::kCorrupt, net::json::validate(""));
    CHECK_EQUAL(Status::kTooLarge, net::json::validate(std::string(40, '[')));
}

namespace {

class Ignore final : public net::json::StreamEvents {
  public:
    void on_open(bool) override {}
    void on_close() override {}
    void on_key(std::string_view) override {}
    void on_string(std::string_view, bool) override {}
    void on_scalar(std::string_view) override {}
};

Status parser_verdict(const std::string& json) {
    Ignore ignore;
    net::json::JsonStream stream(ignore);
    stream.feed(json);
    return stream.finish();
}

}  // namespace

// validate() answers some small parts without the parser (plain strings, [] and {}); it
// must say what the push parser says, here on the edges of the grammar (the fuzz target json_stream
// checks the same on everything it generates).
TEST(JsonRaw, ValidateGivesThePushParsersVerdict) {
    const std::string scalar_32 = "[" + std::string(32, '1') + "]";
    const std::string scalar_33 = "[" + std::string(33, '1') + "]";
    const std::string deepest = std::string(16, '[') + std::string(16, ']');
    const std::string cases[] = {"{}",
                                 "[]",
                                 " [ ] ",
                                 "\"\"",
                                 "0",
                                 "-0",
                                 "1.5e-3",
                                 "01",
                                 "1.",
                                 ".5",
                                 "-",
                                 "1e",
                                 "1e+",
                                 "true",
                                 "tru",
                                 "truex",
                                 "nul",
                                 "null ",
                                 "[1 2]",
                                 "[1,]",
                                 "[,1]",
                                 "{\"a\"}",
                                 "{\"a\":}",
                                 "{\"a\":1,}",
                                 "{,}",
                                 "{\"a\" : 1 , \"b\" : [true,false,null]}",
                                 "{\"a\":1]",
                                 "[1}",
                                 "\"a\\u00e9\\ud83d\\ude00\"",
                                 "\"\\ud800\"",
                                 "\"\\ud800\\n\"",
                                 "\"\\ud800\\x\"",
                                 "\"\\u12\"",
                                 "\"\\u12g4\"",
                                 "\"\\q\"",
                                 "\"a\tb\"",
                                 "\"\x7f\"",
                                 "\"\xff\xfe\"",
                                 "\"\xe2\x82\"\"",
                                 "\"cut",
                                 "\"cut\\",
                                 "[\"a\"",
                                 "[1",
                                 "[tru",
                                 "{\"a\":1",
                                 "1 2",
                                 "1}",
                                 "{} x",
                                 "x",
                                 "",
                                 "   ",
                                 "\x00",
                                 scalar_32,
                                 scalar_33,
                                 "123456789012345678901234567890123",
                                 deepest,
                                 "[" + deepest + "]",
                                 "{\"a\":" + deepest + "}",
                                 "[[[[[[[[[[[[[[[[{}]]]]]]]]]]]]]]]]"};
    for (const std::string& json : cases) {
        const Status expected = parser_verdict(json);
        if (net::json::validate(json) != expected) FAIL(("validate disagrees on " + json).c_str());
    }
    // Every status occurs, so the comparison covers each verdict.
    CHECK_EQUAL(Status::kOk, net::json::validate(deepest));
    CHECK_EQUAL(Status::kTooLarge, net::json::validate("[" + deepest + "]"));
    CHECK_EQUAL(Status::kTooLarge, net::json::validate(scalar_33));
    CHECK_EQUAL(Status::kCorrupt, net::json::validate("\"\\u12g4\""));
}

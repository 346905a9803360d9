// What the client writes as JSON: escaping, the bounded writer, the streamed text body.
#include <cstring>
#include <string>

#include "net/json/json_escape.h"
#include "net/json/json_text_source.h"
#include "net/json/json_writer.h"
#include "tests/support/drain_source.h"

#include <CppUTest/TestHarness.h>

using hal::Status;

TEST_GROUP(JsonWriting){};

TEST(JsonWriting, EscapesQuotesBackslashesAndControls) {
    char out[128];
    net::json::JsonWriter w{hal::CharSpan(out)};
    w.begin_object().string("t", "a\"b\\c\n\t\x01\x1f/\xC3\xA9").end_object();
    CHECK_EQUAL(Status::kOk, w.status());
    STRCMP_EQUAL(R"({"t":"a\"b\\c\n\t\u0001\u001f/)"
                 "\xC3\xA9"
                 R"("})",
                 std::string(w.view()).c_str());
    CHECK_EQUAL(std::strlen(R"(a\"b\\c\n\t\u0001\u001f/)") + 2,
                net::json::json_escaped_length("a\"b\\c\n\t\x01\x1f/\xC3\xA9"));
}

TEST(JsonWriting, NestsObjectsArraysAndNumbers) {
    char out[128];
    net::json::JsonWriter w{hal::CharSpan(out)};
    w.begin_object().integer("n", -12).boolean("b", true).begin_array("ids");
    w.integer(1).integer(2).end_array().begin_object("o").string("k", "v").end_object();
    w.end_object();
    CHECK_EQUAL(Status::kOk, w.status());
    STRCMP_EQUAL(R"({"n":-12,"b":true,"ids":[1,2],"o":{"k":"v"}})", std::string(w.view()).c_str());
}

TEST(JsonWriting, ABodyThatDoesNotFitOrIsNotUtf8Fails) {
    char small[8];
    net::json::JsonWriter tight{hal::CharSpan(small)};
    tight.begin_object().string("key", "value").end_object();
    CHECK_EQUAL(Status::kBufferTooSmall, tight.status());
    char out[64];
    net::json::JsonWriter bad{hal::CharSpan(out)};
    bad.begin_object().string("k", "\xFF").end_object();
    CHECK_EQUAL(Status::kInvalidArgument, bad.status());
    net::json::JsonWriter open{hal::CharSpan(out)};
    open.begin_object();
    CHECK_EQUAL(Status::kInvalidArgument, open.status());
}

TEST(JsonWriting, TheStreamedTextBodyIsTheSameInAnyPieceSize) {
    const std::string text =
        "Quote \" backslash \\ newline \n tab \t ctrl \x02 end \xF0\x9F\x98\x80";
    const std::string expected = std::string(R"({"message":"Quote \" backslash \\ newline \n)") +
                                 R"( tab \t ctrl \u0002 end )" + "\xF0\x9F\x98\x80" +
                                 R"(","typeId":1})";
    for (size_t piece = 1; piece <= 20; ++piece) {
        net::json::JsonTextSource source("{\"message\":", text, ",\"typeId\":1}");
        CHECK_EQUAL(expected.size(), source.length());
        STRCMP_EQUAL(expected.c_str(), test::drain(source, source.length(), piece).c_str());
        CHECK_EQUAL(Status::kOk, source.rewind());
        STRCMP_EQUAL(expected.c_str(), test::drain(source, source.length(), 64).c_str());
    }
}

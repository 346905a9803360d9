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

namespace {

// A text read through net::text::TextReader in reads of at most `max_read` bytes (as
// from flash), failing from read number `fail_from` on.
class PieceReader final : public net::text::TextReader {
  public:
    PieceReader(std::string_view text, size_t max_read, int fail_from = -1)
        : text_(text), max_read_(max_read), fail_from_(fail_from) {}
    size_t size() const override { return text_.size(); }
    hal::Result<size_t> read(size_t offset, hal::CharSpan out) const override {
        if (fail_from_ >= 0 && reads_ >= fail_from_) return Status::kFlashError;
        ++reads_;
        const size_t left = offset < text_.size() ? text_.size() - offset : 0;
        size_t n = left < out.size() ? left : out.size();
        if (n > max_read_) n = max_read_;
        for (size_t i = 0; i < n; ++i)
            out[i] = text_[offset + i];
        return n;
    }
    mutable int reads_ = 0;

  private:
    std::string_view text_;
    size_t max_read_;
    int fail_from_;
};

}  // namespace

TEST(JsonWriting, AStreamedTextReadThroughAReaderIsTheSameBody) {
    std::string text;
    for (int i = 0; i < 40; ++i)
        text += "Quote \" \\ \n \x01 caf\xC3\xA9 \xF0\x9F\x98\x80 ";
    net::json::JsonTextSource whole("{\"message\":", std::string_view(text), ",\"typeId\":4}");
    const std::string expected = test::drain(whole, whole.length(), 4096);
    for (const size_t max_read : {1U, 5U, 32U, 1000U}) {
        for (const size_t piece : {1U, 3U, 64U, 2048U}) {
            PieceReader reader(text, max_read);
            net::json::JsonTextSource source("{\"message\":", reader, ",\"typeId\":4}");
            CHECK_EQUAL(Status::kOk, source.status());
            CHECK_EQUAL(expected.size(), source.length());
            CHECK(expected == test::drain(source, source.length(), piece));
            CHECK_EQUAL(Status::kOk, source.rewind());  // a resend reads the text again
            CHECK(expected == test::drain(source, source.length(), piece));
        }
    }
}

TEST(JsonWriting, AFailingTextReadIsReportedWhileMeasuringOrWhileSending) {
    const std::string text(500, 'x');
    PieceReader measuring(text, 32, 3);
    const net::json::JsonTextSource unmeasured("{\"message\":", measuring, "}");
    CHECK_EQUAL(Status::kFlashError, unmeasured.status());

    PieceReader sending(text, 32, 20);  // 16 reads measure; the 5th read while sending fails
    net::json::JsonTextSource source("{\"message\":", sending, "}");
    CHECK_EQUAL(Status::kOk, source.status());
    uint8_t out[64];
    Status failed = Status::kOk;
    for (int i = 0; i < 100 && failed == Status::kOk; ++i)
        failed = source.read(hal::ByteSpan(out)).status();
    CHECK_EQUAL(Status::kFlashError, failed);
}

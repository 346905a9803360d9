// JsonStream (net/json/json_stream.h): the grammar, the events in order, strings in
// pieces at character boundaries however the input is cut, escapes and surrogates, the
// limits (depth, scalar length, key length) and what fails closed.
#include <string>
#include <vector>

#include "net/json/json_integer.h"
#include "net/json/json_stream.h"
#include "net/text/utf8.h"

#include <CppUTest/TestHarness.h>

using hal::Status;

namespace {

// Every event as text: "{", "}", "[", "k:<key>", "s:<string>" (pieces joined), "v:<token>".
class Events final : public net::json::StreamEvents {
  public:
    void on_open(bool object) override { log.push_back(object ? "{" : "["); }
    void on_close() override { log.push_back("}"); }
    void on_key(std::string_view key) override { log.push_back("k:" + std::string(key)); }
    void on_string(std::string_view piece, bool last) override {
        CHECK_TRUE(piece.size() <= net::json::kStringPieceSize);
        CHECK_TRUE(net::text::count_code_points(piece).ok());
        if (!piece.empty()) ++pieces;
        text += piece;
        if (!last) return;
        log.push_back("s:" + text);
        text.clear();
    }
    void on_scalar(std::string_view token) override { log.push_back("v:" + std::string(token)); }
    std::vector<std::string> log;
    std::string text;
    size_t pieces = 0;
};

struct Parsed {
    Status status;
    std::vector<std::string> log;
    size_t pieces;
};

Parsed parse(const std::string& json, size_t piece = std::string::npos) {
    Events events;
    net::json::JsonStream stream(events);
    for (size_t at = 0; at < json.size(); at += piece)
        stream.feed(json.substr(at, piece));
    const Status status = stream.finish();
    return Parsed{status, events.log, events.pieces};
}

std::string joined(const std::vector<std::string>& log) {
    std::string out;
    for (const std::string& e : log)
        out += e + " ";
    return out;
}

}  // namespace

TEST_GROUP(JsonStream){};

TEST(JsonStream, ReportsEveryValueInOrderHoweverTheInputIsCut) {
    const std::string json = R"( {"a":[1,-2.5e3,true,false,null,[]],"b":{},"c":"x\"y"} )";
    const std::string expected =
        "{ k:a [ v:1 v:-2.5e3 v:true v:false v:null [ } } k:b { } k:c s:x\"y } ";
    for (const size_t piece : {std::string::npos, size_t{1}, size_t{2}, size_t{5}}) {
        const Parsed p = parse(json, piece);
        CHECK_EQUAL(Status::kOk, p.status);
        STRCMP_EQUAL(expected.c_str(), joined(p.log).c_str());
    }
}

TEST(JsonStream, ALongStringComesInPiecesEndingOnCharacters) {
    std::string text;
    for (int i = 0; i < 1000; ++i)
        text += "a\xC3\xA9\xE4\xB8\xAD\xF0\x9F\x98\x80";  // 1, 2, 3 and 4 bytes
    for (const size_t piece : {std::string::npos, size_t{1}, size_t{3}, size_t{100}}) {
        const Parsed p = parse("\"" + text + "\"", piece);
        CHECK_EQUAL(Status::kOk, p.status);
        CHECK_TRUE(p.log.at(0) == "s:" + text);
        CHECK_TRUE(p.pieces >= text.size() / net::json::kStringPieceSize);
    }
}

TEST(JsonStream, EscapesAndSurrogatePairsDecode) {
    const Parsed p = parse(R"("\"\\\/\b\f\n\r\t\u0041\u00e9\u4e2d\ud83d\ude00")", 1);
    CHECK_EQUAL(Status::kOk, p.status);
    CHECK_TRUE(p.log.at(0) == "s:\"\\/\b\f\n\r\tA\xC3\xA9\xE4\xB8\xAD\xF0\x9F\x98\x80");
}

TEST(JsonStream, BrokenUnicodeBecomesReplacementCharacters) {
    const std::string fffd = "\xEF\xBF\xBD";
    // Overlong, surrogate and out-of-range UTF-8; a stray continuation; lone surrogates.
    const Parsed p =
        parse("[\"\xC0\xAF|\xED\xA0\x80|\xF4\x90\x80\x80|\x80|\\udc00|\\ud800\\u0041\"]", 1);
    CHECK_EQUAL(Status::kOk, p.status);
    CHECK_TRUE(p.log.at(1) == "s:" + fffd + fffd + "|" + fffd + fffd + fffd + "|" + fffd + fffd +
                                  fffd + fffd + "|" + fffd + "|" + fffd + "|" + fffd + "A");
}

TEST(JsonStream, KeysAreKeptToTheirBoundAndLongerOnesMatchNothing) {
    const std::string longer(net::json::kMaxKeyLength + 10, 'k');
    const Parsed p = parse("{\"" + longer + "\":1}");
    CHECK_EQUAL(Status::kOk, p.status);
    CHECK_EQUAL(net::json::kMaxKeyLength + 1 + 2, p.log.at(1).size());
}

TEST(JsonStream, WhatIsNotJsonFailsClosed) {
    const char* const broken[] = {
        "",   "{",  "[1,]",  "{\"a\" 1}", "{\"a\":1,}", "[1 2]",   "01",          "1.",
        "-",  "1e", "tru",   "nul l",     "\"a",        "\"\\x\"", "\"\\u12g4\"", "{} {}",
        "[}", "{]", "{1:2}", "'a'",       "\"a\x01b\"", "[.5]",    "+1",          "[\"\\u00\"]",
    };
    for (const char* json : broken) {
        const Parsed p = parse(json);
        CHECK_EQUAL_TEXT(Status::kCorrupt, p.status, json);
    }
}

TEST(JsonStream, DepthAndScalarLengthAreLimits) {
    CHECK_EQUAL(Status::kOk, parse(std::string(net::json::kMaxDepth, '[') +
                                   std::string(net::json::kMaxDepth, ']'))
                                 .status);
    CHECK_EQUAL(Status::kTooLarge, parse(std::string(net::json::kMaxDepth + 1, '[')).status);
    CHECK_EQUAL(Status::kOk, parse(std::string(net::json::kMaxScalarLength, '1')).status);
    CHECK_EQUAL(Status::kTooLarge, parse(std::string(net::json::kMaxScalarLength + 1, '1')).status);
}

TEST(JsonStream, ResetStartsANewDocument) {
    Events events;
    net::json::JsonStream stream(events);
    stream.feed("{\"a\":");
    stream.reset();
    stream.feed("[true]");
    CHECK_EQUAL(Status::kOk, stream.finish());
    STRCMP_EQUAL("{ k:a [ v:true } ", joined(events.log).c_str());
}

TEST_GROUP(JsonInteger){};

TEST(JsonInteger, NumberTokensThatAreWholeNumbers) {
    CHECK_EQUAL(12, net::json::integer_from_number("12").value());
    CHECK_EQUAL(-3, net::json::integer_from_number("-3").value());
    CHECK_EQUAL(12, net::json::integer_from_number("12.000").value());
    CHECK_EQUAL(12, net::json::integer_from_number("1.2e1").value());
    CHECK_EQUAL(1500, net::json::integer_from_number("1.5E+3").value());
    CHECK_EQUAL(0, net::json::integer_from_number("0e-400").value());
    CHECK_EQUAL(INT64_MAX, net::json::integer_from_number("9223372036854775807").value());
    CHECK_EQUAL(INT64_MIN, net::json::integer_from_number("-9223372036854775808").value());
    const char* const not_whole[] = {"1.5", "5e-1", "9223372036854775808", "1e19", "", "-", "1e",
                                     "a",   "1.2.3"};
    for (const char* token : not_whole) {
        CHECK_FALSE_TEXT(net::json::integer_from_number(token).ok(), token);
    }
}

TEST(JsonInteger, NumericStrings) {
    CHECK_EQUAL(10744, net::json::parse_integer_text("10744").value());
    CHECK_EQUAL(-5, net::json::parse_integer_text("-5").value());
    CHECK_FALSE(net::json::parse_integer_text("12a").ok());
    CHECK_FALSE(net::json::parse_integer_text(" 1").ok());
    CHECK_FALSE(net::json::parse_integer_text("").ok());
    CHECK_FALSE(net::json::parse_integer_text("9223372036854775808").ok());
}

#include <string>

#include "net/json/json_document.h"
#include "tests/support/alloc_guard.h"

#include <CppUTest/TestHarness.h>

namespace {
alignas(16) uint8_t g_arena[4096];
}  // namespace

TEST_GROUP(JsonDocument) {
    net::json::JsonDocument doc{hal::ByteSpan(g_arena)};
};

TEST(JsonDocument, ReadsStringsAndIntegersGivenEitherWay) {
    const hal::Status parsed = doc.parse(R"({"a":"42","b":42,"c":"x","d":-7,"e":"-9"})");
    CHECK_EQUAL(hal::Status::kOk, parsed);
    const net::json::Value root = doc.root();
    CHECK_EQUAL(42, root["a"].as_int64().value());
    CHECK_EQUAL(42, root["b"].as_int64().value());
    CHECK_EQUAL(-7, root["d"].as_int64().value());
    CHECK_EQUAL(-9, root["e"].as_int64().value());
    STRCMP_EQUAL("x", std::string(root["c"].as_string().value()).c_str());
    CHECK_EQUAL(hal::Status::kInvalidArgument, root["c"].as_int64().status());
    CHECK_EQUAL(hal::Status::kInvalidArgument, root["b"].as_string().status());
    CHECK_FALSE(root["missing"].present());
}

TEST(JsonDocument, IssuedAtInMillisecondsNeedsSixtyFourBits) {
    CHECK_EQUAL(hal::Status::kOk, doc.parse(R"({"s":"1521039195424","n":1521039195424})"));
    CHECK_EQUAL(1521039195424LL, doc.root()["s"].as_int64().value());
    CHECK_EQUAL(1521039195424LL, doc.root()["n"].as_int64().value());
}

TEST(JsonDocument, RefusesIntegersThatWouldBeRoundedOrOverflow) {
    CHECK_EQUAL(hal::Status::kOk,
                doc.parse(R"({"f":1.5,"big":"9223372036854775808","max":"9223372036854775807",)"
                          R"("min":"-9223372036854775808","huge":1e300,"sp":" 1","empty":""})"));
    const net::json::Value root = doc.root();
    CHECK_EQUAL(hal::Status::kInvalidArgument, root["f"].as_int64().status());
    CHECK_EQUAL(hal::Status::kInvalidArgument, root["big"].as_int64().status());
    CHECK_EQUAL(INT64_MAX, root["max"].as_int64().value());
    CHECK_EQUAL(INT64_MIN, root["min"].as_int64().value());
    CHECK_EQUAL(hal::Status::kInvalidArgument, root["huge"].as_int64().status());
    CHECK_EQUAL(hal::Status::kInvalidArgument, root["sp"].as_int64().status());
    CHECK_EQUAL(hal::Status::kInvalidArgument, root["empty"].as_int64().status());
}

TEST(JsonDocument, WalksArrays) {
    CHECK_EQUAL(hal::Status::kOk, doc.parse(R"({"list":[1,"2",{"x":3}]})"));
    const net::json::Value list = doc.root()["list"];
    CHECK_TRUE(list.is_array());
    CHECK_EQUAL(3U, list.size());
    CHECK_EQUAL(2, list.at(1).as_int64().value());
    CHECK_EQUAL(3, list.at(2)["x"].as_int64().value());
    CHECK_FALSE(list.at(3).present());
    CHECK_EQUAL(0U, doc.root().size());
}

TEST(JsonDocument, MalformedTextIsCorrupt) {
    CHECK_EQUAL(hal::Status::kCorrupt, doc.parse(R"({"a":)"));
    CHECK_FALSE(doc.root().present());
    CHECK_EQUAL(hal::Status::kCorrupt, doc.parse(""));
}

TEST(JsonDocument, DeepNestingIsRefusedBeforeParsing) {
    const std::string deep =
        std::string(net::json::kMaxDepth + 1, '[') + std::string(net::json::kMaxDepth + 1, ']');
    CHECK_EQUAL(hal::Status::kTooLarge, doc.parse(deep));
    const std::string ok =
        std::string(net::json::kMaxDepth, '[') + std::string(net::json::kMaxDepth, ']');
    CHECK_EQUAL(hal::Status::kOk, doc.parse(ok));
}

TEST(JsonDocument, BracketsInsideStringsDoNotCountAsNesting) {
    const std::string text = "{\"s\":\"" + std::string(100, '[') + "\\\"[[[\"}";
    CHECK_FALSE(net::json::nests_deeper_than(text, 1));
    CHECK_EQUAL(hal::Status::kOk, doc.parse(text));
}

TEST(JsonDocument, InputLargerThanTheArenaIsRefused) {
    const std::string big = "\"" + std::string(sizeof g_arena, 'x') + "\"";
    CHECK_EQUAL(hal::Status::kTooLarge, doc.parse(big));
}

TEST(JsonDocument, ArenaExhaustionIsReportedNotACrash) {
    alignas(16) static uint8_t small[256];
    net::json::JsonDocument tiny{hal::ByteSpan(small)};
    CHECK_EQUAL(hal::Status::kOutOfMemory, tiny.parse(R"([1,2,3,4,5,6,7,8,9,10,11,12])"));
    CHECK_FALSE(tiny.root().present());
}

TEST(JsonDocument, ParsingAllocatesNothingFromTheHeap) {
    size_t allocations = 0;
    hal::Status parsed = hal::Status::kInternal;
    {
        test::AllocGuard guard;
        parsed = doc.parse(R"({"access_token":"abc","expires_in":"3599","list":[1,2,3]})");
        allocations = guard.allocations();
    }
    CHECK_EQUAL(hal::Status::kOk, parsed);
    CHECK_EQUAL(0U, allocations);
    CHECK(doc.arena_used() > 0);
}

TEST(JsonDocument, ANewParseReusesTheArena) {
    CHECK_EQUAL(hal::Status::kOk, doc.parse(R"({"a":[1,2,3,4,5]})"));
    const size_t first = doc.arena_used();
    CHECK_EQUAL(hal::Status::kOk, doc.parse(R"({"a":[1,2,3,4,5]})"));
    CHECK_EQUAL(first, doc.arena_used());
}

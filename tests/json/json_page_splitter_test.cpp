// JsonPageSplitter: elements and members found in any order and any fragmentation,
// strings and escapes never mistaken for structure, oversize parts reported without
// losing the rest, broken bodies refused.
#include <string>
#include <vector>

#include "net/json/json_page_splitter.h"

#include <CppUTest/TestHarness.h>

using hal::Status;
using net::json::JsonPageSplitter;

namespace {

constexpr std::string_view kDataKey = "data";  // the element key of every body here

class Recorder final : public net::json::SplitterListener {
  public:
    bool wants_member(std::string_view key) override {
        for (const std::string& w : wanted) {
            if (w == key) return true;
        }
        return false;
    }
    void on_member(std::string_view key, std::string_view json) override {
        events.push_back("M " + std::string(key) + "=" + std::string(json));
    }
    void on_oversize_member(std::string_view key) override {
        events.push_back("M! " + std::string(key));
    }
    void on_element(std::string_view json) override { events.push_back("E " + std::string(json)); }
    void on_oversize_element(std::string_view prefix, uint64_t size) override {
        events.push_back("E! " + std::to_string(size) + " " + std::string(prefix));
    }
    std::vector<std::string> wanted{"paging", "status"};
    std::vector<std::string> events;
};

struct Split {
    std::vector<std::string> events;
    Status status;
};

// Feeds `body` in pieces of `piece` bytes (0: whole) through a `capacity`-byte buffer.
Split split(const std::string& body, size_t piece = 0, size_t capacity = 256) {
    std::vector<char> capture(capacity);
    Recorder recorder;
    JsonPageSplitter splitter(hal::CharSpan(capture.data(), capture.size()), kDataKey, recorder);
    const size_t step = piece == 0 ? body.size() + 1 : piece;
    for (size_t at = 0; at < body.size(); at += step)
        splitter.feed(std::string_view(body).substr(at, step));
    return Split{recorder.events, splitter.finish()};
}

std::string joined(const std::vector<std::string>& events) {
    std::string out;
    for (const std::string& e : events)
        out += e + "\n";
    return out;
}

const char* const kPage =
    R"({"data":[{"id":1,"message":"a"},{"id":2,"message":"b"}],)"
    R"("paging":{"before":"/messages/before:1","after":""},"status":"SUCCESS"})";
const char* const kPageEvents =
    "E {\"id\":1,\"message\":\"a\"}\n"
    "E {\"id\":2,\"message\":\"b\"}\n"
    "M paging={\"before\":\"/messages/before:1\",\"after\":\"\"}\n"
    "M status=\"SUCCESS\"\n";

}  // namespace

TEST_GROUP(JsonPageSplitter){};

TEST(JsonPageSplitter, HandsOutEachElementAndTheWantedMembers) {
    const Split s = split(kPage);
    CHECK_EQUAL(Status::kOk, s.status);
    STRCMP_EQUAL(kPageEvents, joined(s.events).c_str());
}

TEST(JsonPageSplitter, GivesTheSameResultOneByteAtATime) {
    const Split s = split(kPage, 1);
    CHECK_EQUAL(Status::kOk, s.status);
    STRCMP_EQUAL(kPageEvents, joined(s.events).c_str());
}

TEST(JsonPageSplitter, GivesTheSameResultForEveryPieceSize) {
    for (size_t piece = 1; piece < 40; ++piece) {
        const Split s = split(kPage, piece);
        CHECK_EQUAL(Status::kOk, s.status);
        STRCMP_EQUAL(kPageEvents, joined(s.events).c_str());
    }
}

TEST(JsonPageSplitter, FindsDataAfterPaging) {
    const Split s = split(R"({"status":"SUCCESS","paging":{"before":""},"data":[{"id":5}]})");
    CHECK_EQUAL(Status::kOk, s.status);
    STRCMP_EQUAL("M status=\"SUCCESS\"\nM paging={\"before\":\"\"}\nE {\"id\":5}\n",
                 joined(s.events).c_str());
}

TEST(JsonPageSplitter, BracketsQuotesAndEscapesInsideStringsAreText) {
    const std::string element =
        R"({"id":3,"message":"a ] b } c [ { \" \\ \\\" \u005d end","x":[[1,{"y":"]"}],[]]})";
    const Split s = split("{\"data\":[" + element + "," + element + "]}", 1);
    CHECK_EQUAL(Status::kOk, s.status);
    CHECK_EQUAL(2U, s.events.size());
    STRCMP_EQUAL(("E " + element).c_str(), s.events[0].c_str());
    STRCMP_EQUAL(("E " + element).c_str(), s.events[1].c_str());
}

TEST(JsonPageSplitter, KeysThatLookLikeDataInsideValuesAreNotData) {
    const Split s =
        split(R"({"other":{"data":[{"id":1}]},"text":"\"data\":[2]","data":[{"id":3}]})");
    CHECK_EQUAL(Status::kOk, s.status);
    STRCMP_EQUAL("E {\"id\":3}\n", joined(s.events).c_str());
}

TEST(JsonPageSplitter, AnOversizeElementInTheMiddleIsReportedAndTheRestDecodes) {
    const std::string big = R"({"id":77,"message":")" + std::string(300, 'x') + R"("})";
    const Split s =
        split(R"({"data":[{"id":1},)" + big + R"(,{"id":2}],"status":"SUCCESS"})", 7, 64);
    CHECK_EQUAL(Status::kOk, s.status);
    CHECK_EQUAL(4U, s.events.size());
    STRCMP_EQUAL("E {\"id\":1}", s.events[0].c_str());
    STRCMP_EQUAL(("E! " + std::to_string(big.size()) + " " + big.substr(0, 64)).c_str(),
                 s.events[1].c_str());
    STRCMP_EQUAL("E {\"id\":2}", s.events[2].c_str());
    STRCMP_EQUAL("M status=\"SUCCESS\"", s.events[3].c_str());
}

TEST(JsonPageSplitter, AnElementExactlyTheBufferSizeFits) {
    const std::string element = R"({"id":1,"m":")" + std::string(64 - 15, 'y') + R"("})";
    CHECK_EQUAL(64U, element.size());
    const Split s = split("{\"data\":[" + element + "]}", 0, 64);
    CHECK_EQUAL(Status::kOk, s.status);
    STRCMP_EQUAL(("E " + element).c_str(), s.events[0].c_str());
}

TEST(JsonPageSplitter, AnOversizeWantedMemberIsReportedByName) {
    const Split s =
        split(R"({"paging":{"before":")" + std::string(100, 'p') + R"("},"data":[1]})", 0, 32);
    CHECK_EQUAL(Status::kOk, s.status);
    STRCMP_EQUAL("M! paging\nE 1\n", joined(s.events).c_str());
}

TEST(JsonPageSplitter, DataAsOneObjectIsOneElement) {
    const Split s = split(R"({"data":{"messageId":"10743"},"status":"SUCCESS"})");
    CHECK_EQUAL(Status::kOk, s.status);
    STRCMP_EQUAL("E {\"messageId\":\"10743\"}\nM status=\"SUCCESS\"\n", joined(s.events).c_str());
}

TEST(JsonPageSplitter, DataAsAStringIsAMemberWhenWanted) {
    Recorder recorder;
    recorder.wanted = {"data"};
    char capture[32];
    JsonPageSplitter splitter(hal::CharSpan(capture), kDataKey, recorder);
    splitter.feed(R"({"data":"typing started"})");
    CHECK_EQUAL(Status::kOk, splitter.finish());
    STRCMP_EQUAL("M data=\"typing started\"\n", joined(recorder.events).c_str());
}

TEST(JsonPageSplitter, ScalarElementsEndAtTheirDelimiter) {
    const Split s = split(R"({"data":[ 12 , -3.5e2,true,null ,"s"] })", 1);
    CHECK_EQUAL(Status::kOk, s.status);
    STRCMP_EQUAL("E 12\nE -3.5e2\nE true\nE null\nE \"s\"\n", joined(s.events).c_str());
}

TEST(JsonPageSplitter, EmptyAndWhitespaceShapesAreFine) {
    CHECK_EQUAL(Status::kOk, split("{}").status);
    CHECK_EQUAL(Status::kOk, split(" \r\n\t{ \"data\" : [ ] , \"status\" : \"ERROR\" } \n").status);
    CHECK_EQUAL(0U, split(R"({"data":[]})").events.size());
}

TEST(JsonPageSplitter, BrokenBodiesAreCorrupt) {
    const char* const broken[] = {
        "",
        "<html>502 Bad Gateway</html>",
        "[1,2]",
        R"({"data":[{"id":1})",     // cut short
        R"({"data":[{"id":1}]})",   // complete
        R"({"data":[{"id":1}]}x)",  // trailing bytes
        R"({"data":[,]})",
        R"({"data" [1]})",
        R"({"data":[1] "x":2})",
        R"({"a":1}{"b":2})",
        R"({"a":tru"e"})",
        R"({"a":})",
    };
    for (size_t i = 0; i < sizeof broken / sizeof broken[0]; ++i) {
        const Status expected = i == 4 ? Status::kOk : Status::kCorrupt;
        CHECK_EQUAL_TEXT(expected, split(broken[i]).status, broken[i]);
    }
}

TEST(JsonPageSplitter, ElementsBeforeABreakAreStillHandedOut) {
    const Split s = split(R"({"data":[{"id":1},{"id":2)");
    CHECK_EQUAL(Status::kCorrupt, s.status);
    STRCMP_EQUAL("E {\"id\":1}\n", joined(s.events).c_str());
}

TEST(JsonPageSplitter, LongKeysAreSkippedNotConfused) {
    const Split s = split(R"({"a_key_much_longer_than_the_key_buffer_status":"x","data":[1]})");
    CHECK_EQUAL(Status::kOk, s.status);
    STRCMP_EQUAL("E 1\n", joined(s.events).c_str());
}

TEST(JsonPageSplitter, CountsElementsAndThePeakCapture) {
    char capture[64];
    Recorder recorder;
    JsonPageSplitter splitter(hal::CharSpan(capture), kDataKey, recorder);
    splitter.feed(R"({"data":[{"id":1},{"id":22},{"id":333}],"status":"SUCCESS"})");
    CHECK_EQUAL(Status::kOk, splitter.finish());
    CHECK_EQUAL(3U, splitter.elements_seen());
    CHECK_EQUAL(10U, splitter.peak_capture());
}

// A page of messages decoded in constant RAM: the envelope, paging and agent read,
// every element streamed through the decoder, its text handed out whole in pieces
// whatever its length or encoding; the decoder's peak RAM is the same for 1 and 50
// messages of 5 000 characters in any script or escaping.
#include <cstdio>
#include <string>
#include <vector>

#include "net/parley/message_page.h"
#include "net/parley/parley_workspace.h"
#include "net/parley/response_reader.h"
#include "tests/parley/parley_test_support.h"
#include "tests/support/alloc_guard.h"

#include <CppUTest/TestHarness.h>

using hal::Status;
using net::parley::MessagePageReader;
using net::parley::PageResult;
using net::parley::ResponseReader;
using parley_test::message_json;
using parley_test::page_json;

namespace {

net::parley::ParleyWorkspace g_work;
PageResult g_page;

struct Decoded {
    Status status;
    size_t peak_capture;
};

// Streams `body` through the reader in pieces of 1..max_piece bytes (seeded).
Decoded decode_page(const std::string& body, net::parley::MessageHandler& handler,
                    size_t max_piece = 512, uint32_t seed = 1) {
    MessagePageReader page(g_work.message, handler, &g_page);
    ResponseReader reader(g_work.capture(), &page);
    uint32_t state = seed;
    for (size_t at = 0; at < body.size();) {
        state = state * 1103515245u + 12345u;
        const size_t piece = 1 + (state >> 8) % max_piece;
        reader.feed(std::string_view(body).substr(at, piece));
        at += piece;
    }
    return Decoded{reader.finish(), reader.peak_capture()};
}

// 5 000 characters as the service might send them: ASCII (with escapes for quotes and
// newlines), two-byte UTF-8, four-byte UTF-8, and every character as a \uXXXX escape.
enum class Encoding { kAscii, kTwoByte, kFourByte, kEscaped };
constexpr Encoding kEncodings[] = {Encoding::kAscii, Encoding::kTwoByte, Encoding::kFourByte,
                                   Encoding::kEscaped};
const char* name_of(Encoding e) {
    switch (e) {
        case Encoding::kAscii:
            return "ascii";
        case Encoding::kTwoByte:
            return "2-byte";
        case Encoding::kFourByte:
            return "4-byte";
        case Encoding::kEscaped:
            return "\\uXXXX";
    }
    return "?";
}

// {"id":..,"message":"<5000 characters>",...}; `text` receives the decoded text.
std::string encoded_message(uint64_t id, Encoding e, std::string* text = nullptr) {
    std::string json_text;
    std::string decoded;
    for (size_t i = 0; i < 5000; ++i) {
        switch (e) {
            case Encoding::kAscii:
                json_text += static_cast<char>('a' + i % 26);
                decoded += static_cast<char>('a' + i % 26);
                break;
            case Encoding::kTwoByte:
                json_text += "\xC3\xA9";
                decoded += "\xC3\xA9";
                break;
            case Encoding::kFourByte:
                json_text += "\xF0\x9F\x98\x80";
                decoded += "\xF0\x9F\x98\x80";
                break;
            case Encoding::kEscaped:
                json_text += "\\u4e2d";
                decoded += "\xE4\xB8\xAD";
                break;
        }
    }
    if (text != nullptr) *text = decoded;
    return R"({"id":)" + std::to_string(id) + R"(,"time":1700000000,"message":")" + json_text +
           R"(","typeId":2,"agent":{"id":7,"name":"Anna"},"status":3})";
}

std::vector<std::string> messages(size_t count, size_t text_length) {
    std::vector<std::string> out;
    for (size_t i = 0; i < count; ++i)
        out.push_back(message_json(1000 + i, text_length));
    return out;
}

}  // namespace

TEST_GROUP(MessagePage){};

TEST(MessagePage, DeliversEveryMessageInOrderWithPaging) {
    parley_test::CollectingHandler handler;
    const Decoded d = decode_page(page_json(messages(3, 20)), handler, 5);
    CHECK_EQUAL(Status::kOk, d.status);
    CHECK_EQUAL(3U, handler.ids.size());
    CHECK_EQUAL(1000U, handler.ids[0]);
    CHECK_EQUAL(1002U, handler.ids[2]);
    CHECK_EQUAL(3U, g_page.delivered);
    CHECK_EQUAL(0U, g_page.skipped);
    CHECK_EQUAL(1002U, g_page.highest_id);
    CHECK_EQUAL(1000U, g_page.lowest_id);
    CHECK_TRUE(g_page.has_paging);
    STRCMP_EQUAL("/messages/before:1", g_page.paging.before.data);
    CHECK_EQUAL(1U, g_page.paging.before_id);
    CHECK_EQUAL(9U, g_page.paging.after_id);
}

TEST(MessagePage, ReadsPagingBeforeDataAndTheTopLevelAgent) {
    parley_test::CollectingHandler handler;
    const std::string body =
        R"({"paging":{"before":"","after":"/messages/after:10750"},)"
        R"("agent":{"id":"9","name":"Bot","avatar":null,"isTyping":true},)"
        R"("stickyMessage":{"id":1,"message":"sticky"},"welcomeMessage":"Hi!",)"
        R"("data":[)" +
        message_json(10750) + R"(],"status":"SUCCESS"})";
    CHECK_EQUAL(Status::kOk, decode_page(body, handler).status);
    CHECK_EQUAL(1U, handler.ids.size());
    CHECK_EQUAL(0U, g_page.paging.before_id);
    CHECK_TRUE(g_page.paging.before.empty());
    CHECK_EQUAL(10750U, g_page.paging.after_id);
    CHECK_TRUE(g_page.has_agent);
    STRCMP_EQUAL("Bot", g_page.agent.name.data);
    CHECK_TRUE(g_page.agent.is_typing);
}

// The old decoder skipped an element over its 12 KB capture buffer: now any size streams.
TEST(MessagePage, AMessageOfAnySizeIsDeliveredWholeBetweenTheOthers) {
    parley_test::CollectingHandler handler;
    std::vector<std::string> elements = messages(4, 100);
    elements[1] = message_json(4242, 100000);
    const Decoded d = decode_page(page_json(elements), handler);
    CHECK_EQUAL(Status::kOk, d.status);
    CHECK_EQUAL(4U, handler.ids.size());
    CHECK_EQUAL(4242U, handler.ids[1]);
    CHECK_EQUAL(100000U, handler.texts[1].size());
    CHECK_EQUAL(0U, handler.skipped_ids.size());
    CHECK_EQUAL(4U, g_page.delivered);
    CHECK(d.peak_capture < net::parley::kMaxPartJsonSize);  // paging only
}

TEST(MessagePage, ElementsThatAreNotMessagesAreSkippedWithWhatIdTheyHave) {
    parley_test::CollectingHandler handler;
    const std::string body =
        page_json({R"({"id":1})", "17", R"({"id":"x"})", R"({"id":3,"message":"ok"})",
                   R"({"id":4 "missing":"comma"})"});
    CHECK_EQUAL(Status::kOk, decode_page(body, handler).status);
    CHECK_EQUAL(2U, handler.ids.size());
    CHECK_EQUAL(3U, handler.skipped_ids.size());
    CHECK_EQUAL(0U, handler.skipped_ids[0]);
    CHECK_EQUAL(Status::kCorrupt, handler.reasons[0]);
    CHECK_EQUAL(0U, handler.skipped_ids[1]);
    CHECK_EQUAL(4U, handler.skipped_ids[2]);  // not JSON, but its id is readable
    CHECK_EQUAL(3U, g_page.skipped);
    CHECK_EQUAL(5U, g_page.delivered + g_page.skipped);
}

// The decoder's parser finds where a message ends (the splitter does not walk it again);
// where the parser breaks, the splitter's scanner takes over from where it stood. Each
// broken element holds quotes and brackets after the break, so a scanner resumed in the
// wrong state would end it in the wrong place and lose the message after it.
TEST(MessagePage, ABrokenMessageEndsWhereItsBracketsSayAndTheNextOneArrives) {
    const std::vector<std::string> broken = {
        "{\"id\":5,\"message\":\"a\x01b ]} [\",\"x\":1}",                 // control character
        R"({"id":6,"message":"\q ]}","x":[1]})",                          // unknown escape
        R"({"id":7,"t":tru,"m":"]}"})",                                   // bad literal
        R"({"id":9,"a":[[[[[[[[[[[[[[[[["]}"]]]]]]]]]]]]]]]]]})",         // too deep
        R"({"id":10,"n":123456789012345678901234567890123456,"m":"]"})",  // scalar too long
        R"({"id":11 "m":"]}"})",                                          // missing comma
        R"({"id":12,"m":"\u12","x":"]"})",                                // short \u escape
    };
    std::vector<std::string> elements = broken;
    elements.push_back(R"({"id":99,"message":"after them"})");
    const std::string body = page_json(elements);
    for (const size_t max_piece : {size_t{1}, size_t{7}, body.size()}) {
        parley_test::CollectingHandler handler;
        CHECK_EQUAL(Status::kOk, decode_page(body, handler, max_piece).status);
        CHECK_EQUAL(1U, handler.ids.size());
        CHECK_EQUAL(99U, handler.ids[0]);
        STRCMP_EQUAL("after them", handler.texts[0].c_str());
        const std::vector<uint64_t> skipped = {5, 6, 7, 9, 10, 11, 12};
        CHECK_TRUE(skipped == handler.skipped_ids);
        CHECK_EQUAL(Status::kCorrupt, handler.reasons[0]);
        CHECK_EQUAL(Status::kTooLarge, handler.reasons[3]);
        CHECK_EQUAL(Status::kTooLarge, handler.reasons[4]);
        CHECK_EQUAL(Status::kCorrupt, handler.reasons[6]);
        CHECK_EQUAL(9U, g_page.paging.after_id);  // the envelope after "data" still read
    }
}

// paging is read in one pass of the push parser (no separate check, no member lookups):
// the same answers as reading it in place — the first of a repeated key, an id given
// bare, a value that is no path, a path cut to fit, and nothing from a broken object.
TEST(MessagePage, PagingValuesOfEveryShape) {
    parley_test::CollectingHandler handler;
    const auto paging_of = [&handler](const std::string& paging) {
        CHECK_EQUAL(Status::kOk, decode_page(page_json({}, paging), handler).status);
    };
    paging_of(R"({"after":"/messages/after:7","before":12,"after":"/messages/after:8"})");
    CHECK_TRUE(g_page.has_paging);
    STRCMP_EQUAL("/messages/after:7", g_page.paging.after.data);
    CHECK_EQUAL(7U, g_page.paging.after_id);
    CHECK_TRUE(g_page.paging.before.empty());
    CHECK_EQUAL(12U, g_page.paging.before_id);

    paging_of(R"({"before":{"after":"/x:5"},"after":[1],"x":{"before":"/y:6"}})");
    CHECK_TRUE(g_page.has_paging);
    CHECK_EQUAL(0U, g_page.paging.before_id);
    CHECK_EQUAL(0U, g_page.paging.after_id);
    CHECK_TRUE(g_page.paging.after.empty());

    paging_of(R"({"before":null,"after":-3,"extra":true})");
    CHECK_TRUE(g_page.has_paging);
    CHECK_EQUAL(0U, g_page.paging.before_id);
    CHECK_EQUAL(0U, g_page.paging.after_id);

    const std::string long_path = "/messages/after:" + std::string(200, '1');
    paging_of(R"({"after":")" + long_path + R"("})");
    CHECK_TRUE(g_page.paging.after.truncated);
    CHECK_EQUAL(net::parley::kMaxPagingPathLength, g_page.paging.after.length);

    paging_of(R"({"after":"\/messages\/after:\u0031\u0030"})");  // escapes decoded
    STRCMP_EQUAL("/messages/after:10", g_page.paging.after.data);
    CHECK_EQUAL(10U, g_page.paging.after_id);

    paging_of(R"(["/messages/after:3"])");  // not an object
    CHECK_FALSE(g_page.has_paging);
}

TEST(MessagePage, TheErrorEnvelopeIsKept) {
    parley_test::CollectingHandler handler;
    ResponseReader reader(g_work.capture(), nullptr);
    reader.feed(R"({"notifications":[{"type":"error","message":"device_not_registered"},)"
                R"({"type":"error","message":"second"}],"status":"ERROR"})");
    CHECK_EQUAL(Status::kOk, reader.finish());
    CHECK_TRUE(reader.status_error());
    STRCMP_EQUAL("device_not_registered", std::string(reader.error()).c_str());
}

TEST(MessagePage, DecodingAPageAllocatesNothing) {
    parley_test::CountingHandler handler;
    const std::string body = page_json(messages(50, 5000));
    size_t allocations = 0;
    Decoded d{};
    {
        test::AllocGuard guard;
        d = decode_page(body, handler);
        allocations = guard.allocations();
    }
    CHECK_EQUAL(0U, allocations);
    CHECK_EQUAL(Status::kOk, d.status);
    CHECK_EQUAL(50U, handler.messages);
    CHECK_EQUAL(50U * 5000U, handler.text_bytes);
}

// The RAM the decoder needs: its fixed objects plus the capture buffer as far as it
// was used (for "paging": messages never pass through them). The same
// for 1 and 50 messages of 5 000 characters, in every encoding.
TEST(MessagePage, PeakRamDoesNotGrowWithThePageSizeOrTheEncoding) {
    const size_t objects = sizeof(net::parley::Message) + sizeof(ResponseReader) +
                           sizeof(MessagePageReader) + sizeof(PageResult);
    const size_t fixed = objects + net::parley::kMaxPartJsonSize;
    size_t first_peak = 0;
    for (const Encoding e : kEncodings) {
        std::string expected;
        std::vector<std::string> many_elements;
        for (uint64_t i = 0; i < 50; ++i)
            many_elements.push_back(encoded_message(1000 + i, e, &expected));
        const std::string many = page_json(many_elements);
        const std::string one = page_json({encoded_message(1000, e)});
        parley_test::CollectingHandler many_handler;
        parley_test::CollectingHandler one_handler;
        const Decoded m = decode_page(many, many_handler, 1400, 7);
        const Decoded o = decode_page(one, one_handler, 1400, 7);
        CHECK_EQUAL(Status::kOk, m.status);
        CHECK_EQUAL(50U, many_handler.texts.size());
        CHECK_EQUAL(1U, one_handler.texts.size());
        for (const std::string& text : many_handler.texts)
            CHECK_TRUE(text == expected);
        CHECK_TRUE(one_handler.texts[0] == expected);
        const size_t many_peak = objects + m.peak_capture;
        const size_t one_peak = objects + o.peak_capture;
        std::printf(
            "\n[figure] decoder-ram %-7s 50x5000=%zu 1x5000=%zu (body %zu vs %zu bytes; "
            "capture %zu; fixed ceiling %zu)",
            name_of(e), many_peak, one_peak, many.size(), one.size(), m.peak_capture, fixed);
        // Ids 1000..1049 and 1000 have the same length: the peaks are byte-for-byte equal.
        CHECK_EQUAL(one_peak, many_peak);
        if (first_peak == 0) first_peak = many_peak;
        CHECK_EQUAL(first_peak, many_peak);  // and the same in every encoding
        CHECK(many_peak <= fixed);
        CHECK(many.size() > 40 * one.size());
    }
    std::printf("\n");
    // The cJSON decoder this replaced needed 28 189 B on the host for this page.
    CHECK(first_peak < 28189);
}

TEST(MessagePage, TheLargestRealisticMessageArrivesWhole) {
    // 5000 characters of two-byte text plus every optional field at capacity.
    std::string text;
    for (size_t i = 0; i < net::parley::kMaxTextLength; ++i)
        text += "\xC3\xA9";
    std::string buttons;
    std::string replies;
    for (size_t i = 0; i < net::parley::kMaxButtons; ++i) {
        buttons += std::string(i ? "," : "") + R"({"title":"Button title )" + std::to_string(i) +
                   R"(","payload":"https://example.com/some/where/)" + std::to_string(i) +
                   R"(","type":"webUrl"})";
        replies += std::string(i ? "," : "") + "\"Quick reply " + std::to_string(i) + "\"";
    }
    const std::string element =
        R"({"id":10743,"time":1700000000,"message":")" + text + R"(","typeId":2,"status":3,)" +
        R"("agent":{"id":12,"name":"Anna de Vries","avatar":"https://cdn.example.com/a.png",)" +
        R"("isTyping":false},"title":"A title","image":null,"media":{"id":"2024/01/15/f.pdf",)" +
        R"("mimeType":"application/pdf","year":2024,"month":1,"day":15,"filename":"f.pdf",)" +
        R"("description":"An invoice"},"buttons":[)" + buttons + R"(],"quickReplies":[)" + replies +
        R"(],"carousel":[]})";
    parley_test::CollectingHandler handler;
    const Decoded d = decode_page(page_json({element}), handler);
    CHECK_EQUAL(Status::kOk, d.status);
    CHECK_EQUAL(1U, handler.ids.size());
    CHECK_TRUE(handler.texts[0] == text);
    std::printf("\n[figure] largest-message json=%zu capture=%zu\n", element.size(),
                d.peak_capture);
}

TEST(MessagePage, IdsInPagingPathsAndRawJson) {
    CHECK_EQUAL(10737U, net::parley::id_from_text("/messages/before:10737"));
    CHECK_EQUAL(12U, net::parley::id_from_text("\"12\""));
    CHECK_EQUAL(12U, net::parley::id_from_text("12"));
    CHECK_EQUAL(0U, net::parley::id_from_text(""));
    CHECK_EQUAL(0U, net::parley::id_from_text("/messages/before:"));
    CHECK_EQUAL(0U, net::parley::id_from_text("/messages/before:12x"));
    CHECK_EQUAL(0U, net::parley::id_from_text("99999999999999999999999"));
}

// The message model of docs/protocol.md §7: every field, numbers given as strings, nulls,
// unknown fields, overlong small values cut at a character boundary, lists over capacity;
// and the text, streamed whole in pieces whatever its length, script or escaping.
#include <string>

#include "net/json/json_stream.h"
#include "net/parley/message_decoder.h"
#include "net/text/utf8.h"
#include "tests/support/received_message.h"

#include <CppUTest/TestHarness.h>

using hal::Status;
using net::parley::ButtonType;
using net::parley::DeliveryStatus;
using net::parley::Message;
using net::parley::MessageType;

namespace {

const char* const kFull = R"({
  "id": 10743, "time": 1700000123, "message": "Hello \"you\"\n\u00e9\ud83d\ude00",
  "typeId": 2, "status": 4,
  "agent": {"id": 12, "name": "Anna", "avatar": "https://cdn.example/a.png", "isTyping": true},
  "title": "Welcome", "image": "/images/legacy.png",
  "media": {"id": "2024/01/15/abc.pdf", "mimeType": "application/pdf", "year": 2024,
            "month": "01", "day": 15, "filename": "abc.pdf", "description": "Invoice"},
  "buttons": [{"title": "Open", "payload": "https://example.com", "type": "webUrl"},
              {"title": "Call", "payload": "+31201234567", "type": "phoneNumber"},
              {"title": "Yes", "payload": "yes", "type": "reply"},
              {"title": "Odd", "payload": "?", "type": "hologram"}],
  "quickReplies": ["Yes", "No", 3, "Maybe"],
  "carousel": [{"message": "a"}, {"message": "b"}],
  "somethingNew": {"nested": [1, 2, {"deep": true}]}
})";

}  // namespace

// Checks what the decoder promises of every piece: not empty, at most one piece buffer,
// valid UTF-8 (so never ending inside a character).
class CheckedMessage final : public net::parley::MessageHandler {
  public:
    void on_text(std::string_view piece) override {
        CHECK_FALSE(piece.empty());
        CHECK_TRUE(piece.size() <= net::json::kStringPieceSize);
        CHECK_TRUE(net::text::count_code_points(piece).ok());
        got.on_text(piece);
    }
    void on_message(const Message& m) override {
        LONGS_EQUAL(got.streamed.pending().size(), m.text_bytes);
        got.on_message(m);
    }
    void on_skipped(uint64_t id, Status reason) override { got.on_skipped(id, reason); }
    test::ReceivedMessage got;
};

TEST_GROUP(MessageDecoder) {
    CheckedMessage checked;
    Message scratch;
    const Message& g_message = checked.got.message;
    // Decodes `json` in pieces of `piece` bytes (whole by default): kOk when it was handed
    // to on_message, else the reason given to on_skipped.
    Status decode(const std::string& json, size_t piece = std::string::npos) {
        checked.got.skip_reason = Status::kOk;
        const int before = checked.got.count;
        net::parley::MessageDecoder decoder(scratch, checked);
        decoder.begin();
        for (size_t at = 0; at < json.size(); at += piece)
            decoder.feed(json.substr(at, piece));
        decoder.end();
        if (checked.got.count == before + 1) return Status::kOk;
        return checked.got.skip_reason;
    }
    const std::string& text() const {
        return checked.got.text;
    }
};

TEST(MessageDecoder, ReadsEveryFieldOfTheModel) {
    CHECK_EQUAL(Status::kOk, decode(kFull));
    const Message& m = g_message;
    CHECK_EQUAL(10743U, m.id);
    CHECK_EQUAL(1700000123, m.time);
    CHECK_TRUE(m.has_text);
    STRCMP_EQUAL("Hello \"you\"\n\xC3\xA9\xF0\x9F\x98\x80", text().c_str());
    LONGS_EQUAL(text().size(), m.text_bytes);
    CHECK(m.type == MessageType::kAgent);
    CHECK_EQUAL(2, m.type_id);
    CHECK(m.status == DeliveryStatus::kRead);
    CHECK_TRUE(m.agent.present);
    STRCMP_EQUAL("12", m.agent.id.data);
    STRCMP_EQUAL("Anna", m.agent.name.data);
    STRCMP_EQUAL("https://cdn.example/a.png", m.agent.avatar.data);
    CHECK_TRUE(m.agent.is_typing);
    STRCMP_EQUAL("Welcome", m.title.data);
    STRCMP_EQUAL("/images/legacy.png", m.image.data);
    CHECK_TRUE(m.media.present);
    STRCMP_EQUAL("2024/01/15/abc.pdf", m.media.id.data);
    STRCMP_EQUAL("application/pdf", m.media.mime_type.data);
    STRCMP_EQUAL("2024", m.media.year.data);
    STRCMP_EQUAL("01", m.media.month.data);
    STRCMP_EQUAL("15", m.media.day.data);
    STRCMP_EQUAL("abc.pdf", m.media.filename.data);
    STRCMP_EQUAL("Invoice", m.media.description.data);
    CHECK_EQUAL(4, m.button_count);
    STRCMP_EQUAL("Open", m.buttons[0].title.data);
    STRCMP_EQUAL("https://example.com", m.buttons[0].payload.data);
    CHECK(m.buttons[0].type == ButtonType::kWebUrl);
    CHECK(m.buttons[1].type == ButtonType::kPhoneNumber);
    CHECK(m.buttons[2].type == ButtonType::kReply);
    CHECK(m.buttons[3].type == ButtonType::kUnknown);
    CHECK_EQUAL(3, m.quick_reply_count);  // the number 3 is not a reply
    STRCMP_EQUAL("Maybe", m.quick_replies[2].data);
    CHECK_EQUAL(2, m.carousel_count);
    STRCMP_EQUAL("a", m.carousel[0].text.data);
    STRCMP_EQUAL("b", m.carousel[1].text.data);
    for (uint8_t i = 0; i < m.button_count; ++i)
        CHECK_EQUAL(0, m.buttons[i].item);  // the message's own
    CHECK_FALSE(m.truncated());
}

// Carousel items keep their title, text and buttons (with the message's, marked with the
// item's number); what else an item holds, nested or repeated, is read past.
TEST(MessageDecoder, CarouselItemsKeepTitlesTextsAndButtons) {
    CHECK_EQUAL(Status::kOk, decode(R"({"id":5,
      "carousel":[
        {"title":"Basic","message":"10 GB","image":"/x.png","media":{"title":"no"},
         "buttons":[{"title":"Choose Basic","payload":"plan-basic","type":"reply"},
                    {"title":"Details","payload":"https://kpn.example/b","type":"webUrl"}],
         "title":"ignored repeat","extra":{"buttons":[{"title":"deep"}]}},
        "not an item",
        {"buttons":[{"title":"Choose Premium","type":"reply"}],"title":"Premium"}],
      "buttons":[{"title":"Own","payload":"own","type":"reply"}]})",
                                    7));
    const Message& m = g_message;
    CHECK_EQUAL(3, m.carousel_count);  // the string is counted, kept empty
    CHECK_EQUAL(3U, m.kept_carousel_items());
    STRCMP_EQUAL("Basic", m.carousel[0].title.data);
    STRCMP_EQUAL("10 GB", m.carousel[0].text.data);
    STRCMP_EQUAL("", m.carousel[1].title.data);
    STRCMP_EQUAL("Premium", m.carousel[2].title.data);
    CHECK_EQUAL(4, m.button_count);
    STRCMP_EQUAL("Choose Basic", m.buttons[0].title.data);
    STRCMP_EQUAL("plan-basic", m.buttons[0].payload.data);
    CHECK(m.buttons[0].type == ButtonType::kReply);
    CHECK_EQUAL(1, m.buttons[0].item);
    CHECK(m.buttons[1].type == ButtonType::kWebUrl);
    CHECK_EQUAL(1, m.buttons[1].item);
    STRCMP_EQUAL("Choose Premium", m.buttons[2].title.data);
    CHECK_EQUAL(3, m.buttons[2].item);
    STRCMP_EQUAL("Own", m.buttons[3].title.data);
    CHECK_EQUAL(0, m.buttons[3].item);
    CHECK_FALSE(m.truncated());
}

TEST(MessageDecoder, CarouselItemsOverCapacityAreCountedAndFlagged) {
    std::string items;
    for (size_t i = 0; i < net::parley::kMaxCarouselItems + 2; ++i)
        items += std::string(i ? "," : "") + R"({"title":"t)" + std::to_string(i) +
                 R"(","buttons":[{"title":"b)" + std::to_string(i) + R"(","type":"reply"}]})";
    CHECK_EQUAL(Status::kOk, decode(R"({"id":6,"carousel":[)" + items + "]}"));
    const Message& m = g_message;
    CHECK_EQUAL(net::parley::kMaxCarouselItems + 2, m.carousel_count);
    CHECK_EQUAL(net::parley::kMaxCarouselItems, m.kept_carousel_items());
    STRCMP_EQUAL("t0", m.carousel[0].title.data);
    // Only the kept items' buttons are kept: a button never names an item that is not.
    CHECK_EQUAL(net::parley::kMaxCarouselItems, m.button_count);
    CHECK_EQUAL(net::parley::kMaxCarouselItems, m.buttons[m.button_count - 1].item);
    CHECK_TRUE(m.truncated());
    // A newer message starts with no items.
    CHECK_EQUAL(Status::kOk, decode(R"({"id":7})"));
    CHECK_EQUAL(0, g_message.carousel_count);
    STRCMP_EQUAL("", g_message.carousel[0].title.data);
    CHECK_EQUAL(0, g_message.button_count);
}

TEST(MessageDecoder, AcceptsNumbersGivenAsStrings) {
    CHECK_EQUAL(Status::kOk,
                decode(R"({"id":"10744","time":"1700000000","typeId":"1","status":"2",)"
                       R"("agent":{"id":"agent-7","isTyping":"1"}})"));
    CHECK_EQUAL(10744U, g_message.id);
    CHECK_EQUAL(1700000000, g_message.time);
    CHECK(g_message.type == MessageType::kUser);
    CHECK(g_message.status == DeliveryStatus::kReceived);
    STRCMP_EQUAL("agent-7", g_message.agent.id.data);
    CHECK_TRUE(g_message.agent.is_typing);
}

TEST(MessageDecoder, NullsAndAbsentFieldsAreEmpty) {
    CHECK_EQUAL(Status::kOk, decode(R"({"id":5,"message":null,"agent":null,"media":null,)"
                                    R"("title":null,"buttons":null,"status":null,"time":null})"));
    CHECK_FALSE(g_message.has_text);
    CHECK_EQUAL(0U, g_message.text_bytes);
    CHECK_TRUE(text().empty());
    CHECK_FALSE(g_message.agent.present);
    CHECK_FALSE(g_message.media.present);
    CHECK_EQUAL(0, g_message.button_count);
    CHECK(g_message.status == DeliveryStatus::kNone);
    CHECK_EQUAL(0, g_message.time);
}

TEST(MessageDecoder, WrongTypesCountAsAbsent) {
    CHECK_EQUAL(Status::kOk,
                decode(R"({"id":6,"message":42,"title":["x"],"agent":"Anna",)"
                       R"("buttons":{"title":"x"},"quickReplies":"Yes","typeId":99})"));
    CHECK_FALSE(g_message.has_text);
    CHECK_EQUAL(0U, g_message.title.length);
    CHECK_FALSE(g_message.agent.present);
    CHECK_EQUAL(0, g_message.button_count);
    CHECK_EQUAL(0, g_message.quick_reply_count);
    CHECK_EQUAL(99, g_message.type_id);
    CHECK(g_message.type == MessageType::kUnknown);
}

TEST(MessageDecoder, ANewerMessageReplacesEveryFieldOfTheLastOne) {
    CHECK_EQUAL(Status::kOk, decode(kFull));
    CHECK_EQUAL(Status::kOk, decode(R"({"id":7})"));
    CHECK_EQUAL(7U, g_message.id);
    CHECK_FALSE(g_message.has_text);
    CHECK_EQUAL(0U, g_message.text_bytes);
    CHECK_TRUE(text().empty());
    CHECK_FALSE(g_message.agent.present);
    CHECK_EQUAL(0U, g_message.agent.name.length);
    CHECK_EQUAL(0, g_message.button_count);
    CHECK_EQUAL(0, g_message.carousel_count);
}

TEST(MessageDecoder, RefusesWhatIsNotAMessage) {
    CHECK_EQUAL(Status::kCorrupt, decode("[1,2]"));
    CHECK_EQUAL(Status::kCorrupt, decode(R"({"message":"no id"})"));
    CHECK_EQUAL(Status::kCorrupt, decode(R"({"id":-1})"));
    CHECK_EQUAL(Status::kCorrupt, decode(R"({"id":"12a"})"));
    CHECK_EQUAL(Status::kCorrupt, decode(R"({"id":1.5})"));
    CHECK_EQUAL(Status::kCorrupt, decode(R"({"id":1)"));
    CHECK_EQUAL(Status::kCorrupt, decode(R"({"id":2,"message":"a)"
                                         "\x01"
                                         R"("})"));
    CHECK_EQUAL(Status::kCorrupt, decode(R"({"id":3,"message":"\q"})"));
    CHECK_EQUAL(Status::kCorrupt, decode(R"({"id":4} x)"));
    CHECK_EQUAL(0, checked.got.count);
    // The id is reported when it was read before the element broke; its pieces are void.
    const size_t dropped = checked.got.streamed.dropped;
    CHECK_EQUAL(Status::kCorrupt, decode(R"({"id":44,"message":"half)"));
    CHECK_EQUAL(44U, checked.got.skipped_id);
    CHECK_EQUAL(dropped + 1, checked.got.streamed.dropped);
    CHECK_TRUE(checked.got.streamed.pending().empty());
}

// 5 000 characters in each script and escaping arrive whole, in pieces, however the
// JSON was cut on its way in (the old decoder cut texts at 10 000 bytes and skipped
// elements over 12 KB of JSON).
TEST(MessageDecoder, ATextOfAnyLengthScriptOrEscapingArrivesWholeInPieces) {
    std::string four_byte;  // U+1F600, 4 bytes of UTF-8
    std::string escaped;    // every character as \uXXXX: 30 KB of JSON
    std::string escaped_expected;
    std::string two_byte;  // é
    for (int i = 0; i < 5000; ++i) {
        four_byte += "\xF0\x9F\x98\x80";
        escaped += "\\u4e2d";
        escaped_expected += "\xE4\xB8\xAD";  // 中
        two_byte += "\xC3\xA9";
    }
    std::string pairs;  // surrogate pairs, 12 bytes of JSON for each 4-byte character
    for (int i = 0; i < 5000; ++i)
        pairs += "\\ud83d\\ude00";
    const struct {
        std::string json_text;
        std::string expected;
    } cases[] = {{four_byte, four_byte},
                 {escaped, escaped_expected},
                 {two_byte, two_byte},
                 {pairs, four_byte}};
    for (const auto& c : cases) {
        const std::string json = R"({"id":8,"message":")" + c.json_text + R"(","typeId":2})";
        for (const size_t piece : {std::string::npos, size_t{1}, size_t{7}, size_t{1000}}) {
            CHECK_EQUAL(Status::kOk, decode(json, piece));
            CHECK_TRUE(text() == c.expected);
            LONGS_EQUAL(c.expected.size(), g_message.text_bytes);
            CHECK_FALSE(g_message.truncated());
        }
    }
}

TEST(MessageDecoder, TheTextMayComeBeforeTheIdAndRepeatsCountOnce) {
    CHECK_EQUAL(Status::kOk, decode(R"({"message":"first","typeId":2,"id":12,"message":"again"})"));
    STRCMP_EQUAL("first", text().c_str());
    CHECK_EQUAL(12U, g_message.id);
    CHECK_EQUAL(Status::kOk, decode(R"({"id":13,"id":14,"title":"a","title":"b"})"));
    CHECK_EQUAL(13U, g_message.id);
    STRCMP_EQUAL("a", g_message.title.data);
}

TEST(MessageDecoder, BrokenUnicodeBecomesReplacementCharacters) {
    // A lone high surrogate, a lone low one, a raw byte that is not UTF-8, a cut sequence.
    CHECK_EQUAL(Status::kOk, decode("{\"id\":1,\"message\":\"a\\ud83dz\\ude00b\xFF\xE4\xB8"
                                    "c\\ud83d\"}",
                                    1));
    const std::string fffd = "\xEF\xBF\xBD";
    CHECK_TRUE(text() == "a" + fffd + "z" + fffd + "b" + fffd + fffd + "c" + fffd);
}

TEST(MessageDecoder, SmallFieldsOverCapacityAreCutAtACharacterBoundaryAndFlagged) {
    std::string title = "a";
    while (title.size() < net::parley::kMaxTitleLength + 10)
        title += "\xC3\xA9";
    CHECK_EQUAL(Status::kOk, decode(R"({"id":8,"title":")" + title + R"("})", 5));
    CHECK_TRUE(g_message.title.truncated);
    CHECK_TRUE(g_message.truncated());
    CHECK_EQUAL(net::parley::kMaxTitleLength - 1, g_message.title.length);
    CHECK_EQUAL(0xA9, static_cast<uint8_t>(g_message.title.data[g_message.title.length - 1]));
    CHECK_EQUAL('\0', g_message.title.data[g_message.title.length]);
}

TEST(MessageDecoder, IdsAreExactTo63BitsAsNumbersOrStrings) {
    CHECK_EQUAL(Status::kOk, decode(R"({"id":9223372036854775807})"));
    CHECK_EQUAL(9223372036854775807U, g_message.id);
    CHECK_EQUAL(Status::kOk, decode(R"({"id":"9007199254740993"})"));
    CHECK_EQUAL(9007199254740993U, g_message.id);
    CHECK_EQUAL(Status::kOk, decode(R"({"id":1.07e4})"));
    CHECK_EQUAL(10700U, g_message.id);
    CHECK_EQUAL(Status::kCorrupt, decode(R"({"id":9223372036854775808})"));
}

TEST(MessageDecoder, ListsOverCapacityKeepTheFirstAndSaySo) {
    std::string buttons;
    std::string replies;
    for (size_t i = 0; i < net::parley::kMaxButtons + 3; ++i) {
        buttons += std::string(i ? "," : "") + R"({"title":"b)" + std::to_string(i) + R"("})";
        replies += std::string(i ? "," : "") + "\"r" + std::to_string(i) + "\"";
    }
    CHECK_EQUAL(Status::kOk, decode(R"({"id":9,"buttons":[)" + buttons + R"(],"quickReplies":[)" +
                                    replies + "]}"));
    CHECK_EQUAL(net::parley::kMaxButtons, g_message.button_count);
    CHECK_EQUAL(net::parley::kMaxQuickReplies, g_message.quick_reply_count);
    CHECK_TRUE(g_message.buttons_dropped);
    CHECK_TRUE(g_message.quick_replies_dropped);
    STRCMP_EQUAL("b7", g_message.buttons[7].title.data);
    CHECK_TRUE(g_message.truncated());
}

TEST(MessageDecoder, IsTypingFollowsEveryFormOfFalse) {
    const char* const forms[] = {"false", "0", "\"false\"", "null", "\"0\""};
    for (const char* form : forms) {
        CHECK_EQUAL(Status::kOk,
                    decode(std::string(R"({"id":1,"agent":{"message":"\"isTyping\":true",)"
                                       R"("isTyping":)") +
                           form + "}}"));
        CHECK_FALSE_TEXT(g_message.agent.is_typing, form);
    }
}

// Size costs nothing: 200 KB of values nobody reads decode in the same RAM. Depth and
// overlong numbers are the limits.
TEST(MessageDecoder, AnElementOfAnySizeDecodesButNotOfAnyDepth) {
    std::string many = R"({"id":1,"x":[)";
    while (many.size() < 200000)
        many += "0,";
    many += "0]}";
    CHECK_EQUAL(Status::kOk, decode(many, 4096));
    std::string deep = R"({"id":2,"x":)";
    for (size_t i = 0; i < net::json::kMaxDepth; ++i)
        deep += "[";
    CHECK_EQUAL(Status::kTooLarge, decode(deep));
    CHECK_EQUAL(2U, checked.got.skipped_id);
    CHECK_EQUAL(Status::kTooLarge, decode(R"({"id":3,"time":)" + std::string(40, '1') + "}"));
}

TEST(MessageDecoder, AgentsDecodeOnTheirOwn) {
    net::parley::Agent agent;
    CHECK_EQUAL(Status::kOk,
                net::parley::decode_agent(R"({"id":3,"name":"Bot","isTyping":true})", &agent));
    CHECK_TRUE(agent.present);
    STRCMP_EQUAL("3", agent.id.data);
    CHECK_TRUE(agent.is_typing);
    CHECK_EQUAL(Status::kCorrupt, net::parley::decode_agent("\"Bot\"", &agent));
    CHECK_FALSE(agent.present);
}

TEST_GROUP(ServiceFlags){};

TEST(ServiceFlags, ReadsFlagsInEveryForm) {
    CHECK_TRUE(net::parley::flag_from_json("true"));
    CHECK_TRUE(net::parley::flag_from_json("1"));
    CHECK_TRUE(net::parley::flag_from_json("\"true\""));
    CHECK_FALSE(net::parley::flag_from_json("false"));
    CHECK_FALSE(net::parley::flag_from_json("null"));
    CHECK_FALSE(net::parley::flag_from_json("0"));
    CHECK_FALSE(net::parley::flag_from_json(""));
}

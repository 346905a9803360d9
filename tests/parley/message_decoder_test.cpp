// The message model of docs/protocol.md §7: every field, numbers given as strings, nulls,
// unknown fields, overlong values cut at a character boundary, lists over capacity.
#include <string>

#include "net/parley/message_decoder.h"

#include <CppUTest/TestHarness.h>

using hal::Status;
using net::parley::ButtonType;
using net::parley::DeliveryStatus;
using net::parley::Message;
using net::parley::MessageType;

namespace {

alignas(16) uint8_t g_arena[net::parley::kJsonArenaSize];
Message g_message;

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

TEST_GROUP(MessageDecoder) {
    net::json::JsonDocument doc{hal::ByteSpan(g_arena)};
    Status decode(const std::string& json) {
        return net::parley::decode_message(json, doc, &g_message);
    }
};

TEST(MessageDecoder, ReadsEveryFieldOfTheModel) {
    CHECK_EQUAL(Status::kOk, decode(kFull));
    const Message& m = g_message;
    CHECK_EQUAL(10743U, m.id);
    CHECK_EQUAL(1700000123, m.time);
    CHECK_TRUE(m.has_text);
    STRCMP_EQUAL("Hello \"you\"\n\xC3\xA9\xF0\x9F\x98\x80", m.text.data);
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
    CHECK_FALSE(m.truncated());
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
    CHECK_EQUAL(0U, g_message.text.length);
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
    CHECK_EQUAL(0U, g_message.text.length);
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
    CHECK_EQUAL(0U, g_message.id);
}

TEST(MessageDecoder, AnOverlongTextIsCutAtACharacterBoundaryAndFlagged) {
    // Two-byte characters with one ASCII byte first: the capacity falls mid-character.
    std::string text = "a";
    while (text.size() < net::parley::kMaxTextBytes + 10)
        text += "\xC3\xA9";
    CHECK_EQUAL(Status::kOk, decode(R"({"id":8,"message":")" + text + R"("})"));
    CHECK_TRUE(g_message.text.truncated);
    CHECK_TRUE(g_message.truncated());
    CHECK_EQUAL(net::parley::kMaxTextBytes - 1, g_message.text.length);
    CHECK_EQUAL(0xA9, static_cast<uint8_t>(g_message.text.data[g_message.text.length - 1]));
    CHECK_EQUAL('\0', g_message.text.data[g_message.text.length]);
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

TEST(MessageDecoder, AnElementTooComplexForTheArenaIsOutOfMemory) {
    std::string many = R"({"id":1,"x":[)";
    while (many.size() < net::parley::kMaxMessageJsonSize - 10)
        many += "0,";
    many += "0]}";
    CHECK_EQUAL(Status::kOutOfMemory, decode(many));
}

TEST(MessageDecoder, AgentsDecodeOnTheirOwn) {
    net::parley::Agent agent;
    CHECK_EQUAL(Status::kOk,
                net::parley::decode_agent(R"({"id":3,"name":"Bot","isTyping":true})", doc, &agent));
    CHECK_TRUE(agent.present);
    STRCMP_EQUAL("3", agent.id.data);
    CHECK_TRUE(agent.is_typing);
    CHECK_EQUAL(Status::kCorrupt, net::parley::decode_agent("\"Bot\"", doc, &agent));
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

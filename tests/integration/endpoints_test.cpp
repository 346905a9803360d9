// Every endpoint of docs/protocol.md §6 in both dialects against the simulator over real
// TLS: what the client sends is checked on the simulator's side (control API), what it
// decodes is checked against what the simulator holds.
#include <algorithm>
#include <cstdio>
#include <set>
#include <string>
#include <vector>

#include "tests/integration/rig_fixture.h"
#include "tests/support/received_message.h"

using integration::Dialect;
using integration::Rig;
using integration::RigOptions;
using net::parley::DeliveryStatus;
using net::parley::MessageType;

namespace {

std::string recorded_target(const char* endpoint) {
    // The newest request of that endpoint template in GET /requests.
    const net::json::Value requests =
        integration::parse_control(integration::control_get("/requests"))["requests"];
    for (size_t i = requests.size(); i > 0; --i) {
        const net::json::Value entry = requests.at(i - 1);
        if (integration::string_member(entry, "endpoint") == endpoint) {
            return integration::string_member(entry, "target") +
                   " body=" + std::to_string(integration::int_member(entry, "body_length"));
        }
    }
    return "";
}

class Progress final : public net::parley::UploadProgress {
  public:
    void on_progress(uint64_t sent_bytes, uint64_t total_bytes) override {
        if (sent_bytes < sent) ++restarts;
        sent = sent_bytes;
        total = total_bytes;
        ++calls;
    }
    uint64_t sent = 0;
    uint64_t total = 0;
    int calls = 0;
    int restarts = 0;
};

// `count` code points of two-byte UTF-8 with JSON's troublesome characters mixed in.
std::string long_text(size_t count) {
    static const char* const kPieces[] = {"é", "\"", "\\", "\n", "ü", "/", "\t", "ñ"};
    std::string text;
    for (size_t i = 0; i < count; ++i)
        text += (i % 7 == 3) ? kPieces[i % 8] : "ç";
    return text;
}

}  // namespace

TEST_GROUP_BASE(Endpoints, integration::RigFixture){};

// POST devices: every field arrives, in the dialect's headers.
DIALECT_TEST(Endpoints, SubscribeRecordsEveryField) {
    RigOptions options;
    options.dialect = dialect;
    options.auth_string = "user-7f3a";
    options.api_version = dialect == Dialect::kKpnGateway ? "1.9" : "";
    Rig& r = f.make(options);
    net::parley::DeviceRegistration device;
    device.type = net::parley::DeviceType::kCustom;
    device.version = "2.10.7";
    device.push_token = "push-token-123";
    device.push_type = 4;
    device.send_push_enabled = true;
    device.push_enabled = true;
    device.user = {"Ana Lima", "ana@example.com", "Rua Augusta 1, Lisboa"};
    device.referrer = "kiosk-lobby";
    const hal::Status status = r.client.subscribe_device(device, Rig::deadline());
    CHECK_EQUAL(hal::Status::kOk, status);

    const std::string raw =
        integration::control_get(std::string("/conversations/") + integration::kDeviceId);
    const net::json::Value record = integration::parse_control(raw)["device"];
    LONGS_EQUAL(4, integration::int_member(record, "type"));
    STRCMP_EQUAL("2.10.7", integration::string_member(record, "version").c_str());
    STRCMP_EQUAL("push-token-123", integration::string_member(record, "pushToken").c_str());
    LONGS_EQUAL(4, integration::int_member(record, "pushType"));
    STRCMP_CONTAINS("\"pushEnabled\": true", raw.c_str());
    const net::json::Value user = record["userAdditionalInformation"];
    STRCMP_EQUAL("Ana Lima", integration::string_member(user, "name").c_str());
    STRCMP_EQUAL("ana@example.com", integration::string_member(user, "email").c_str());
    STRCMP_EQUAL("Rua Augusta 1, Lisboa", integration::string_member(user, "address").c_str());
    STRCMP_EQUAL("kiosk-lobby", integration::string_member(record, "referrer").c_str());
    STRCMP_EQUAL(integration::dialect_name(dialect),
                 integration::string_member(record, "dialect").c_str());
    const net::json::Value headers = record["headers"];
    if (dialect == Dialect::kKpnGateway) {
        STRCMP_EQUAL("user-7f3a", integration::string_member(headers, "authString").c_str());
        STRCMP_EQUAL("1.9", integration::string_member(headers, "api-version").c_str());
        LONGS_EQUAL(1, integration::sim().stat("token_requests"));
    } else {
        STRCMP_EQUAL("user-7f3a", integration::string_member(headers, "Authorization").c_str());
        STRCMP_EQUAL("v1.9", integration::string_member(headers, "api-version").c_str());
        LONGS_EQUAL(0, integration::sim().stat("token_requests"));
    }
    STRCMP_CONTAINS("\"subscriptions\": 1", raw.c_str());
}

// KPN's published form: POST devices fields and the message text in the query string.
DIALECT_TEST(Endpoints, QueryStringEncodingForSubscribeAndSend) {
    RigOptions options;
    options.dialect = dialect;
    options.encoding = net::parley::RequestEncoding::kQueryString;
    Rig& r = f.make(options);
    net::parley::DeviceRegistration device;
    device.version = "010203";
    device.user.name = "Zoë & Co = 100%";
    device.referrer = "a+b/c?d";
    device.send_push_enabled = true;
    device.push_enabled = false;
    const hal::Status subscribed = r.client.subscribe_device(device, Rig::deadline());
    CHECK_EQUAL(hal::Status::kOk, subscribed);
    const std::string devices = recorded_target("POST /devices");
    STRCMP_CONTAINS("/devices?", devices.c_str());
    STRCMP_CONTAINS(" body=0", devices.c_str());

    const std::string text = "Hello & welcome: 50% off? a+b=c / é ü 😀 #1";
    const uint64_t user_id = r.send(text);
    const uint64_t silent_id = r.send("kiosk: door opened", MessageType::kUserSilent);
    const std::string messages = recorded_target("POST /messages");
    STRCMP_CONTAINS("/messages?", messages.c_str());
    STRCMP_CONTAINS(" body=0", messages.c_str());

    const net::json::Value conv = integration::conversation();
    const net::json::Value record = conv["device"];
    STRCMP_EQUAL("010203", integration::string_member(record, "version").c_str());
    STRCMP_EQUAL("Zoë & Co = 100%",
                 integration::string_member(record["userAdditionalInformation"], "name").c_str());
    STRCMP_EQUAL("a+b/c?d", integration::string_member(record, "referrer").c_str());
    const net::json::Value stored = conv["messages"];
    LONGS_EQUAL(2, stored.size());
    LONGS_EQUAL(user_id, integration::int_member(stored.at(0), "id"));
    STRCMP_EQUAL(text.c_str(), integration::string_member(stored.at(0), "message").c_str());
    LONGS_EQUAL(1, integration::int_member(stored.at(0), "typeId"));
    LONGS_EQUAL(silent_id, integration::int_member(stored.at(1), "id"));
    LONGS_EQUAL(4, integration::int_member(stored.at(1), "typeId"));
}

// POST messages, typeId 1 and 4, as JSON with a streamed, escaped text up to the
// composer limit; GET messages/{id} reads each back.
DIALECT_TEST(Endpoints, SendTextOfBothTypesAndReadItBack) {
    Rig& r = f.make(dialect);
    r.subscribe();
    const std::string tricky = "Quote \" backslash \\ newline\nTab\t€ 漢字 😀 </script>";
    const std::string longest = long_text(net::parley::kMaxTextLength);
    const uint64_t first = r.send(tricky);
    const uint64_t silent = r.send("battery low: 12%", MessageType::kUserSilent);
    const uint64_t big = r.send(longest);
    CHECK_TRUE(first < silent && silent < big);

    const net::json::Value stored = integration::conversation()["messages"];
    LONGS_EQUAL(3, stored.size());
    STRCMP_EQUAL(tricky.c_str(), integration::string_member(stored.at(0), "message").c_str());
    LONGS_EQUAL(1, integration::int_member(stored.at(0), "typeId"));
    LONGS_EQUAL(4, integration::int_member(stored.at(1), "typeId"));
    CHECK_TRUE(integration::string_member(stored.at(2), "message") == longest);

    test::ReceivedMessage read_back;
    net::parley::Message* m = &read_back.message;
    hal::Status status = r.client.get_message(first, read_back, Rig::deadline());
    CHECK_EQUAL(hal::Status::kOk, status);
    LONGS_EQUAL(first, m->id);
    CHECK_TRUE(m->type == MessageType::kUser);
    CHECK_TRUE(read_back.text == tricky);
    CHECK_TRUE(m->status == DeliveryStatus::kReceived);
    CHECK_FALSE(m->agent.present);
    status = r.client.get_message(silent, read_back, Rig::deadline());
    CHECK_EQUAL(hal::Status::kOk, status);
    CHECK_TRUE(m->type == MessageType::kUserSilent);
    status = r.client.get_message(big, read_back, Rig::deadline());
    CHECK_EQUAL(hal::Status::kOk, status);
    CHECK_FALSE(m->truncated());
    CHECK_TRUE(read_back.text == longest);
}

// GET messages: the newest page, newest first, with paging and message kinds decoded.
DIALECT_TEST(Endpoints, NewestPageListsEveryKindNewestFirst) {
    Rig& r = f.make(dialect);
    r.subscribe();
    const uint64_t user = r.send("My screen is broken");
    const uint64_t agent = integration::agent_reply(integration::kDeviceId, "Sorry to hear that");
    const uint64_t system =
        integration::agent_reply(integration::kDeviceId, "Alice left", R"("typeId": 3)");
    const uint64_t agent_system = integration::agent_reply(
        integration::kDeviceId, "Conversation moved to the repair queue", R"("typeId": 5)");

    integration::Collector page_ids;
    net::parley::PageResult page;
    const hal::Status status = r.client.get_messages(page_ids, &page, Rig::deadline());
    CHECK_EQUAL(hal::Status::kOk, status);
    LONGS_EQUAL(4, page.delivered);
    LONGS_EQUAL(0, page.skipped);
    const std::vector<uint64_t> expected = {agent_system, system, agent, user};
    CHECK_TRUE(page_ids.ids == expected);
    STRCMP_EQUAL("My screen is broken", page_ids.texts[3].c_str());
    CHECK_TRUE(page.has_paging);
    CHECK_TRUE(page.paging.before.empty());
    LONGS_EQUAL(agent_system, page.paging.after_id);
    LONGS_EQUAL(agent_system, page.highest_id);
    LONGS_EQUAL(user, page.lowest_id);

    test::ReceivedMessage got;
    net::parley::Message& m = got.message;
    hal::Status one = r.client.get_message(agent, got, Rig::deadline());
    CHECK_EQUAL(hal::Status::kOk, one);
    CHECK_TRUE(m.type == MessageType::kAgent);
    CHECK_TRUE(m.agent.present);
    STRCMP_EQUAL("Alice", m.agent.name.data);
    CHECK_FALSE(m.agent.avatar.empty());
    CHECK_FALSE(m.agent.id.empty());
    CHECK_TRUE(m.time > 1'600'000'000);
    one = r.client.get_message(system, got, Rig::deadline());
    CHECK_EQUAL(hal::Status::kOk, one);
    CHECK_TRUE(m.type == MessageType::kSystem);
    CHECK_FALSE(m.agent.present);
    one = r.client.get_message(agent_system, got, Rig::deadline());
    CHECK_EQUAL(hal::Status::kOk, one);
    CHECK_TRUE(m.type == MessageType::kAgentSystem);
}

// GET messages/{id} of an id that is not in this device's conversation.
DIALECT_TEST(Endpoints, MessageOfAnotherDeviceIsNotFound) {
    RigOptions other;
    other.dialect = dialect;
    other.device_id = "other-device-0001";
    uint64_t foreign = 0;
    {
        Rig& r = f.make(other);
        r.subscribe();
        foreign = r.send("not yours");
    }
    Rig& r = f.make(dialect);
    r.subscribe();
    test::ReceivedMessage got;
    hal::Status status = r.client.get_message(foreign, got, Rig::deadline());
    CHECK_EQUAL(hal::Status::kNotFound, status);
    STRCMP_EQUAL("message_not_found", std::string(r.client.last_error().error_string()).c_str());
    LONGS_EQUAL(404, r.client.last_error().http_status);
    status = r.client.get_message(foreign + 1'000'000, got, Rig::deadline());
    CHECK_EQUAL(hal::Status::kNotFound, status);
}

// GET messages, before:{id} and after:{id} over 120 messages (pages of 50): no gap, no
// duplicate, anchors exclusive, every page newest first.
DIALECT_TEST(Endpoints, PagesThroughManyMessagesBothWays) {
    Rig& r = f.make(dialect);
    r.subscribe();
    std::vector<uint64_t> all;
    for (int i = 0; i < 120; ++i)
        all.push_back(integration::agent_reply(integration::kDeviceId, "m" + std::to_string(i)));

    // Backwards: the newest page, then before: until paging.before is empty.
    std::vector<uint64_t> seen;
    integration::Collector c;
    net::parley::PageResult page;
    hal::Status status = r.client.get_messages(c, &page, Rig::deadline());
    CHECK_EQUAL(hal::Status::kOk, status);
    LONGS_EQUAL(50, page.delivered);
    int pages = 1;
    for (;;) {
        CHECK_TRUE(std::is_sorted(c.ids.rbegin(), c.ids.rend()));
        seen.insert(seen.end(), c.ids.begin(), c.ids.end());
        if (page.paging.before.empty()) break;
        const uint64_t anchor = page.paging.before_id;
        LONGS_EQUAL(page.lowest_id, anchor);
        c.clear();
        status = r.client.get_messages_before(anchor, c, &page, Rig::deadline());
        CHECK_EQUAL(hal::Status::kOk, status);
        CHECK_TRUE(!c.ids.empty() && c.ids.front() < anchor);  // exclusive
        CHECK_TRUE(++pages <= 3);
    }
    LONGS_EQUAL(3, pages);
    std::vector<uint64_t> backwards(seen.rbegin(), seen.rend());
    CHECK_TRUE(backwards == all);

    // Forwards, as a poller catching up: after:0, then paging.after while pages are full.
    seen.clear();
    c.clear();
    status = r.client.get_messages_after(0, c, &page, Rig::deadline());
    CHECK_EQUAL(hal::Status::kOk, status);
    pages = 1;
    for (;;) {
        CHECK_TRUE(std::is_sorted(c.ids.rbegin(), c.ids.rend()));
        seen.insert(seen.end(), c.ids.rbegin(), c.ids.rend());
        if (page.delivered < 50) break;
        const uint64_t anchor = page.paging.after_id;
        LONGS_EQUAL(page.highest_id, anchor);
        c.clear();
        status = r.client.get_messages_after(anchor, c, &page, Rig::deadline());
        CHECK_EQUAL(hal::Status::kOk, status);
        CHECK_TRUE(c.ids.empty() || c.ids.back() > anchor);  // exclusive
        CHECK_TRUE(++pages <= 3);
    }
    CHECK_TRUE(seen == all);
    STRCMP_EQUAL("m119", c.texts.front().c_str());

    // Caught up: after:{highest} is empty and keeps the anchor.
    c.clear();
    status = r.client.get_messages_after(all.back(), c, &page, Rig::deadline());
    CHECK_EQUAL(hal::Status::kOk, status);
    LONGS_EQUAL(0, page.delivered);
    LONGS_EQUAL(all.back(), page.paging.after_id);

    // Exclusive anchors in the middle.
    c.clear();
    status = r.client.get_messages_before(all[60], c, &page, Rig::deadline());
    CHECK_EQUAL(hal::Status::kOk, status);
    LONGS_EQUAL(all[59], c.ids.front());
    LONGS_EQUAL(all[10], c.ids.back());
    c.clear();
    status = r.client.get_messages_after(all[60], c, &page, Rig::deadline());
    CHECK_EQUAL(hal::Status::kOk, status);
    LONGS_EQUAL(all[61], c.ids.back());
    LONGS_EQUAL(all[110], c.ids.front());
}

// POST services/event/startTyping and stopTyping reach the conversation.
DIALECT_TEST(Endpoints, TypingEventsAreRecorded) {
    Rig& r = f.make(dialect);
    r.subscribe();
    hal::Status status = r.client.start_typing(Rig::deadline());
    CHECK_EQUAL(hal::Status::kOk, status);
    status = r.client.stop_typing(Rig::deadline());
    CHECK_EQUAL(hal::Status::kOk, status);
    const net::json::Value typing = integration::conversation()["typing"];
    LONGS_EQUAL(2, typing.size());
    STRCMP_EQUAL("startTyping", integration::string_member(typing.at(0), "event").c_str());
    STRCMP_EQUAL("stopTyping", integration::string_member(typing.at(1), "event").c_str());
    STRCMP_EQUAL(integration::dialect_name(dialect),
                 integration::string_member(typing.at(1), "dialect").c_str());
}

// POST media (1 MB streamed from a MediaSource), POST messages with the media id, GET
// messages/{id}, GET media/...: the same bytes and Content-Type come back.
DIALECT_TEST(Endpoints, MediaUploadSendAndDownloadRoundTrip) {
    Rig& r = f.make(dialect);
    r.subscribe();
    constexpr uint64_t kSize = 1024 * 1024 + 123;
    integration::GeneratedPng png(kSize);
    Progress progress;
    net::parley::MediaUpload upload;
    upload.source = &png;
    upload.size = kSize;
    upload.filename = "kiosk-photo.png";
    upload.mime_type = "image/png";
    upload.progress = &progress;
    const hal::Millis started = integration::now_ms();
    const hal::Result<std::string_view> uploaded = r.client.upload_media(upload, Rig::deadline());
    const hal::Millis upload_ms = integration::now_ms() - started;
    CHECK_EQUAL(hal::Status::kOk, uploaded.status());
    const std::string media_id(uploaded.value());
    CHECK_FALSE(media_id.empty());
    LONGS_EQUAL(kSize, progress.sent);
    LONGS_EQUAL(kSize, progress.total);
    LONGS_EQUAL(0, progress.restarts);

    const hal::Result<uint64_t> sent =
        r.client.send_media_message(media_id, "Photo of the broken screen", Rig::deadline());
    CHECK_EQUAL(hal::Status::kOk, sent.status());

    test::ReceivedMessage got;
    net::parley::Message& m = got.message;
    const hal::Status read = r.client.get_message(sent.value(), got, Rig::deadline());
    CHECK_EQUAL(hal::Status::kOk, read);
    CHECK_TRUE(m.media.present);
    CHECK_FALSE(m.has_text);
    STRCMP_EQUAL(media_id.c_str(), m.media.id.data);
    STRCMP_EQUAL("image/png", m.media.mime_type.data);
    STRCMP_EQUAL("Photo of the broken screen", m.media.description.data);
    LONGS_EQUAL(4, m.media.year.length);

    integration::ByteSink sink;
    net::parley::MediaDownload info;
    const hal::Status downloaded = r.client.download_media(m.media, sink, &info, Rig::deadline());
    CHECK_EQUAL(hal::Status::kOk, downloaded);
    STRCMP_EQUAL("image/png", info.content_type);
    LONGS_EQUAL(kSize, info.length);
    CHECK_TRUE(sink.bytes == png.all());
    std::printf("\n[figure] media-roundtrip %s upload=%u bytes in %u ms\n",
                integration::dialect_name(dialect), static_cast<unsigned>(kSize),
                static_cast<unsigned>(upload_ms));

    const net::json::Value stored = integration::conversation()["messages"];
    LONGS_EQUAL(1, stored.size());
    STRCMP_EQUAL(media_id.c_str(), integration::string_member(stored.at(0)["media"], "id").c_str());
}

// An agent's file (a PDF) is downloaded with its Content-Type.
DIALECT_TEST(Endpoints, AgentFileIsDownloaded) {
    Rig& r = f.make(dialect);
    r.subscribe();
    // "%PDF-1.4\n% test\n" in base64.
    integration::agent_reply(integration::kDeviceId, "Here is the manual",
                             R"("media": {"filename": "manual.pdf", "mimeType": "application/pdf",)"
                             R"( "base64": "JVBERi0xLjQKJSB0ZXN0Cg==", "description": "Manual"})");
    integration::LastMessage last;
    net::parley::PageResult page;
    const hal::Status listed = r.client.get_messages(last, &page, Rig::deadline());
    CHECK_EQUAL(hal::Status::kOk, listed);
    LONGS_EQUAL(1, last.count);
    const net::parley::Message& m = last.message();
    CHECK_TRUE(m.media.present);
    STRCMP_EQUAL("Here is the manual", last.text().c_str());
    STRCMP_EQUAL("application/pdf", m.media.mime_type.data);
    integration::ByteSink sink;
    net::parley::MediaDownload info;
    const hal::Status downloaded = r.client.download_media(m.media, sink, &info, Rig::deadline());
    CHECK_EQUAL(hal::Status::kOk, downloaded);
    STRCMP_EQUAL("application/pdf", info.content_type);
    const std::string body(sink.bytes.begin(), sink.bytes.end());
    STRCMP_EQUAL("%PDF-1.4\n% test\n", body.c_str());
}

// PUT messages/status/{3,4} and GET messages/unseen/count.
DIALECT_TEST(Endpoints, MarkMessagesAndCountUnseen) {
    Rig& r = f.make(dialect);
    r.subscribe();
    r.send("hello");
    const uint64_t a = integration::agent_reply(integration::kDeviceId, "a");
    const uint64_t b = integration::agent_reply(integration::kDeviceId, "b");
    const uint64_t c = integration::agent_reply(integration::kDeviceId, "c");

    net::parley::UnseenCount unseen;
    hal::Status status = r.client.unseen_count(&unseen, Rig::deadline());
    CHECK_EQUAL(hal::Status::kOk, status);
    LONGS_EQUAL(3, unseen.count);
    LONGS_EQUAL(3, unseen.id_count);
    const std::set<uint64_t> ids(unseen.ids, unseen.ids + unseen.id_count);
    CHECK_TRUE(ids == std::set<uint64_t>({a, b, c}));

    const uint64_t delivered[] = {a, b, c};
    status = r.client.mark_messages(DeliveryStatus::kDelivered,
                                    hal::Span<const uint64_t>(delivered), Rig::deadline());
    CHECK_EQUAL(hal::Status::kOk, status);
    const uint64_t read[] = {a, b, 1};  // 1: not in this conversation, ignored
    status = r.client.mark_messages(DeliveryStatus::kRead, hal::Span<const uint64_t>(read),
                                    Rig::deadline());
    CHECK_EQUAL(hal::Status::kOk, status);

    status = r.client.unseen_count(&unseen, Rig::deadline());
    CHECK_EQUAL(hal::Status::kOk, status);
    LONGS_EQUAL(1, unseen.count);
    LONGS_EQUAL(c, unseen.ids[0]);

    test::ReceivedMessage got;
    net::parley::Message& m = got.message;
    status = r.client.get_message(a, got, Rig::deadline());
    CHECK_EQUAL(hal::Status::kOk, status);
    CHECK_TRUE(m.status == DeliveryStatus::kRead);
    status = r.client.get_message(c, got, Rig::deadline());
    CHECK_EQUAL(hal::Status::kOk, status);
    CHECK_TRUE(m.status == DeliveryStatus::kDelivered);

    const net::json::Value statuses = integration::conversation()["statuses"];
    LONGS_EQUAL(2, statuses.size());
    LONGS_EQUAL(3, integration::int_member(statuses.at(0), "status"));
    LONGS_EQUAL(4, integration::int_member(statuses.at(1), "status"));
    LONGS_EQUAL(2, statuses.at(1)["messageIds"].size());
    LONGS_EQUAL(1, statuses.at(1)["ignored"].at(0).as_int64().value_or(0));
}

// GET config needs identification but no subscription.
DIALECT_TEST(Endpoints, ConfigBeforeSubscribing) {
    Rig& r = f.make(dialect);
    static char config[4096];
    const hal::Result<size_t> length = r.client.get_config(hal::CharSpan(config), Rig::deadline());
    CHECK_EQUAL(hal::Status::kOk, length.status());
    const std::string text(config, length.value());
    const net::json::Value object = integration::parse_control(text);
    STRCMP_EQUAL("Parley Simulator", integration::string_member(object, "accountName").c_str());
    LONGS_EQUAL(5000, integration::int_member(object["composer"], "maxLength"));
    LONGS_EQUAL(10485760, integration::int_member(object["media"], "maxSize"));
}

// An agent typing, then replying with a title, quick replies, buttons of every type and
// a carousel: all of it decodes into the Message model.
DIALECT_TEST(Endpoints, AgentReplyWithQuickRepliesAndButtonsDecodes) {
    Rig& r = f.make(dialect);
    r.subscribe();
    const uint64_t mine = r.send("Can I return this?");
    integration::control_post(std::string("/conversations/") + integration::kDeviceId + "/typing",
                              R"({"agent": "Alice", "typing": true})");
    integration::Collector c;
    net::parley::PageResult page;
    hal::Status status = r.client.get_messages_after(mine, c, &page, Rig::deadline());
    CHECK_EQUAL(hal::Status::kOk, status);
    LONGS_EQUAL(0, page.delivered);
    CHECK_TRUE(page.has_agent);
    STRCMP_EQUAL("Alice", page.agent.name.data);
    CHECK_TRUE(page.agent.is_typing);

    integration::agent_reply(
        integration::kDeviceId, "Yes, within 30 days. Shall I open a return?",
        R"("title": "Returns", "quickReplies": ["Yes, please", "No, thanks"],)"
        R"( "buttons": [{"title": "Policy", "payload": "https://example.com/returns", "type": "webUrl"},)"
        R"( {"title": "Call us", "payload": "+31201234567", "type": "phoneNumber"},)"
        R"( {"title": "Start return", "payload": "START_RETURN", "type": "reply"}],)"
        R"( "carousel": [{"title": "Option A"}, {"title": "Option B"}])");
    integration::LastMessage last;
    status = r.client.get_messages_after(mine, last, &page, Rig::deadline());
    CHECK_EQUAL(hal::Status::kOk, status);
    LONGS_EQUAL(1, last.count);
    CHECK_FALSE(page.has_agent && page.agent.is_typing);  // the reply ended the typing
    const net::parley::Message& m = last.message();
    CHECK_TRUE(m.type == MessageType::kAgent);
    STRCMP_EQUAL("Yes, within 30 days. Shall I open a return?", last.text().c_str());
    STRCMP_EQUAL("Returns", m.title.data);
    STRCMP_EQUAL("Alice", m.agent.name.data);
    LONGS_EQUAL(2, m.quick_reply_count);
    STRCMP_EQUAL("Yes, please", m.quick_replies[0].data);
    STRCMP_EQUAL("No, thanks", m.quick_replies[1].data);
    LONGS_EQUAL(3, m.button_count);
    CHECK_TRUE(m.buttons[0].type == net::parley::ButtonType::kWebUrl);
    STRCMP_EQUAL("Policy", m.buttons[0].title.data);
    STRCMP_EQUAL("https://example.com/returns", m.buttons[0].payload.data);
    CHECK_TRUE(m.buttons[1].type == net::parley::ButtonType::kPhoneNumber);
    STRCMP_EQUAL("+31201234567", m.buttons[1].payload.data);
    CHECK_TRUE(m.buttons[2].type == net::parley::ButtonType::kReply);
    STRCMP_EQUAL("START_RETURN", m.buttons[2].payload.data);
    LONGS_EQUAL(2, m.carousel_count);
    CHECK_FALSE(m.truncated());
}

namespace {

// Collects a download and what its head announced (BodySink::begin).
class AnnouncedSink final : public net::http::BodySink {
  public:
    hal::Status begin(const net::http::BodyInfo& info) override {
        ++begins;
        content_type = std::string(info.content_type);
        has_length = info.has_length;
        length = info.length;
        return hal::Status::kOk;
    }
    hal::Status write(hal::ConstByteSpan piece) override {
        bytes.append(reinterpret_cast<const char*>(piece.data()), piece.size());
        return hal::Status::kOk;
    }
    int begins = 0;
    std::string content_type;
    bool has_length = false;
    uint64_t length = 0;
    std::string bytes;
};

}  // namespace

// An agent's image as a legacy `image` path (media/Y/M/D/FILE) is downloaded through
// download_image with the same bytes; a path naming another host is refused unsent.
DIALECT_TEST(Endpoints, AgentLegacyImageIsDownloadedByItsPath) {
    Rig& r = f.make(dialect);
    r.subscribe();
    // 8 bytes of PNG signature and "pixels" in base64.
    integration::agent_reply(integration::kDeviceId, "See the picture",
                             R"("image": {"filename": "scan.png", "mimeType": "image/png",)"
                             R"( "base64": "iVBORw0KGgpwaXhlbHM="})");
    integration::LastMessage last;
    net::parley::PageResult page;
    CHECK_EQUAL(hal::Status::kOk, r.client.get_messages(last, &page, Rig::deadline()));
    const net::parley::Message& m = last.message();
    CHECK_FALSE(m.media.present);
    CHECK_FALSE(m.image.empty());
    AnnouncedSink sink;
    net::parley::MediaDownload info;
    CHECK_EQUAL(hal::Status::kOk,
                r.client.download_image(m.image.view(), sink, &info, Rig::deadline()));
    LONGS_EQUAL(1, sink.begins);
    STRCMP_EQUAL("image/png", sink.content_type.c_str());
    CHECK_TRUE(sink.has_length);
    LONGS_EQUAL(14, sink.length);
    CHECK_TRUE(sink.bytes == std::string("\x89PNG\r\n\x1a\npixels"));
    LONGS_EQUAL(14, info.length);

    AnnouncedSink refused;
    CHECK_EQUAL(hal::Status::kInvalidArgument,
                r.client.download_image("https://elsewhere.example/media/2024/01/01/x.png", refused,
                                        nullptr, Rig::deadline()));
    LONGS_EQUAL(0, refused.begins);
}

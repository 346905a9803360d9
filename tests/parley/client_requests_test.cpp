// The exact bytes each endpoint sends, in both dialects and both request encodings,
// and how the success answers are read.
#include <cstdio>
#include <string>

#include "tests/parley/client_rig.h"
#include "tests/support/received_message.h"

#include <CppUTest/TestHarness.h>

using hal::Status;
using net::parley::Dialect;
using net::parley::MessageType;
using net::parley::RequestEncoding;
using parley_test::ClientRig;
using parley_test::http_response;
using parley_test::success;

namespace {

const std::string kKpnHeaders =
    "Host: api-prd.kpn.com\r\n"
    "Authorization: Bearer tok-ONE-secret\r\n"
    "uniqueAppDeviceId: 3f1c9a52-8e4b-4d7a-9c1e-5b2f6d8a0e17\r\n";
const std::string kParleyHeaders =
    "Host: api.parley.nu\r\n"
    "x-iris-identification: acct-SECRET-9x:3f1c9a52-8e4b-4d7a-9c1e-5b2f6d8a0e17\r\n";
const std::string kKpnPath = "/communication/parley/secure-messenger";

std::string json_post(const std::string& line, const std::string& headers,
                      const std::string& body) {
    return line + " HTTP/1.1\r\n" + headers +
           "Content-Type: application/json\r\nContent-Length: " + std::to_string(body.size()) +
           "\r\n\r\n" + body;
}

}  // namespace

TEST_GROUP(ClientRequests){};

TEST(ClientRequests, SubscribeSendsTheDeviceAsJson) {
    ClientRig rig(Dialect::kKpnGateway);
    rig.serve({http_response(200, success("{}"))});
    net::parley::DeviceRegistration device;
    device.version = "010203";
    device.user.name = "Kiosk \"Hall\"";
    CHECK_EQUAL(Status::kOk, rig.client.subscribe_device(device, rig.deadline()));
    STRCMP_EQUAL(json_post("POST " + kKpnPath + "/devices", kKpnHeaders,
                           R"({"type":4,"version":"010203","userAdditionalInformation":)"
                           R"({"name":"Kiosk \"Hall\""}})")
                     .c_str(),
                 rig.sent().c_str());
    CHECK_EQUAL(1, rig.tokens.accepted);
}

TEST(ClientRequests, SubscribeInTheQueryStringForm) {
    ClientRig rig(Dialect::kKpnGateway, RequestEncoding::kQueryString);
    rig.serve({http_response(200, success("{}"))});
    net::parley::DeviceRegistration device;
    device.version = "1.2.3";
    device.push_token = "a/b+c";
    device.send_push_enabled = true;
    device.user.email = "x@y.nl";
    CHECK_EQUAL(Status::kOk, rig.client.subscribe_device(device, rig.deadline()));
    STRCMP_EQUAL(("POST " + kKpnPath +
                  "/devices?type=4&version=1.2.3&pushToken=a%2Fb%2Bc&pushEnabled=0&"
                  "userAdditionalInformation%5Bemail%5D=x%40y.nl HTTP/1.1\r\n" +
                  kKpnHeaders + "Content-Length: 0\r\n\r\n")
                     .c_str(),
                 rig.sent().c_str());
}

TEST(ClientRequests, SendTextStreamsEscapedJsonAndReturnsTheId) {
    ClientRig rig(Dialect::kKpnGateway);
    rig.serve({http_response(200, success(R"({"messageId":"10743"})"))});
    const hal::Result<uint64_t> id =
        rig.client.send_text("Hi \"there\"\n\xE2\x82\xAC", MessageType::kUser, rig.deadline());
    CHECK_EQUAL(Status::kOk, id.status());
    CHECK_EQUAL(10743U, id.value());
    STRCMP_EQUAL(json_post("POST " + kKpnPath + "/messages", kKpnHeaders,
                           "{\"message\":\"Hi \\\"there\\\"\\n\xE2\x82\xAC\",\"typeId\":1}")
                     .c_str(),
                 rig.sent().c_str());
}

TEST(ClientRequests, SilentTextsAreTypeFourAndNumericIdsAreAccepted) {
    ClientRig rig(Dialect::kParleyDirect);
    rig.serve({http_response(200, success(R"({"messageId":10744})"))});
    const hal::Result<uint64_t> id =
        rig.client.send_text("ping", MessageType::kUserSilent, rig.deadline());
    CHECK_EQUAL(10744U, id.value());
    STRCMP_EQUAL(json_post("POST /clientApi/v1.9/messages", kParleyHeaders,
                           R"({"message":"ping","typeId":4})")
                     .c_str(),
                 rig.sent().c_str());
}

TEST(ClientRequests, SendTextInTheQueryStringForm) {
    ClientRig rig(Dialect::kKpnGateway, RequestEncoding::kQueryString);
    rig.serve({http_response(200, success(R"({"messageId":"5"})"))});
    CHECK_EQUAL(
        5U,
        rig.client.send_text("Hallo & dag \xC3\xA9", MessageType::kUser, rig.deadline()).value());
    STRCMP_EQUAL(
        ("POST " + kKpnPath + "/messages?message=Hallo%20%26%20dag%20%C3%A9&typeId=1 HTTP/1.1\r\n" +
         kKpnHeaders + "Content-Length: 0\r\n\r\n")
            .c_str(),
        rig.sent().c_str());
}

TEST(ClientRequests, ATextTooLongForTheQueryFormIsRefusedBeforeSending) {
    ClientRig rig(Dialect::kKpnGateway, RequestEncoding::kQueryString);
    rig.serve({http_response(200, success(R"({"messageId":"5"})"))});
    const std::string text(parley_test::kHttpBufferSize, 'x');
    CHECK_EQUAL(Status::kBufferTooSmall,
                rig.client.send_text(text, MessageType::kUser, rig.deadline()).status());
    CHECK_EQUAL(0U, rig.socket.connects());
}

TEST(ClientRequests, SendMediaMessageReferencesTheUpload) {
    ClientRig rig(Dialect::kParleyDirect);
    rig.serve({http_response(200, success(R"({"messageId":"11"})"))});
    CHECK_EQUAL(11U,
                rig.client.send_media_message("2024/01/15/f.pdf", "Invoice \"Jan\"", rig.deadline())
                    .value());
    STRCMP_EQUAL(json_post("POST /clientApi/v1.9/messages", kParleyHeaders,
                           R"({"media":{"id":"2024/01/15/f.pdf","description":"Invoice \"Jan\""}})")
                     .c_str(),
                 rig.sent().c_str());
}

TEST(ClientRequests, PagesAreGetsWithTheirPaths) {
    ClientRig rig(Dialect::kKpnGateway);
    const std::string page = http_response(200, parley_test::page_json({}));
    rig.serve({page, page, page});
    parley_test::CollectingHandler handler;
    net::parley::PageResult result;
    CHECK_EQUAL(Status::kOk, rig.client.get_messages(handler, &result, rig.deadline()));
    CHECK_EQUAL(Status::kOk,
                rig.client.get_messages_before(10737, handler, &result, rig.deadline()));
    CHECK_EQUAL(Status::kOk,
                rig.client.get_messages_after(10750, handler, &result, rig.deadline()));
    STRCMP_EQUAL(("GET " + kKpnPath + "/messages HTTP/1.1\r\n" + kKpnHeaders + "\r\n" + "GET " +
                  kKpnPath + "/messages/before:10737 HTTP/1.1\r\n" + kKpnHeaders + "\r\n" + "GET " +
                  kKpnPath + "/messages/after:10750 HTTP/1.1\r\n" + kKpnHeaders + "\r\n")
                     .c_str(),
                 rig.sent().c_str());
    CHECK_EQUAL(1U, rig.socket.connects());
}

TEST(ClientRequests, APageIsDeliveredWithItsPaging) {
    ClientRig rig(Dialect::kParleyDirect);
    rig.serve({http_response(
        200, parley_test::page_json(
                 {parley_test::message_json(10751, 40), parley_test::message_json(10750, 30)},
                 R"({"before":"/messages/before:10750","after":"/messages/after:10751"})"))});
    parley_test::CollectingHandler handler;
    net::parley::PageResult result;
    CHECK_EQUAL(Status::kOk,
                rig.client.get_messages_after(10749, handler, &result, rig.deadline()));
    CHECK_EQUAL(2U, handler.ids.size());
    CHECK_EQUAL(40U, handler.texts[0].size());
    CHECK_EQUAL(10751U, result.highest_id);
    CHECK_EQUAL(10750U, result.paging.before_id);
    CHECK_EQUAL(10751U, result.paging.after_id);
}

TEST(ClientRequests, OneMessageIsHandedToTheCallersHandler) {
    ClientRig rig(Dialect::kKpnGateway);
    rig.serve({http_response(200, success(parley_test::message_json(42, 12)))});
    test::ReceivedMessage got;
    CHECK_EQUAL(Status::kOk, rig.client.get_message(42, got, rig.deadline()));
    CHECK_EQUAL(1, got.count);
    CHECK_EQUAL(42U, got.message.id);
    CHECK_EQUAL(12U, got.message.text_bytes);
    CHECK_EQUAL(12U, got.text.size());
    STRCMP_CONTAINS(("GET " + kKpnPath + "/messages/42 HTTP/1.1\r\n").c_str(), rig.sent().c_str());
}

TEST(ClientRequests, TypingEventsArePostsWithoutABody) {
    ClientRig rig(Dialect::kParleyDirect);
    rig.serve({http_response(200, success(R"("typing started")")),
               http_response(200, success(R"("typing stopped")"))});
    CHECK_EQUAL(Status::kOk, rig.client.start_typing(rig.deadline()));
    CHECK_EQUAL(Status::kOk, rig.client.stop_typing(rig.deadline()));
    STRCMP_EQUAL(("POST /clientApi/v1.9/services/event/startTyping HTTP/1.1\r\n" + kParleyHeaders +
                  "Content-Length: 0\r\n\r\n" +
                  "POST /clientApi/v1.9/services/event/stopTyping HTTP/1.1\r\n" + kParleyHeaders +
                  "Content-Length: 0\r\n\r\n")
                     .c_str(),
                 rig.sent().c_str());
}

TEST(ClientRequests, MarkMessagesPutsTheIds) {
    ClientRig rig(Dialect::kParleyDirect);
    rig.serve({http_response(200, R"({"data":[],"notifications":[],"status":"SUCCESS"})")});
    const uint64_t ids[] = {10750, 10751};
    CHECK_EQUAL(Status::kOk,
                rig.client.mark_messages(net::parley::DeliveryStatus::kRead,
                                         hal::Span<const uint64_t>(ids), rig.deadline()));
    STRCMP_EQUAL(("PUT /clientApi/v1.9/messages/status/4 HTTP/1.1\r\n" + kParleyHeaders +
                  "Content-Type: application/json\r\nContent-Length: 28\r\n\r\n" +
                  R"({"messageIds":[10750,10751]})")
                     .c_str(),
                 rig.sent().c_str());
}

TEST(ClientRequests, MarkMessagesChecksItsInput) {
    ClientRig rig(Dialect::kParleyDirect);
    const uint64_t ids[] = {1};
    CHECK_EQUAL(Status::kInvalidArgument,
                rig.client.mark_messages(net::parley::DeliveryStatus::kNone,
                                         hal::Span<const uint64_t>(ids), rig.deadline()));
    CHECK_EQUAL(Status::kInvalidArgument,
                rig.client.mark_messages(net::parley::DeliveryStatus::kRead,
                                         hal::Span<const uint64_t>(), rig.deadline()));
    CHECK_EQUAL(0U, rig.socket.connects());
}

TEST(ClientRequests, UnseenCountReadsCountAndIds) {
    ClientRig rig(Dialect::kParleyDirect);
    rig.serve({http_response(200, success(R"({"messageIds":["10750",10751],"count":2})"))});
    net::parley::UnseenCount unseen;
    CHECK_EQUAL(Status::kOk, rig.client.unseen_count(&unseen, rig.deadline()));
    CHECK_EQUAL(2U, unseen.count);
    CHECK_EQUAL(2U, unseen.id_count);
    CHECK_EQUAL(10750U, unseen.ids[0]);
    CHECK_EQUAL(10751U, unseen.ids[1]);
    STRCMP_CONTAINS("GET /clientApi/v1.9/messages/unseen/count HTTP/1.1\r\n", rig.sent().c_str());
}

TEST(ClientRequests, ConfigIsCopiedOutAsJson) {
    ClientRig rig(Dialect::kKpnGateway);
    rig.serve({http_response(
        200, R"({"data":{"accountName":"KPN","colors":{"primary":"#00c300"}},)"
             R"("notifications":[{"type":"info","message":"x"}],"status":"SUCCESS"})")});
    char config[128];
    const hal::Result<size_t> n = rig.client.get_config(hal::CharSpan(config), rig.deadline());
    CHECK_EQUAL(Status::kOk, n.status());
    STRCMP_EQUAL(R"({"accountName":"KPN","colors":{"primary":"#00c300"}})",
                 std::string(config, n.value()).c_str());
    STRCMP_CONTAINS(("GET " + kKpnPath + "/config HTTP/1.1\r\n").c_str(), rig.sent().c_str());
}

TEST(ClientRequests, ConfigLargerThanTheCallersBufferIsTooLarge) {
    ClientRig rig(Dialect::kKpnGateway);
    rig.serve({http_response(200, success(R"({"accountName":"A rather long account name"})"))});
    char config[8];
    CHECK_EQUAL(Status::kTooLarge,
                rig.client.get_config(hal::CharSpan(config), rig.deadline()).status());
}

TEST(ClientRequests, OptionalHeadersOfTheKpnDialect) {
    ClientRig rig(Dialect::kKpnGateway);
    rig.serve({http_response(200, success(R"("ok")"))});
    net::parley::ClientConfig config = rig.config;
    config.auth_string = "user-jwt-abc";
    config.api_version = "1.9";
    net::parley::ParleyClient client(rig.http, rig.clock, config, &rig.tokens,
                                     parley_test::workspace());
    CHECK_EQUAL(Status::kOk, client.start_typing(rig.deadline()));
    STRCMP_EQUAL(("POST " + kKpnPath + "/services/event/startTyping HTTP/1.1\r\n" + kKpnHeaders +
                  "authString: user-jwt-abc\r\napi-version: 1.9\r\nContent-Length: 0\r\n\r\n")
                     .c_str(),
                 rig.sent().c_str());
}

TEST(ClientRequests, OptionalAuthorizationOfTheParleyDialect) {
    ClientRig rig(Dialect::kParleyDirect);
    rig.serve({http_response(200, success(R"("ok")"))});
    net::parley::ClientConfig config = rig.config;
    config.auth_string = "opaque-user-auth";
    net::parley::ParleyClient client(rig.http, rig.clock, config, nullptr,
                                     parley_test::workspace());
    CHECK_EQUAL(Status::kOk, client.stop_typing(rig.deadline()));
    STRCMP_EQUAL(("POST /clientApi/v1.9/services/event/stopTyping HTTP/1.1\r\n" + kParleyHeaders +
                  "Authorization: opaque-user-auth\r\nContent-Length: 0\r\n\r\n")
                     .c_str(),
                 rig.sent().c_str());
    CHECK_EQUAL(0, rig.tokens.asked);
}

TEST(ClientRequests, APageArrivingOneByteAtATimeOrChunkedDecodesTheSame) {
    ClientRig rig(Dialect::kKpnGateway, RequestEncoding::kJsonBody, 1);
    const std::string body = parley_test::page_json(
        {parley_test::message_json(3, 300), parley_test::message_json(2, 200)});
    std::string chunked =
        "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
        "Transfer-Encoding: chunked\r\n\r\n";
    for (size_t at = 0; at < body.size(); at += 97) {
        const std::string piece = body.substr(at, 97);
        char size[16];
        std::snprintf(size, sizeof size, "%zx\r\n", piece.size());
        chunked += size + piece + "\r\n";
    }
    chunked += "0\r\n\r\n";
    rig.serve({http_response(200, body), chunked});
    for (int round = 0; round < 2; ++round) {
        parley_test::CollectingHandler handler;
        net::parley::PageResult result;
        CHECK_EQUAL(Status::kOk, rig.client.get_messages(handler, &result, rig.deadline()));
        CHECK_EQUAL(2U, handler.ids.size());
        CHECK_EQUAL(300U, handler.texts[0].size());
        CHECK_EQUAL(200U, handler.texts[1].size());
        CHECK_EQUAL(9U, result.paging.after_id);
    }
}

namespace {

// A text read in pieces of at most 5 bytes (as from flash), failing when told to.
class PieceReader final : public net::text::TextReader {
  public:
    explicit PieceReader(std::string_view text, bool fail = false) : text_(text), fail_(fail) {}
    size_t size() const override { return text_.size(); }
    hal::Result<size_t> read(size_t offset, hal::CharSpan out) const override {
        if (fail_) return Status::kFlashError;
        const std::string_view rest = text_.substr(offset < text_.size() ? offset : text_.size());
        size_t n = rest.size() < out.size() ? rest.size() : out.size();
        if (n > 5) n = 5;
        for (size_t i = 0; i < n; ++i)
            out[i] = rest[i];
        return n;
    }

  private:
    std::string_view text_;
    bool fail_;
};

std::string sent_text(RequestEncoding encoding, const net::text::TextReader* reader,
                      std::string_view text, Status* status) {
    ClientRig rig(Dialect::kKpnGateway, encoding);
    rig.serve({http_response(200, success(R"({"messageId":"5"})"))});
    *status = reader != nullptr
                  ? rig.client.send_text(*reader, MessageType::kUser, rig.deadline()).status()
                  : rig.client.send_text(text, MessageType::kUser, rig.deadline()).status();
    return rig.socket.connects() > 0 ? rig.sent() : std::string();
}

}  // namespace

TEST(ClientRequests, ATextReadInPiecesSendsTheSameRequestInBothEncodings) {
    std::string text;
    for (int i = 0; i < 60; ++i)
        text += "Hallo \"dag\" & caf\xC3\xA9\n";
    for (const RequestEncoding encoding :
         {RequestEncoding::kJsonBody, RequestEncoding::kQueryString}) {
        const std::string_view shown = encoding == RequestEncoding::kJsonBody
                                           ? std::string_view(text)
                                           : std::string_view(text).substr(0, 100);
        const PieceReader reader(shown);
        Status by_view = Status::kInternal;
        Status by_reader = Status::kInternal;
        const std::string expected = sent_text(encoding, nullptr, shown, &by_view);
        CHECK_EQUAL(Status::kOk, by_view);
        CHECK(expected == sent_text(encoding, &reader, shown, &by_reader));
        CHECK_EQUAL(Status::kOk, by_reader);
    }
}

TEST(ClientRequests, AStreamedTextIsCheckedLikeAViewAndAFailedReadSendsNothing) {
    ClientRig rig(Dialect::kParleyDirect);
    rig.serve({http_response(200, success(R"({"messageId":"5"})"))});
    const PieceReader blank("  \n\t ");
    CHECK_EQUAL(Status::kInvalidArgument,
                rig.client.send_text(blank, MessageType::kUser, rig.deadline()).status());
    const PieceReader broken("caf\xC3");
    CHECK_EQUAL(Status::kInvalidArgument,
                rig.client.send_text(broken, MessageType::kUser, rig.deadline()).status());
    const PieceReader failing("fine text", true);
    CHECK_EQUAL(Status::kFlashError,
                rig.client.send_text(failing, MessageType::kUser, rig.deadline()).status());
    CHECK_EQUAL(0U, rig.socket.connects());
}

TEST(ClientRequests, AStreamedTextTooLongForTheQueryFormIsRefusedBeforeSending) {
    ClientRig rig(Dialect::kKpnGateway, RequestEncoding::kQueryString);
    rig.serve({http_response(200, success(R"({"messageId":"5"})"))});
    const std::string text(net::parley::kMaxRequestBodySize + 1, 'x');
    const PieceReader reader(text);
    CHECK_EQUAL(Status::kBufferTooSmall,
                rig.client.send_text(reader, MessageType::kUser, rig.deadline()).status());
    CHECK_EQUAL(0U, rig.socket.connects());
}

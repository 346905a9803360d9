// Every endpoint, in both dialects and both request encodings, one after another on one
// kept-alive connection: the whole byte stream the client sends is compared with what
// docs/protocol.md §6 says each request looks like.
#include <string>

#include "tests/parley/client_rig.h"

#include <CppUTest/TestHarness.h>

using hal::Status;
using net::parley::Dialect;
using net::parley::RequestEncoding;
using parley_test::ClientRig;
using parley_test::http_response;
using parley_test::success;

namespace {

class NullSink final : public net::http::BodySink {
  public:
    hal::Status write(hal::ConstByteSpan piece) override {
        bytes += piece.size();
        return Status::kOk;
    }
    size_t bytes = 0;
};

class TwoBytes final : public net::parley::MediaSource {
  public:
    hal::Result<size_t> read(hal::ByteSpan out) override {
        out[0] = 'P';
        return size_t{1};
    }
    hal::Status rewind() override { return Status::kOk; }
};

std::string identification(Dialect dialect) {
    if (dialect == Dialect::kKpnGateway) {
        return "Host: api-prd.kpn.com\r\nAuthorization: Bearer tok-ONE-secret\r\n"
               "uniqueAppDeviceId: 3f1c9a52-8e4b-4d7a-9c1e-5b2f6d8a0e17\r\n";
    }
    return "Host: api.parley.nu\r\n"
           "x-iris-identification: acct-SECRET-9x:3f1c9a52-8e4b-4d7a-9c1e-5b2f6d8a0e17\r\n";
}

std::string base(Dialect dialect) {
    return dialect == Dialect::kKpnGateway ? "/communication/parley/secure-messenger"
                                           : "/clientApi/v1.9";
}

struct Expect {
    Dialect dialect;
    std::string operator()(const std::string& method, const std::string& path,
                           const std::string& type = "", const std::string& body = "",
                           bool length = true) const {
        std::string out =
            method + " " + base(dialect) + path + " HTTP/1.1\r\n" + identification(dialect);
        if (!type.empty()) out += "Content-Type: " + type + "\r\n";
        if (length) out += "Content-Length: " + std::to_string(body.size()) + "\r\n";
        return out + "\r\n" + body;
    }
};

const std::string kMultipart =
    "--parley-embedded-6c1f0e93b7a2d5481fe0\r\nContent-Disposition: form-data; name=\"media\"; "
    "filename=\"a.png\"\r\nContent-Type: image/png\r\n\r\nPP\r\n"
    "--parley-embedded-6c1f0e93b7a2d5481fe0--\r\n";

void run_every_endpoint(Dialect dialect, RequestEncoding encoding) {
    ClientRig rig(dialect, encoding);
    const std::string page = http_response(200, parley_test::page_json({}));
    rig.serve({http_response(200, success("{}")),
               http_response(200, success(R"({"messageId":"1"})")),
               http_response(200, success(R"({"messageId":"2"})")), page, page, page,
               http_response(200, success(parley_test::message_json(7))),
               http_response(200, success("\"\"")), http_response(200, success("\"\"")),
               http_response(200, success(R"({"media":"m1"})")),
               "HTTP/1.1 200 OK\r\nContent-Type: image/png\r\nContent-Length: 3\r\n\r\nPNG",
               http_response(200, success("[]")),
               http_response(200, success(R"({"messageIds":[],"count":0})")),
               http_response(200, success(R"({"a":1})"))});
    const hal::Millis d = rig.deadline();
    net::parley::DeviceRegistration device;
    device.version = "1.2.3";
    device.referrer = "lobby";
    parley_test::CollectingHandler handler;
    static net::parley::PageResult result;
    static net::parley::Message message;
    TwoBytes file;
    net::parley::MediaUpload upload;
    upload.source = &file;
    upload.size = 2;
    upload.filename = "a.png";
    upload.mime_type = "image/png";
    message.media.present = true;
    NullSink sink;
    const uint64_t ids[] = {3};
    net::parley::UnseenCount unseen;
    char config[32];

    CHECK_EQUAL(Status::kOk, rig.client.subscribe_device(device, d));
    CHECK_EQUAL(1U, rig.client.send_text("Hi", net::parley::MessageType::kUser, d).value());
    CHECK_EQUAL(2U, rig.client.send_media_message("m1", "", d).value());
    CHECK_EQUAL(Status::kOk, rig.client.get_messages(handler, &result, d));
    CHECK_EQUAL(Status::kOk, rig.client.get_messages_before(5, handler, &result, d));
    CHECK_EQUAL(Status::kOk, rig.client.get_messages_after(6, handler, &result, d));
    CHECK_EQUAL(Status::kOk, rig.client.get_message(7, handler, d));
    CHECK_EQUAL(Status::kOk, rig.client.start_typing(d));
    CHECK_EQUAL(Status::kOk, rig.client.stop_typing(d));
    CHECK_EQUAL(Status::kOk, rig.client.upload_media(upload, d).status());
    message.media.present = true;
    message.media.year.assign("2024");
    message.media.month.assign("2");
    message.media.day.assign("29");
    message.media.filename.assign("m1.png");
    CHECK_EQUAL(Status::kOk, rig.client.download_media(message.media, sink, nullptr, d));
    CHECK_EQUAL(Status::kOk, rig.client.mark_messages(net::parley::DeliveryStatus::kDelivered,
                                                      hal::Span<const uint64_t>(ids), d));
    CHECK_EQUAL(Status::kOk, rig.client.unseen_count(&unseen, d));
    CHECK_EQUAL(7U, rig.client.get_config(hal::CharSpan(config), d).value());

    const Expect e{dialect};
    const bool query = encoding == RequestEncoding::kQueryString;
    const std::string json = "application/json";
    std::string expected =
        query ? e("POST", "/devices?type=4&version=1.2.3&referrer=lobby")
              : e("POST", "/devices", json, R"({"type":4,"version":"1.2.3","referrer":"lobby"})");
    expected += query ? e("POST", "/messages?message=Hi&typeId=1")
                      : e("POST", "/messages", json, R"({"message":"Hi","typeId":1})");
    expected += e("POST", "/messages", json, R"({"media":{"id":"m1"}})");
    expected += e("GET", "/messages", "", "", false);
    expected += e("GET", "/messages/before:5", "", "", false);
    expected += e("GET", "/messages/after:6", "", "", false);
    expected += e("GET", "/messages/7", "", "", false);
    expected += e("POST", "/services/event/startTyping");
    expected += e("POST", "/services/event/stopTyping");
    expected += e("POST", "/media",
                  "multipart/form-data; boundary=parley-embedded-6c1f0e93b7a2d5481fe0", kMultipart);
    expected += e("GET", "/media/2024/2/29/m1.png", "", "", false);
    expected += e("PUT", "/messages/status/3", json, R"({"messageIds":[3]})");
    expected += e("GET", "/messages/unseen/count", "", "", false);
    expected += e("GET", "/config", "", "", false);
    STRCMP_EQUAL(expected.c_str(), rig.sent().c_str());
    CHECK_EQUAL(1U, rig.socket.connects());
    CHECK_EQUAL(3U, sink.bytes);
}

}  // namespace

TEST_GROUP(ClientEndpoints){};

TEST(ClientEndpoints, KpnGatewayWithJsonBodies) {
    run_every_endpoint(Dialect::kKpnGateway, RequestEncoding::kJsonBody);
}

TEST(ClientEndpoints, KpnGatewayWithTheQueryStringForm) {
    run_every_endpoint(Dialect::kKpnGateway, RequestEncoding::kQueryString);
}

TEST(ClientEndpoints, ParleyDirectWithJsonBodies) {
    run_every_endpoint(Dialect::kParleyDirect, RequestEncoding::kJsonBody);
}

TEST(ClientEndpoints, ParleyDirectWithTheQueryStringForm) {
    run_every_endpoint(Dialect::kParleyDirect, RequestEncoding::kQueryString);
}

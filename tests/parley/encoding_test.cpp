// What the client writes: device registration in both encodings, multipart framing; and
// the input checks that run before anything is sent.
#include <algorithm>
#include <cstring>
#include <string>

#include "net/json/json_writer.h"
#include "net/parley/device_registration.h"
#include "net/parley/input_checks.h"
#include "net/parley/media_upload.h"
#include "tests/support/drain_source.h"

#include <CppUTest/TestHarness.h>

using hal::Status;

namespace {

class BytesSource final : public net::parley::MediaSource {
  public:
    explicit BytesSource(std::string bytes) : bytes_(std::move(bytes)) {}
    hal::Result<size_t> read(hal::ByteSpan out) override {
        if (at_ == bytes_.size()) return size_t{0};
        size_t n = std::min(out.size(), bytes_.size() - at_);
        if (n > 3) n -= 2;  // a source may return less than asked
        std::memcpy(out.data(), bytes_.data() + at_, n);
        at_ += n;
        return n;
    }
    hal::Status rewind() override {
        at_ = 0;
        ++rewinds;
        return Status::kOk;
    }
    int rewinds = 0;

  private:
    std::string bytes_;
    size_t at_ = 0;
};

class Progress final : public net::parley::UploadProgress {
  public:
    void on_progress(uint64_t sent, uint64_t total) override {
        last_sent = sent;
        last_total = total;
        ++calls;
    }
    uint64_t last_sent = 0;
    uint64_t last_total = 0;
    int calls = 0;
};

}  // namespace

TEST_GROUP(DeviceRegistration) {
    net::parley::DeviceRegistration device;
    void setup() override {
        device.version = "1.2.3";
    }
};

TEST(DeviceRegistration, MinimalJson) {
    char out[256];
    net::json::JsonWriter w{hal::CharSpan(out)};
    net::parley::write_registration_json(device, w);
    CHECK_EQUAL(Status::kOk, w.status());
    STRCMP_EQUAL(R"({"type":4,"version":"1.2.3"})", std::string(w.view()).c_str());
}

TEST(DeviceRegistration, FullJsonAndQuery) {
    device.push_token = "tok/+=";
    device.push_type = 4;
    device.send_push_enabled = true;
    device.push_enabled = true;
    device.user.name = "Jan \"JJ\"";
    device.user.email = "jan@example.com";
    device.referrer = "kiosk-7";
    char out[512];
    net::json::JsonWriter w{hal::CharSpan(out)};
    net::parley::write_registration_json(device, w);
    CHECK_EQUAL(Status::kOk, w.status());
    STRCMP_EQUAL(R"({"type":4,"version":"1.2.3","pushToken":"tok/+=","pushType":4,)"
                 R"("pushEnabled":true,"userAdditionalInformation":{"name":"Jan \"JJ\"",)"
                 R"("email":"jan@example.com"},"referrer":"kiosk-7"})",
                 std::string(w.view()).c_str());
    net::parley::DeviceQuery query;
    net::parley::write_registration_query(device, &query);
    std::string joined;
    for (const net::http::QueryParam& p : query.span())
        joined += std::string(p.name) + "=" + std::string(p.value) + ";";
    STRCMP_EQUAL(
        "type=4;version=1.2.3;pushToken=tok/+=;pushType=4;pushEnabled=1;"
        "userAdditionalInformation[name]=Jan \"JJ\";"
        "userAdditionalInformation[email]=jan@example.com;referrer=kiosk-7;",
        joined.c_str());
}

TEST(DeviceRegistration, ChecksVersionTypeAndText) {
    CHECK_EQUAL(Status::kOk, net::parley::check_registration(device));
    device.version = "1.2";
    CHECK_EQUAL(Status::kInvalidArgument, net::parley::check_registration(device));
    device.version = "1.2.3";
    device.type = static_cast<net::parley::DeviceType>(9);
    CHECK_EQUAL(Status::kInvalidArgument, net::parley::check_registration(device));
    device.type = net::parley::DeviceType::kWeb;
    device.user.address = "\xC3";
    CHECK_EQUAL(Status::kInvalidArgument, net::parley::check_registration(device));
}

TEST_GROUP(InputChecks){};

TEST(InputChecks, DeviceIds) {
    CHECK_EQUAL(Status::kOk, net::parley::check_device_id("0123456789"));
    CHECK_EQUAL(Status::kOk, net::parley::check_device_id("3f1c9a52-8e4b-4d7a-9c1e-5b2f6d8a0e17"));
    CHECK_EQUAL(Status::kInvalidArgument, net::parley::check_device_id("012345678"));
    CHECK_EQUAL(Status::kInvalidArgument, net::parley::check_device_id("0123 456789"));
    CHECK_EQUAL(Status::kInvalidArgument, net::parley::check_device_id("0123456789\r\nX: y"));
    CHECK_EQUAL(Status::kInvalidArgument, net::parley::check_device_id(std::string(
                                              net::parley::kMaxDeviceIdLength + 1, 'a')));
}

TEST(InputChecks, Versions) {
    const char* const good[] = {"1.2.3", "010203", "10.20.30", "1.22.333", "12345", "1.2.3.4"};
    const char* const bad[] = {"1.2",    "1.2.3.4.5", "1..2.3",    ".1.2.3", "1.2.3.",
                               "v1.2.3", "1-2-3",     "123456789", "",       "1.2.a"};
    for (const char* v : good)
        CHECK_EQUAL_TEXT(Status::kOk, net::parley::check_version(v), v);
    for (const char* v : bad) {
        CHECK_EQUAL_TEXT(Status::kInvalidArgument, net::parley::check_version(v), v);
    }
}

TEST(InputChecks, TextsCountCharacters) {
    CHECK_EQUAL(Status::kOk, net::parley::check_text("Hello"));
    CHECK_EQUAL(Status::kInvalidArgument, net::parley::check_text(""));
    CHECK_EQUAL(Status::kInvalidArgument, net::parley::check_text(" \n\t "));
    CHECK_EQUAL(Status::kInvalidArgument, net::parley::check_text("bad \xC3("));
    std::string limit;
    for (size_t i = 0; i < net::parley::kMaxTextLength; ++i)
        limit += "\xE2\x82\xAC";  // 3 bytes each: 15000 bytes, 5000 characters
    CHECK_EQUAL(Status::kOk, net::parley::check_text(limit));
    CHECK_EQUAL(Status::kInvalidArgument, net::parley::check_text(limit + "x"));
}

TEST(InputChecks, SendTypes) {
    CHECK_EQUAL(Status::kOk, net::parley::check_send_type(1));
    CHECK_EQUAL(Status::kOk, net::parley::check_send_type(4));
    CHECK_EQUAL(Status::kInvalidArgument, net::parley::check_send_type(2));
    CHECK_EQUAL(Status::kInvalidArgument, net::parley::check_send_type(0));
}

TEST(InputChecks, MediaUploads) {
    BytesSource source("x");
    net::parley::MediaUpload upload;
    upload.source = &source;
    upload.size = 1;
    upload.filename = "photo.jpg";
    upload.mime_type = "image/JPEG";
    CHECK_EQUAL(Status::kOk, net::parley::check_media_upload(upload));
    upload.size = net::parley::kMaxMediaSize;
    CHECK_EQUAL(Status::kOk, net::parley::check_media_upload(upload));
    upload.size = net::parley::kMaxMediaSize + 1;
    CHECK_EQUAL(Status::kInvalidArgument, net::parley::check_media_upload(upload));
    upload.size = 0;
    CHECK_EQUAL(Status::kInvalidArgument, net::parley::check_media_upload(upload));
    upload.size = 10;
    upload.mime_type = "image/webp";
    CHECK_EQUAL(Status::kInvalidArgument, net::parley::check_media_upload(upload));
    upload.mime_type = "application/pdf";
    upload.filename = "a\"b.pdf";
    CHECK_EQUAL(Status::kInvalidArgument, net::parley::check_media_upload(upload));
    upload.filename = "a\r\nb.pdf";
    CHECK_EQUAL(Status::kInvalidArgument, net::parley::check_media_upload(upload));
    upload.filename = "";
    CHECK_EQUAL(Status::kInvalidArgument, net::parley::check_media_upload(upload));
    upload.filename = "factuur-\xC3\xA9t\xC3\xA9.pdf";
    CHECK_EQUAL(Status::kOk, net::parley::check_media_upload(upload));
    upload.boundary = "bad boundary";
    CHECK_EQUAL(Status::kInvalidArgument, net::parley::check_media_upload(upload));
    upload.source = nullptr;
    upload.boundary = "";
    CHECK_EQUAL(Status::kInvalidArgument, net::parley::check_media_upload(upload));
}

TEST_GROUP(Multipart){};

TEST(Multipart, FramesThePartByteForByteWithAnExactLength) {
    const std::string data =
        std::string("\x89PNG\r\n--not-the-boundary\r\n") + '\0' + std::string("\x01 binary");
    BytesSource source(data);
    Progress progress;
    net::parley::MediaUpload upload;
    upload.source = &source;
    upload.size = data.size();
    upload.filename = "p.png";
    upload.mime_type = "image/png";
    upload.progress = &progress;
    upload.boundary = "XyZ";
    char framing[256];
    net::parley::MultipartSource body;
    CHECK_EQUAL(Status::kOk, body.prepare(upload, hal::CharSpan(framing)));
    STRCMP_EQUAL("multipart/form-data; boundary=XyZ", std::string(body.content_type()).c_str());
    const std::string expected =
        "--XyZ\r\nContent-Disposition: form-data; name=\"media\"; filename=\"p.png\"\r\n"
        "Content-Type: image/png\r\n\r\n" +
        data + "\r\n--XyZ--\r\n";
    CHECK_EQUAL(expected.size(), body.length());
    int passes = 0;
    for (size_t piece = 1; piece < 30; piece += 7, ++passes) {
        CHECK_EQUAL(Status::kOk, body.rewind());
        const std::string sent = test::drain(body, body.length(), piece);
        CHECK_EQUAL(expected.size(), sent.size());
        CHECK(expected == sent);
        CHECK_EQUAL(data.size(), progress.last_sent);
        CHECK_EQUAL(data.size(), progress.last_total);
    }
    CHECK_EQUAL(passes, source.rewinds);
}

TEST(Multipart, ASourceThatEndsEarlyBreaksTheUpload) {
    BytesSource source("short");
    net::parley::MediaUpload upload;
    upload.source = &source;
    upload.size = 100;
    upload.filename = "f.gif";
    upload.mime_type = "image/gif";
    char framing[256];
    net::parley::MultipartSource body;
    CHECK_EQUAL(Status::kOk, body.prepare(upload, hal::CharSpan(framing)));
    uint8_t out[64];
    hal::Result<size_t> got = body.read(hal::ByteSpan(out));  // the part head
    CHECK_TRUE(got.ok());
    while (got.ok() && got.value() > 0)
        got = body.read(hal::ByteSpan(out));
    CHECK_EQUAL(Status::kInvalidArgument, got.status());
}

TEST(Multipart, FramingThatDoesNotFitIsRefused) {
    BytesSource source("x");
    net::parley::MediaUpload upload;
    upload.source = &source;
    upload.size = 1;
    upload.filename = "f.gif";
    upload.mime_type = "image/gif";
    char framing[64];
    net::parley::MultipartSource body;
    CHECK_EQUAL(Status::kBufferTooSmall, body.prepare(upload, hal::CharSpan(framing)));
}

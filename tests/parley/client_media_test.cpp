// Media over the client: a multipart upload byte for byte, a 10 MB upload streamed from
// a source with no heap and exact framing, the resend after a refused token, downloads
// streamed to a sink with their Content-Type.
#include <string>

#include "tests/parley/client_rig.h"
#include "tests/support/alloc_guard.h"

#include <CppUTest/TestHarness.h>

using hal::Status;
using net::parley::Dialect;
using parley_test::ClientRig;
using parley_test::failure;
using parley_test::http_response;
using parley_test::success;

namespace {

// A file of `size` bytes made up on the fly (byte i = (i * 131 + 7) mod 256), read in
// pieces of at most `max_piece`.
class GeneratedFile final : public net::parley::MediaSource {
  public:
    GeneratedFile(uint64_t size, size_t max_piece) : size_(size), max_piece_(max_piece) {}
    hal::Result<size_t> read(hal::ByteSpan out) override {
        size_t n = out.size() < max_piece_ ? out.size() : max_piece_;
        if (n > size_ - at_) n = static_cast<size_t>(size_ - at_);
        for (size_t i = 0; i < n; ++i)
            out[i] = byte_at(at_ + i);
        at_ += n;
        return n;
    }
    hal::Status rewind() override {
        at_ = 0;
        ++rewinds;
        return Status::kOk;
    }
    static uint8_t byte_at(uint64_t i) { return static_cast<uint8_t>(i * 131 + 7); }
    int rewinds = 0;

  private:
    uint64_t size_;
    size_t max_piece_;
    uint64_t at_ = 0;
};

class Progress final : public net::parley::UploadProgress {
  public:
    void on_progress(uint64_t sent, uint64_t total) override {
        if (sent < last) backwards = true;
        last = sent;
        total_seen = total;
        ++calls;
    }
    uint64_t last = 0;
    uint64_t total_seen = 0;
    uint64_t calls = 0;
    bool backwards = false;
};

class StringSink final : public net::http::BodySink {
  public:
    hal::Status write(hal::ConstByteSpan piece) override {
        text.append(reinterpret_cast<const char*>(piece.data()), piece.size());
        return text.size() > limit ? Status::kNoSpace : Status::kOk;
    }
    std::string text;
    size_t limit = SIZE_MAX;
};

uint32_t checksum(uint32_t sum, const std::string& text) {
    for (const char c : text)
        sum = sum * 31 + static_cast<uint8_t>(c);
    return sum;
}

const std::string kBoundary = "parley-embedded-6c1f0e93b7a2d5481fe0";

std::string part_head(const std::string& filename, const std::string& type) {
    return "--" + kBoundary + "\r\nContent-Disposition: form-data; name=\"media\"; filename=\"" +
           filename + "\"\r\nContent-Type: " + type + "\r\n\r\n";
}

std::string part_tail() {
    return "\r\n--" + kBoundary + "--\r\n";
}

net::parley::MediaUpload upload_of(GeneratedFile& file, uint64_t size, const char* name,
                                   const char* type) {
    net::parley::MediaUpload upload;
    upload.source = &file;
    upload.size = size;
    upload.filename = name;
    upload.mime_type = type;
    return upload;
}

}  // namespace

TEST_GROUP(ClientMedia){};

TEST(ClientMedia, UploadsOneMultipartPartByteForByte) {
    ClientRig rig(Dialect::kParleyDirect);
    rig.serve({http_response(200, success(R"({"media":"2024/01/15/abc.png"})"))});
    GeneratedFile file(300, 17);
    Progress progress;
    net::parley::MediaUpload upload = upload_of(file, 300, "photo.png", "image/png");
    upload.progress = &progress;
    const hal::Result<std::string_view> id = rig.client.upload_media(upload, rig.deadline());
    CHECK_EQUAL(Status::kOk, id.status());
    STRCMP_EQUAL("2024/01/15/abc.png", std::string(id.value()).c_str());
    std::string data;
    for (uint64_t i = 0; i < 300; ++i)
        data += static_cast<char>(GeneratedFile::byte_at(i));
    const std::string body = part_head("photo.png", "image/png") + data + part_tail();
    const std::string expected =
        "POST /clientApi/v1.9/media HTTP/1.1\r\nHost: api.parley.nu\r\n"
        "x-iris-identification: acct-SECRET-9x:3f1c9a52-8e4b-4d7a-9c1e-5b2f6d8a0e17\r\n"
        "Content-Type: multipart/form-data; boundary=" +
        kBoundary +
        "\r\n"
        "Content-Length: " +
        std::to_string(body.size()) + "\r\n\r\n" + body;
    CHECK(expected == rig.sent());
    CHECK_EQUAL(300U, progress.last);
    CHECK_EQUAL(300U, progress.total_seen);
    CHECK_FALSE(progress.backwards);
}

TEST(ClientMedia, ATenMegabyteUploadIsStreamedWithoutHeap) {
    ClientRig rig(Dialect::kKpnGateway, net::parley::RequestEncoding::kJsonBody, 0);
    rig.socket.stop_recording();
    hal::set_log(nullptr);
    rig.serve({http_response(200, success(R"({"media":"m-10mb"})"))});
    const uint64_t size = net::parley::kMaxMediaSize;
    GeneratedFile file(size, 4096);
    Progress progress;
    net::parley::MediaUpload upload = upload_of(file, size, "scan.pdf", "application/pdf");
    upload.progress = &progress;
    hal::Result<std::string_view> id = Status::kInternal;
    size_t allocations = 0;
    {
        test::AllocGuard guard;
        id = rig.client.upload_media(upload, rig.deadline());
        allocations = guard.allocations();
    }
    CHECK_EQUAL(0U, allocations);
    CHECK_EQUAL(Status::kOk, id.status());
    STRCMP_EQUAL("m-10mb", std::string(id.value()).c_str());
    CHECK_EQUAL(size, progress.last);
    CHECK_FALSE(progress.backwards);
    // The exact bytes, checked by count and checksum: head, framing, data, closing line.
    const std::string head_part = part_head("scan.pdf", "application/pdf");
    const uint64_t length = head_part.size() + size + part_tail().size();
    const std::string head =
        "POST /communication/parley/secure-messenger/media HTTP/1.1\r\nHost: api-prd.kpn.com\r\n"
        "Authorization: Bearer tok-ONE-secret\r\n"
        "uniqueAppDeviceId: 3f1c9a52-8e4b-4d7a-9c1e-5b2f6d8a0e17\r\n"
        "Content-Type: multipart/form-data; boundary=" +
        kBoundary +
        "\r\n"
        "Content-Length: " +
        std::to_string(length) + "\r\n\r\n";
    uint32_t sum = checksum(checksum(0, head), head_part);
    for (uint64_t i = 0; i < size; ++i)
        sum = sum * 31 + GeneratedFile::byte_at(i);
    sum = checksum(sum, part_tail());
    CHECK_EQUAL(head.size() + length, rig.socket.sent_count(0));
    CHECK_EQUAL(sum, rig.socket.sent_checksum(0));
}

TEST(ClientMedia, ARefusedTokenRewindsTheFileAndSendsItAgain) {
    ClientRig rig(Dialect::kKpnGateway);
    rig.serve({http_response(401, failure("authentication_expired")),
               http_response(200, success(R"({"media":"m2"})"))});
    GeneratedFile file(1000, 100);
    const hal::Result<std::string_view> id =
        rig.client.upload_media(upload_of(file, 1000, "a.gif", "image/gif"), rig.deadline());
    CHECK_EQUAL(Status::kOk, id.status());
    CHECK_EQUAL(1, file.rewinds);
    CHECK_EQUAL(1, rig.tokens.refused);
    const std::string sent = rig.sent();
    const std::string tail = part_tail();
    size_t tails = 0;
    for (size_t at = sent.find(tail); at != std::string::npos; at = sent.find(tail, at + 1))
        ++tails;
    CHECK_EQUAL(2U, tails);
}

TEST(ClientMedia, UploadsAreCheckedBeforeSending) {
    ClientRig rig(Dialect::kKpnGateway);
    GeneratedFile file(10, 10);
    CHECK_EQUAL(Status::kInvalidArgument,
                rig.client
                    .upload_media(
                        upload_of(file, net::parley::kMaxMediaSize + 1, "a.pdf", "application/pdf"),
                        rig.deadline())
                    .status());
    CHECK_EQUAL(Status::kInvalidArgument,
                rig.client.upload_media(upload_of(file, 10, "a.bmp", "image/bmp"), rig.deadline())
                    .status());
    CHECK_EQUAL(0U, rig.socket.connects());
}

TEST(ClientMedia, AnUploadRefusedByTheServiceKeepsItsError) {
    ClientRig rig(Dialect::kParleyDirect);
    rig.serve({http_response(400, failure("media_too_large"))});
    GeneratedFile file(10, 10);
    CHECK_EQUAL(Status::kBadRequest,
                rig.client.upload_media(upload_of(file, 10, "a.jpg", "image/jpeg"), rig.deadline())
                    .status());
    STRCMP_EQUAL("media_too_large", rig.client.last_error().error);
}

TEST(ClientMedia, DownloadsStreamToTheSinkWithTheirContentType) {
    ClientRig rig(Dialect::kKpnGateway);
    std::string bytes;
    for (int i = 0; i < 3000; ++i)
        bytes += static_cast<char>(GeneratedFile::byte_at(static_cast<uint64_t>(i)));
    rig.serve(
        {"HTTP/1.1 200 OK\r\nContent-Type: image/jpeg\r\nContent-Length: 3000\r\n\r\n" + bytes});
    static net::parley::Media media;
    media.present = true;
    media.year.assign("2024");
    media.month.assign("01");
    media.day.assign("15");
    media.filename.assign("my photo?.jpg");
    StringSink sink;
    net::parley::MediaDownload info;
    CHECK_EQUAL(Status::kOk, rig.client.download_media(media, sink, &info, rig.deadline()));
    CHECK(bytes == sink.text);
    CHECK_EQUAL(3000U, info.length);
    STRCMP_EQUAL("image/jpeg", info.content_type);
    STRCMP_CONTAINS(
        "GET /communication/parley/secure-messenger/media/2024/01/15/"
        "my%20photo%3F.jpg HTTP/1.1\r\n",
        rig.sent().c_str());
}

TEST(ClientMedia, AMissingDownloadIsNotFoundAndTheSinkGetsNothing) {
    ClientRig rig(Dialect::kParleyDirect);
    rig.serve({http_response(404, "{\"status\":\"ERROR\"}")});
    static net::parley::Media media;
    media.present = true;
    media.year.assign("2024");
    media.month.assign("1");
    media.day.assign("5");
    media.filename.assign("gone.png");
    StringSink sink;
    CHECK_EQUAL(Status::kNotFound, rig.client.download_media(media, sink, nullptr, rig.deadline()));
    CHECK_TRUE(sink.text.empty());
}

TEST(ClientMedia, ASinkErrorStopsTheDownload) {
    ClientRig rig(Dialect::kParleyDirect);
    rig.serve({"HTTP/1.1 200 OK\r\nContent-Type: application/pdf\r\nContent-Length: 5000\r\n\r\n" +
               std::string(5000, 'p')});
    static net::parley::Media media;
    media.present = true;
    media.year.assign("2024");
    media.month.assign("1");
    media.day.assign("5");
    media.filename.assign("big.pdf");
    StringSink sink;
    sink.limit = 1000;
    CHECK_EQUAL(Status::kNoSpace, rig.client.download_media(media, sink, nullptr, rig.deadline()));
    CHECK_FALSE(rig.http.body_pending());
}

TEST(ClientMedia, AMessageWithoutMediaCannotBeDownloaded) {
    ClientRig rig(Dialect::kParleyDirect);
    static net::parley::Media media;
    media.present = false;
    StringSink sink;
    CHECK_EQUAL(Status::kInvalidArgument,
                rig.client.download_media(media, sink, nullptr, rig.deadline()));
    CHECK_EQUAL(0U, rig.socket.connects());
}

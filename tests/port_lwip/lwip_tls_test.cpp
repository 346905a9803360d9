// The layers above the socket, over lwIP: net::tls::TlsClient against `openssl s_server`
// (an independent TLS stack) and net::http::HttpClient against the peers' plain HTTP
// server, both inside the test namespace. The server certificate (server-extra.pem from
// tools/certs/make-test-certs, EXTRA_SAN set by tests/port_lwip/CMakeLists.txt) names
// 10.200.0.1 and tls.parley.test.
#include <CppUTest/TestHarness.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string_view>

#include "net/http/http_client.h"
#include "net/tls/tls_client.h"
#include "net/tls/tls_platform.h"
#include "net/url/url.h"
#include "port/lwip/lwip_tcp_socket.h"
#include "tests/port_lwip/lwip_test_env.h"
#include "tests/port_lwip/peer_process.h"
#include "tests/support/alloc_guard.h"

using hal::Status;
using lwip_test::in;

namespace {

constexpr hal::Millis kBudgetMs = 10000;
constexpr const char* kServerLeaf = "server-extra";
constexpr const char* kTlsName = "tls.parley.test";  // in EXTRA_SAN and in peers.py's zone
constexpr size_t kDownloadSize = 256 * 1024;
constexpr size_t kReplyMax = kDownloadSize + 1024;

alignas(8) uint8_t g_arena[128 * 1024];
uint8_t g_reply[kReplyMax];

// The CA bundle, PEM with its terminating NUL, read once.
hal::ConstByteSpan ca_bundle() {
    static uint8_t bundle[16 * 1024];
    static size_t size = 0;
    if (size == 0) {
        char path[256];
        std::snprintf(path, sizeof path, "%s/bundle.pem", lwip_test::cert_dir());
        if (FILE* file = std::fopen(path, "rb")) {
            size = std::fread(bundle, 1, sizeof bundle - 1, file);
            std::fclose(file);
            bundle[size++] = '\0';
        }
    }
    return hal::ConstByteSpan(bundle, size);
}

uint8_t pattern_byte(size_t i) {
    return static_cast<uint8_t>((i * 2654435761u) >> 11);
}

// A scratch directory holding the file s_server -WWW serves; removed afterwards.
class DownloadDir {
  public:
    DownloadDir() {
        std::snprintf(path_, sizeof path_, "/tmp/parley-lwip-XXXXXX");
        if (::mkdtemp(path_) == nullptr) return;
        std::snprintf(file_, sizeof file_, "%s/blob.bin", path_);
        FILE* out = std::fopen(file_, "wb");
        if (out == nullptr) return;
        for (size_t i = 0; i < kDownloadSize; ++i)
            std::fputc(pattern_byte(i), out);
        ok_ = std::fclose(out) == 0;
    }
    ~DownloadDir() {
        std::remove(file_);
        std::remove(path_);
    }
    bool ok() const { return ok_; }
    const char* path() const { return path_; }

  private:
    char path_[64] = {};
    char file_[96] = {};
    bool ok_ = false;
};

}  // namespace

TEST_GROUP(LwipTls) {
    port::lwip::LwipTcpSocket tcp{lwip_test::stack()};
    net::tls::TlsClient tls{tcp, lwip_test::clock()};
    lwip_test::PeerProcess server;

    void setup() override {
        CHECK_EQUAL(Status::kOk, lwip_test::bring_up());
        const net::tls::PlatformConfig config{hal::ByteSpan(g_arena), &lwip_test::entropy(),
                                              &lwip_test::clock(), 0};
        CHECK_EQUAL(Status::kOk, net::tls::platform_init(config));
        CHECK_EQUAL(Status::kOk, tls.configure({ca_bundle()}));
    }

    void teardown() override {
        tls.close();
        server.stop();
    }

    // openssl s_server on 10.200.0.1:8443 with `leaf`; `mode` is -www (a status page)
    // or -WWW (files from `dir`).
    void start_server(const char* protocol, const char* leaf = kServerLeaf,
                      const char* mode = "-www", const char* dir = nullptr) {
        static char accept[32];
        static char cert[256];
        static char key[256];
        std::snprintf(accept, sizeof accept, "%s:%u", lwip_test::kPeerAddress,
                      static_cast<unsigned>(lwip_test::kTlsPort));
        std::snprintf(cert, sizeof cert, "%s/%s.pem", lwip_test::cert_dir(), leaf);
        std::snprintf(key, sizeof key, "%s/%s.key", lwip_test::cert_dir(), leaf);
        const char* const argv[] = {"openssl", "s_server", "-accept", accept, protocol, "-cert",
                                    cert,      "-key",     key,       mode,   nullptr};
        CHECK_TRUE(server.start(argv, "ACCEPT", dir));
    }

    Status connect(const char* host = lwip_test::kPeerAddress) {
        return tls.connect(host, lwip_test::kTlsPort, in(kBudgetMs));
    }

    // CppUTest evaluates macro arguments again on failure; a connect must run once.
    void expect_status(Status expected, Status actual) {
        CHECK_EQUAL(expected, actual);
    }

    // Sends `request`, reads until the server closes. A view into g_reply, empty on failure.
    std::string_view exchange(std::string_view request = "GET / HTTP/1.0\r\n\r\n") {
        const hal::Millis deadline = in(kBudgetMs);
        if (lwip_test::send_all(tls, hal::as_bytes(request), deadline) != Status::kOk) return {};
        size_t got = 0;
        for (;;) {
            const hal::Result<size_t> n =
                tls.recv(hal::ByteSpan(g_reply + got, sizeof g_reply - got), deadline);
            if (n.status() == Status::kClosed) break;
            if (!n.ok() || got + n.value() >= sizeof g_reply) return {};
            if (n.value() == 0 && hal::deadline_passed(lwip_test::clock().now_ms(), deadline)) {
                return {};
            }
            got += n.value();
        }
        return std::string_view(reinterpret_cast<const char*>(g_reply), got);
    }
};

TEST(LwipTls, Tls13HandshakeAndExchangeOverLwip) {
    start_server("-tls1_3");
    expect_status(Status::kOk, connect());
    STRCMP_EQUAL("TLSv1.3", std::string(tls.protocol()).c_str());
    const std::string_view reply = exchange();
    CHECK_TRUE(reply.rfind("HTTP/1.0 200 ok", 0) == 0);
    CHECK_TRUE(reply.find("New, TLSv1.3") != std::string_view::npos);
}

TEST(LwipTls, Tls12HandshakeAndExchangeOverLwip) {
    start_server("-tls1_2");
    expect_status(Status::kOk, connect());
    STRCMP_EQUAL("TLSv1.2", std::string(tls.protocol()).c_str());
    STRCMP_CONTAINS("ECDHE-ECDSA", std::string(tls.ciphersuite()).c_str());
    CHECK_TRUE(exchange().find("New, TLSv1.2") != std::string_view::npos);
}

TEST(LwipTls, ConnectsByANameResolvedThroughLwipDns) {
    start_server("-tls1_3");
    expect_status(Status::kOk, connect(kTlsName));
    CHECK_TRUE(exchange().find("New, TLSv1.3") != std::string_view::npos);
}

TEST(LwipTls, SecondConnectionResumesTheSession) {
    start_server("-tls1_3");
    expect_status(Status::kOk, connect());
    CHECK_TRUE(exchange().find("New, TLSv1.3") != std::string_view::npos);
    tls.close();
    expect_status(Status::kOk, connect());
    CHECK_TRUE(tls.session_resumed());
    CHECK_TRUE(exchange().find("Reused, TLSv1.3") != std::string_view::npos);
}

TEST(LwipTls, CertificateForAnotherHostFailsClosed) {
    start_server("-tls1_3", "server-ec");  // names only localhost / 127.0.0.1
    expect_status(Status::kCertHostnameMismatch, connect());
    CHECK_FALSE(tls.is_connected());
    CHECK_FALSE(tcp.is_connected());
}

TEST(LwipTls, DownloadsAQuarterMegabyteIn16KbRecordsThroughTheSmallWindow) {
    // Full-size TLS records (16 KB) arrive through a 5.8 KB TCP window: the record is
    // assembled in mbedTLS's buffer across many window updates.
    DownloadDir dir;
    CHECK_TRUE(dir.ok());
    start_server("-tls1_3", kServerLeaf, "-WWW", dir.path());
    expect_status(Status::kOk, connect());
    const hal::Millis start = lwip_test::clock().now_ms();
    const std::string_view reply = exchange("GET /blob.bin HTTP/1.0\r\n\r\n");
    const hal::Millis elapsed = lwip_test::clock().now_ms() - start;
    const size_t body_at = reply.find("\r\n\r\n");
    CHECK_TRUE(reply.rfind("HTTP/1.0 200 ok", 0) == 0);
    CHECK(body_at != std::string_view::npos);
    const std::string_view body = reply.substr(body_at + 4);
    CHECK_EQUAL(kDownloadSize, body.size());
    for (size_t i = 0; i < body.size(); ++i) {
        if (static_cast<uint8_t>(body[i]) != pattern_byte(i)) FAIL("body differs");
    }
    std::printf("\n[figure] lwip-tls13-download-256KiB %u ms", static_cast<unsigned>(elapsed));
}

TEST(LwipTls, ConnectAndExchangeAllocateNothingFromTheHeap) {
    start_server("-tls1_3");
    size_t allocations = 0;
    bool exchanged = false;
    {
        test::AllocGuard guard;
        const Status status = connect();
        exchanged = status == Status::kOk && !exchange().empty();
        tls.close();
        allocations = guard.allocations();
    }
    CHECK_TRUE(exchanged);
    CHECK_EQUAL(0U, allocations);
}

TEST_GROUP(LwipHttp) {
    port::lwip::LwipTcpSocket tcp{lwip_test::stack()};
    uint8_t work[1024];
    char body[64];

    void setup() override {
        CHECK_EQUAL(Status::kOk, lwip_test::bring_up());
    }

    void teardown() override {
        tcp.close();
    }
};

TEST(LwipHttp, KeepAliveClientReusesOneConnectionForTwoRequests) {
    const hal::Result<net::url::Url> origin = net::url::parse_url("http://10.200.0.1:7080");
    CHECK_EQUAL(Status::kOk, origin.status());
    net::http::HttpClient client(tcp, lwip_test::clock(), origin.value(), hal::ByteSpan(work));
    net::http::Request request;
    request.path = "/hello";
    for (int i = 0; i < 2; ++i) {
        net::http::ResponseHead head;
        const hal::Result<size_t> n = client.request_into(
            request, hal::ByteSpan(reinterpret_cast<uint8_t*>(body), sizeof body), &head,
            in(kBudgetMs));
        CHECK_EQUAL(Status::kOk, n.status());
        CHECK_EQUAL(200, head.status);
        STRCMP_EQUAL("hello over lwIP\n", std::string(body, n.value()).c_str());
    }
    // The idle probe (a read with a passed deadline) found the connection alive.
    CHECK_EQUAL(1u, client.connections_opened());
}

// HttpClient over a real TCP socket (port::posix::TcpSocket) to a loopback server
// thread: keep-alive on a real connection, and a real idle close (FIN) detected
// before the next request is written.
#include <CppUTest/TestHarness.h>

#include <string>

#include "net/http/http_client.h"
#include "port/posix/clock.h"
#include "port/posix/tcp_socket.h"
#include "tests/http/loopback_server.h"

using hal::Status;
using http_test::CannedResponse;
using http_test::LoopbackServer;

namespace {

constexpr hal::Millis kTimeout = 5000;

size_t count(const std::string& text, const std::string& what) {
    size_t n = 0;
    for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1))
        ++n;
    return n;
}

}  // namespace

TEST_GROUP(HttpClientLoopback) {
    port::posix::SystemClock clock;
    port::posix::TcpSocket socket{clock};
    uint8_t work[1024];
    char body[256];
    std::string url_text;

    net::url::Url url_for(const LoopbackServer& server) {
        url_text = "http://127.0.0.1:" + std::to_string(server.port()) + "/base";
        return net::url::parse_url(url_text).value();
    }
    hal::Millis deadline() {
        return clock.now_ms() + kTimeout;
    }
    hal::Result<size_t> fetch(net::http::HttpClient & client, net::http::Method method) {
        net::http::Request r;
        r.method = method;
        r.path_prefix = "/base";
        r.path = "/messages";
        r.body = hal::as_bytes(method == net::http::Method::kPost ? "{\"message\":\"hi\"}" : "");
        return client.request_into(r, hal::ByteSpan(reinterpret_cast<uint8_t*>(body), sizeof body),
                                   nullptr, deadline());
    }
};

TEST(HttpClientLoopback, TwoRequestsShareOneRealConnection) {
    LoopbackServer server({
        {"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n4\r\nfirs\r\n1\r\nt\r\n0\r\n\r\n"},
        {"HTTP/1.1 200 OK\r\nContent-Length: 6\r\n\r\nsecond"},
    });
    const net::url::Url url = url_for(server);
    net::http::HttpClient client(socket, clock, url, hal::ByteSpan(work));
    const hal::Result<size_t> a = fetch(client, net::http::Method::kGet);
    CHECK_EQUAL(Status::kOk, a.status());
    CHECK_EQUAL(std::string("first"), std::string(body, a.value()));
    const hal::Result<size_t> b = fetch(client, net::http::Method::kPost);
    CHECK_EQUAL(Status::kOk, b.status());
    CHECK_EQUAL(std::string("second"), std::string(body, b.value()));
    CHECK_EQUAL(1u, client.connections_opened());
    CHECK_EQUAL(1, server.connections_accepted());
}

TEST(HttpClientLoopback, AConnectionTheServerClosedWhileIdleIsReopenedBeforeWriting) {
    LoopbackServer server({
        {"HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\none", true},
        {"HTTP/1.1 201 Created\r\nContent-Length: 3\r\n\r\ntwo"},
    });
    const net::url::Url url = url_for(server);
    net::http::HttpClient client(socket, clock, url, hal::ByteSpan(work));
    CHECK_EQUAL(Status::kOk, fetch(client, net::http::Method::kGet).status());
    // Wait until the server's FIN has reached our stack (the server waits for its ACK):
    // the connection now looks reusable but is dead.
    CHECK_TRUE(server.wait_closed(1, kTimeout));
    CHECK_EQUAL(1, server.connections_closed());

    const hal::Result<size_t> n = fetch(client, net::http::Method::kPost);
    CHECK_EQUAL(Status::kOk, n.status());
    CHECK_EQUAL(std::string("two"), std::string(body, n.value()));
    CHECK_EQUAL(2u, client.connections_opened());
    CHECK_EQUAL(2, server.connections_accepted());
    const std::string received = server.received();
    CHECK_EQUAL(1u, count(received, "POST /base/messages HTTP/1.1\r\n"));
    CHECK_EQUAL(1u, count(received, "GET /base/messages HTTP/1.1\r\n"));
    CHECK_EQUAL(2u, count(received, "Host: 127.0.0.1:" + std::to_string(server.port()) + "\r\n"));
}

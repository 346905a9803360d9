// HttpClient against a scripted server: keep-alive reuse, stale connections, the one
// GET retry, kOutcomeUnknown, the three ways to read a body, uploads from a source,
// and no heap on the way.
#include "net/http/http_client.h"

#include <CppUTest/TestHarness.h>

#include <cstdio>
#include <cstring>
#include <string>

#include "tests/http/scripted_socket.h"
#include "tests/support/alloc_guard.h"
#include "tests/support/fake_clock.h"

using hal::Status;
using http_test::Idle;
using http_test::ScriptedConnection;
using http_test::ScriptedExchange;
using http_test::ScriptedSocket;
using net::http::HttpClient;
using net::http::Method;
using net::http::Request;
using net::http::ResponseHead;

namespace {

constexpr hal::Millis kTimeout = 5000;
constexpr size_t kWorkBufferSize = 512;
constexpr std::string_view kText = "{\"message\":\"Hello, my order #1234 has not arrived yet.\"}";

std::string ok_response(const std::string& body, const std::string& extra = "") {
    return "HTTP/1.1 200 OK\r\nContent-Length: " + std::to_string(body.size()) + "\r\n" + extra +
           "\r\n" + body;
}

std::string chunked_response(const std::string& body, size_t chunk) {
    std::string out = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n";
    for (size_t at = 0; at < body.size(); at += chunk) {
        const std::string piece = body.substr(at, chunk);
        char size[32];
        snprintf(size, sizeof size, "%zx\r\n", piece.size());
        out += size + piece + "\r\n";
    }
    return out + "0\r\n\r\n";
}

ScriptedConnection serving(std::initializer_list<ScriptedExchange> exchanges) {
    ScriptedConnection c;
    c.exchanges = exchanges;
    return c;
}

Request get(std::string_view path) {
    Request r;
    r.path = path;
    return r;
}

Request post(std::string_view path, std::string_view body) {
    Request r;
    r.method = Method::kPost;
    r.path = path;
    r.body = hal::as_bytes(body);
    return r;
}

// Counts the requests in what was sent (each starts with a method at a line start).
size_t count_requests(const std::string& sent, const std::string& method = "GET ") {
    size_t n = 0;
    for (size_t at = sent.find(method); at != std::string::npos; at = sent.find(method, at + 1)) {
        if (at == 0 || sent[at - 1] == '\n') ++n;
    }
    return n;
}

class StringSink final : public net::http::BodySink {
  public:
    hal::Status write(hal::ConstByteSpan piece) override {
        ++pieces;
        text.append(reinterpret_cast<const char*>(piece.data()), piece.size());
        return pieces == fail_at ? Status::kNoSpace : Status::kOk;
    }
    std::string text;
    size_t pieces = 0;
    size_t fail_at = SIZE_MAX;
};

// Produces `total` bytes of a deterministic pattern, `max_piece` at most per call.
class PatternSource final : public net::http::BodySource {
  public:
    PatternSource(uint64_t total, size_t max_piece) : left_(total), max_piece_(max_piece) {}
    hal::Result<size_t> read(hal::ByteSpan out) override {
        size_t n = out.size() < max_piece_ ? out.size() : max_piece_;
        if (n > left_) n = static_cast<size_t>(left_);
        for (size_t i = 0; i < n; ++i)
            out[i] = static_cast<uint8_t>((produced_ + i) * 7 + 3);
        produced_ += n;
        left_ -= n;
        ++calls;
        return n;
    }
    static uint32_t checksum(uint64_t total) {
        uint32_t sum = 0;
        for (uint64_t i = 0; i < total; ++i)
            sum = sum * 31 + static_cast<uint8_t>(i * 7 + 3);
        return sum;
    }
    size_t calls = 0;

  private:
    uint64_t left_;
    size_t max_piece_;
    uint64_t produced_ = 0;
};

// A peer that moves one byte per call and takes 10 ms for each: it never stalls, so only
// a deadline checked while bytes flow ends an exchange with it in time.
class TricklingSocket final : public hal::Socket {
  public:
    TricklingSocket(ScriptedSocket& inner, test::FakeClock& clock) : inner_(inner), clock_(clock) {}
    hal::Status connect(std::string_view host, uint16_t port, hal::Millis deadline) override {
        return inner_.connect(host, port, deadline);
    }
    hal::Result<size_t> send(hal::ConstByteSpan data, hal::Millis deadline) override {
        ++calls;
        clock_.advance(kPerCallMs);
        return inner_.send(data.first(data.size() < 1 ? data.size() : 1), deadline);
    }
    hal::Result<size_t> recv(hal::ByteSpan out, hal::Millis deadline) override {
        ++calls;
        clock_.advance(kPerCallMs);
        return inner_.recv(out.first(out.size() < 1 ? out.size() : 1), deadline);
    }
    void close() override { inner_.close(); }
    bool is_connected() const override { return inner_.is_connected(); }

    static constexpr hal::Millis kPerCallMs = 10;
    size_t calls = 0;

  private:
    ScriptedSocket& inner_;
    test::FakeClock& clock_;
};

}  // namespace

TEST_GROUP(HttpClient) {
    test::FakeClock clock{1000};
    net::url::Url origin = net::url::parse_url("https://api.example/base").value();
    uint8_t work[kWorkBufferSize];
    char body[256];

    hal::Millis deadline() {
        return clock.now_ms() + kTimeout;
    }
    hal::ByteSpan body_span() {
        return hal::ByteSpan(reinterpret_cast<uint8_t*>(body), sizeof body);
    }
    std::string body_text(size_t n) {
        return std::string(body, n);
    }
};

TEST(HttpClient, GetsABodyIntoABufferAndSendsAnExactRequest) {
    ScriptedSocket socket(clock);
    socket.add(serving({{ok_response("{\"data\":[]}", "Content-Type: application/json\r\n")}}));
    HttpClient client(socket, clock, origin, hal::ByteSpan(work));
    const net::http::Header headers[] = {{"Authorization", "Bearer t0k3n"}};
    Request r = get("/messages");
    r.path_prefix = origin.base_path;
    r.headers = headers;
    ResponseHead head;
    const hal::Result<size_t> n = client.request_into(r, body_span(), &head, deadline());
    CHECK_EQUAL(Status::kOk, n.status());
    CHECK_EQUAL(std::string("{\"data\":[]}"), body_text(n.value()));
    CHECK_EQUAL(200, head.status);
    CHECK_EQUAL(std::string("application/json"), std::string(head.content_type()));
    CHECK_EQUAL(std::string("api.example"), socket.last_host());
    CHECK_EQUAL(443, socket.last_port());
    CHECK_EQUAL(std::string("GET /base/messages HTTP/1.1\r\nHost: api.example\r\n"
                            "Authorization: Bearer t0k3n\r\n\r\n"),
                socket.sent(0));
}

TEST(HttpClient, RandomFragmentationOfRequestAndResponseChangesNothing) {
    const std::string long_body(3000, 'z');
    for (uint32_t seed = 1; seed <= 50; ++seed) {
        ScriptedSocket socket(clock, 1 + seed % 13, seed);
        socket.add(serving({{chunked_response("first body", 3)}, {ok_response("second")}}));
        HttpClient client(socket, clock, origin, hal::ByteSpan(work));
        const hal::Result<size_t> a =
            client.request_into(get("/a"), body_span(), nullptr, deadline());
        CHECK_EQUAL(Status::kOk, a.status());
        CHECK_EQUAL(std::string("first body"), body_text(a.value()));
        const hal::Result<size_t> b =
            client.request_into(post("/b", "payload"), body_span(), nullptr, deadline());
        CHECK_EQUAL(Status::kOk, b.status());
        CHECK_EQUAL(std::string("second"), body_text(b.value()));
        CHECK_EQUAL(1u, socket.connects());
        CHECK_EQUAL(std::string("GET /a HTTP/1.1\r\nHost: api.example\r\n\r\n"
                                "POST /b HTTP/1.1\r\nHost: api.example\r\nContent-Length: 7\r\n\r\n"
                                "payload"),
                    socket.sent(0));
    }
}

TEST(HttpClient, ReusesAKeepAliveConnection) {
    ScriptedSocket socket(clock);
    socket.add(serving({{ok_response("one")}, {chunked_response("two", 1)}, {ok_response("3")}}));
    HttpClient client(socket, clock, origin, hal::ByteSpan(work));
    for (const char* expected : {"one", "two", "3"}) {
        const hal::Result<size_t> n =
            client.request_into(get("/x"), body_span(), nullptr, deadline());
        CHECK_EQUAL(Status::kOk, n.status());
        CHECK_EQUAL(std::string(expected), body_text(n.value()));
    }
    CHECK_EQUAL(1u, socket.connects());
    CHECK_EQUAL(1u, client.connections_opened());
    CHECK_EQUAL(3u, count_requests(socket.sent(0)));
}

TEST(HttpClient, DetectsAConnectionTheServerClosedWhileIdleAndReconnects) {
    ScriptedSocket socket(clock);
    socket.add(serving({{ok_response("one"), Idle::kClosed}}));
    socket.add(serving({{ok_response("two")}}));
    HttpClient client(socket, clock, origin, hal::ByteSpan(work));
    CHECK_EQUAL(Status::kOk,
                client.request_into(post("/m", "a"), body_span(), nullptr, deadline()).status());
    // A POST too: the stale connection is found before a byte is written into it.
    const hal::Result<size_t> n =
        client.request_into(post("/m", "b"), body_span(), nullptr, deadline());
    CHECK_EQUAL(Status::kOk, n.status());
    CHECK_EQUAL(std::string("two"), body_text(n.value()));
    CHECK_EQUAL(2u, socket.connects());
    CHECK_EQUAL(1u, count_requests(socket.sent(0), "POST "));
    CHECK_EQUAL(1u, count_requests(socket.sent(1), "POST "));
}

TEST(HttpClient, DetectsAResetIdleConnectionAndStrayBytes) {
    ScriptedSocket socket(clock);
    socket.add(serving({{ok_response("one"), Idle::kReset}}));
    // Extra bytes after the response: the connection cannot be trusted with another.
    socket.add(serving({{ok_response("two") + "garbage"}}));
    socket.add(serving({{ok_response("three")}}));
    HttpClient client(socket, clock, origin, hal::ByteSpan(work));
    for (const char* expected : {"one", "two", "three"}) {
        const hal::Result<size_t> n =
            client.request_into(get("/x"), body_span(), nullptr, deadline());
        CHECK_EQUAL(Status::kOk, n.status());
        CHECK_EQUAL(std::string(expected), body_text(n.value()));
    }
    CHECK_EQUAL(3u, socket.connects());
}

TEST(HttpClient, GetIsRetriedOnceWhenAReusedConnectionDropsAfterTheWrite) {
    ScriptedSocket socket(clock);
    // The probe sees a live connection; the server closes it right as the GET arrives.
    socket.add(serving({{ok_response("one")}, {"", Idle::kClosed}}));
    socket.add(serving({{ok_response("two")}}));
    HttpClient client(socket, clock, origin, hal::ByteSpan(work));
    CHECK_EQUAL(Status::kOk,
                client.request_into(get("/x"), body_span(), nullptr, deadline()).status());
    const hal::Result<size_t> n = client.request_into(get("/y"), body_span(), nullptr, deadline());
    CHECK_EQUAL(Status::kOk, n.status());
    CHECK_EQUAL(std::string("two"), body_text(n.value()));
    CHECK_EQUAL(2u, socket.connects());
    CHECK_EQUAL(2u, count_requests(socket.sent(0)));  // /x, then /y into the dying connection
    CHECK_EQUAL(std::string("GET /y HTTP/1.1\r\nHost: api.example\r\n\r\n"), socket.sent(1));
}

TEST(HttpClient, GetIsRetriedOnlyOnce) {
    ScriptedSocket socket(clock);
    socket.add(serving({{ok_response("one")}, {"", Idle::kReset}}));
    socket.add(serving({{"", Idle::kClosed}}));
    socket.add(serving({{ok_response("never")}}));
    HttpClient client(socket, clock, origin, hal::ByteSpan(work));
    CHECK_EQUAL(Status::kOk,
                client.request_into(get("/x"), body_span(), nullptr, deadline()).status());
    const hal::Result<size_t> n = client.request_into(get("/y"), body_span(), nullptr, deadline());
    CHECK_EQUAL(Status::kOutcomeUnknown, n.status());
    CHECK_EQUAL(2u, socket.connects());
}

TEST(HttpClient, AFreshConnectionThatDropsAGetIsNotRetried) {
    ScriptedSocket socket(clock);
    socket.add(serving({{"", Idle::kClosed}}));
    socket.add(serving({{ok_response("never")}}));
    HttpClient client(socket, clock, origin, hal::ByteSpan(work));
    const hal::Result<size_t> n = client.request_into(get("/y"), body_span(), nullptr, deadline());
    CHECK_EQUAL(Status::kOutcomeUnknown, n.status());
    CHECK_EQUAL(1u, socket.connects());
}

TEST(HttpClient, APostWrittenIntoADroppingConnectionIsOutcomeUnknownAndNotResent) {
    ScriptedSocket socket(clock);
    socket.add(serving({{ok_response("one")}, {"", Idle::kClosed}}));
    socket.add(serving({{ok_response("never")}}));
    HttpClient client(socket, clock, origin, hal::ByteSpan(work));
    CHECK_EQUAL(Status::kOk,
                client.request_into(get("/x"), body_span(), nullptr, deadline()).status());
    const hal::Result<size_t> n = client.request_into(post("/messages", "{\"message\":\"hi\"}"),
                                                      body_span(), nullptr, deadline());
    CHECK_EQUAL(Status::kOutcomeUnknown, n.status());
    CHECK_EQUAL(1u, socket.connects());
    CHECK_EQUAL(1u, count_requests(socket.sent(0), "POST "));
}

TEST(HttpClient, APostCutOffMidRequestOrMidResponseIsOutcomeUnknown) {
    {
        ScriptedSocket socket(clock);
        ScriptedConnection c = serving({{ok_response("never")}});
        c.accept_bytes = 20;  // part of the head, then a reset
        c.send_failure = Status::kNetworkError;
        socket.add(c);
        HttpClient client(socket, clock, origin, hal::ByteSpan(work));
        CHECK_EQUAL(
            Status::kOutcomeUnknown,
            client.request_into(post("/m", "x"), body_span(), nullptr, deadline()).status());
    }
    {
        ScriptedSocket socket(clock);
        ScriptedConnection c = serving({{ok_response("{\"messageId\":\"1\"}")}});
        c.serve_bytes = 12;  // part of the status line
        socket.add(c);
        HttpClient client(socket, clock, origin, hal::ByteSpan(work));
        CHECK_EQUAL(
            Status::kOutcomeUnknown,
            client.request_into(post("/m", "x"), body_span(), nullptr, deadline()).status());
    }
}

TEST(HttpClient, NoAnswerBeforeTheDeadlineIsOutcomeUnknown) {
    ScriptedSocket socket(clock);
    socket.add(serving({}));  // accepts the request, never answers
    HttpClient client(socket, clock, origin, hal::ByteSpan(work));
    const hal::Millis start = clock.now_ms();
    const hal::Result<size_t> n =
        client.request_into(post("/m", "x"), body_span(), nullptr, start + 300);
    CHECK_EQUAL(Status::kOutcomeUnknown, n.status());
    CHECK_TRUE(hal::deadline_passed(clock.now_ms(), start + 300));
}

TEST(HttpClient, AFailureBeforeAnyByteIsWrittenIsPlainlyTransient) {
    ScriptedSocket socket(clock);
    ScriptedConnection c = serving({{ok_response("never")}});
    c.accept_bytes = 0;
    c.send_failure = Status::kNetworkError;
    socket.add(c);
    HttpClient client(socket, clock, origin, hal::ByteSpan(work));
    CHECK_EQUAL(Status::kNetworkError,
                client.request_into(post("/m", "x"), body_span(), nullptr, deadline()).status());
}

TEST(HttpClient, ASendThatNeverStartsTimesOutPlainly) {
    class StuckSocket final : public hal::Socket {
      public:
        explicit StuckSocket(test::FakeClock& c) : clock_(c) {}
        hal::Status connect(std::string_view, uint16_t, hal::Millis) override {
            connected_ = true;
            return Status::kOk;
        }
        hal::Result<size_t> send(hal::ConstByteSpan, hal::Millis deadline) override {
            clock_.set_now(deadline);
            return size_t{0};
        }
        hal::Result<size_t> recv(hal::ByteSpan, hal::Millis) override { return Status::kInternal; }
        void close() override { connected_ = false; }
        bool is_connected() const override { return connected_; }

      private:
        test::FakeClock& clock_;
        bool connected_ = false;
    } socket(clock);
    HttpClient client(socket, clock, origin, hal::ByteSpan(work));
    CHECK_EQUAL(Status::kTimeout,
                client.request_into(post("/m", "x"), body_span(), nullptr, deadline()).status());
}

TEST(HttpClient, AReusedConnectionThatRefusesTheFirstByteIsReplacedForAnyMethod) {
    ScriptedSocket socket(clock);
    ScriptedConnection first = serving({{ok_response("one")}});
    // Exactly the first request, then nothing more: the server has gone.
    first.accept_bytes = std::string("GET /x HTTP/1.1\r\nHost: api.example\r\n\r\n").size();
    first.send_failure = Status::kClosed;
    socket.add(first);
    socket.add(serving({{ok_response("two")}}));
    HttpClient client(socket, clock, origin, hal::ByteSpan(work));
    CHECK_EQUAL(Status::kOk,
                client.request_into(get("/x"), body_span(), nullptr, deadline()).status());
    const hal::Result<size_t> n =
        client.request_into(post("/m", "x"), body_span(), nullptr, deadline());
    CHECK_EQUAL(Status::kOk, n.status());
    CHECK_EQUAL(std::string("two"), body_text(n.value()));
    CHECK_EQUAL(2u, socket.connects());
}

// A streamed body's first piece is read before the first write (it goes out with the
// head): a request retried on a new connection must start its body over. It is, when the
// caller gives body_rewind; without it the request is not retried (nothing was sent, the
// caller may send again) rather than sent with its first piece missing.
TEST(HttpClient, AStreamedBodyIsRetriedOnlyFromItsStart) {
    class TextSource final : public net::http::ResendableSource {
      public:
        hal::Result<size_t> read(hal::ByteSpan out) override {
            const size_t n = out.size() < kText.size() - at ? out.size() : kText.size() - at;
            std::memcpy(out.data(), kText.data() + at, n);
            at += n;
            return n;
        }
        Status rewind() override {
            at = 0;
            ++rewinds;
            return Status::kOk;
        }
        size_t at = 0;
        int rewinds = 0;
    };
    for (const bool rewindable : {true, false}) {
        ScriptedSocket socket(clock);
        ScriptedConnection first = serving({{ok_response("one")}});
        first.accept_bytes = std::string("GET /x HTTP/1.1\r\nHost: api.example\r\n\r\n").size();
        first.send_failure = Status::kClosed;  // the server has gone: the POST's first write fails
        socket.add(first);
        socket.add(serving({{ok_response("two")}}));
        HttpClient client(socket, clock, origin, hal::ByteSpan(work));
        CHECK_EQUAL(Status::kOk,
                    client.request_into(get("/x"), body_span(), nullptr, deadline()).status());
        TextSource source;
        Request upload;
        upload.method = Method::kPost;
        upload.path = "/m";
        upload.body_source = &source;
        upload.body_length = kText.size();
        if (rewindable) upload.body_rewind = &source;
        const hal::Result<size_t> n = client.request_into(upload, body_span(), nullptr, deadline());
        if (rewindable) {
            CHECK_EQUAL(Status::kOk, n.status());
            CHECK_EQUAL(1, source.rewinds);
            CHECK_EQUAL(2u, socket.connects());
            CHECK(socket.sent(1).find("\r\n\r\n" + std::string(kText)) != std::string::npos);
        } else {
            CHECK_EQUAL(Status::kClosed, n.status());  // nothing sent: not an unknown outcome
            CHECK_EQUAL(1u, socket.connects());
        }
    }
}

TEST(HttpClient, ConnectFailuresComeBackAsTheyAre) {
    ScriptedSocket socket(clock);
    ScriptedConnection c;
    c.connect_status = Status::kNameResolution;
    socket.add(c);
    HttpClient client(socket, clock, origin, hal::ByteSpan(work));
    CHECK_EQUAL(Status::kNameResolution,
                client.request_into(post("/m", "x"), body_span(), nullptr, deadline()).status());
    ScriptedConnection refused;
    refused.connect_status = Status::kCertUntrusted;
    socket.add(refused);
    CHECK_EQUAL(Status::kCertUntrusted, client.begin(get("/"), deadline()).status());
}

TEST(HttpClient, CallerErrorsCostNoConnection) {
    ScriptedSocket socket(clock);
    socket.add(serving({{ok_response("one")}, {ok_response("two")}}));
    HttpClient client(socket, clock, origin, hal::ByteSpan(work));
    CHECK_EQUAL(Status::kOk,
                client.request_into(get("/x"), body_span(), nullptr, deadline()).status());
    const net::http::Header evil[] = {{"X", "a\r\nB: c"}};
    Request bad = get("/x");
    bad.headers = evil;
    CHECK_EQUAL(Status::kInvalidArgument, client.begin(bad, deadline()).status());
    const std::string long_path = "/" + std::string(kWorkBufferSize, 'p');
    CHECK_EQUAL(Status::kBufferTooSmall, client.begin(get(long_path), deadline()).status());
    CHECK_EQUAL(Status::kOk,
                client.request_into(get("/y"), body_span(), nullptr, deadline()).status());
    CHECK_EQUAL(1u, socket.connects());
    CHECK_EQUAL(2u, count_requests(socket.sent(0)));
}

TEST(HttpClient, AServerClosingMidBodyIsOutcomeUnknownAndTheConnectionIsReplaced) {
    ScriptedSocket socket(clock, 5, 7);
    ScriptedConnection c = serving({{ok_response(std::string(100, 'b'))}});
    c.serve_bytes = 60;
    socket.add(c);
    socket.add(serving({{ok_response("next")}}));
    HttpClient client(socket, clock, origin, hal::ByteSpan(work));
    CHECK_EQUAL(Status::kOutcomeUnknown,
                client.request_into(get("/media"), body_span(), nullptr, deadline()).status());
    const hal::Result<size_t> n = client.request_into(get("/x"), body_span(), nullptr, deadline());
    CHECK_EQUAL(Status::kOk, n.status());
    CHECK_EQUAL(std::string("next"), body_text(n.value()));
    CHECK_EQUAL(2u, socket.connects());
}

TEST(HttpClient, ABodyLargerThanTheBufferIsTooLargeWithTheHeadKept) {
    ScriptedSocket socket(clock);
    socket.add(serving({{ok_response(std::string(300, 'x'))}}));
    socket.add(serving({{chunked_response(std::string(300, 'y'), 50)}}));
    socket.add(serving({{"HTTP/1.1 200 OK\r\n\r\n" + std::string(300, 'z'), Idle::kClosed}}));
    socket.add(serving({{ok_response("fits")}}));
    HttpClient client(socket, clock, origin, hal::ByteSpan(work));
    for (int i = 0; i < 3; ++i) {
        ResponseHead head;
        CHECK_EQUAL(Status::kTooLarge,
                    client.request_into(get("/big"), body_span(), &head, deadline()).status());
        CHECK_EQUAL(200, head.status);
    }
    const hal::Result<size_t> n =
        client.request_into(get("/small"), body_span(), nullptr, deadline());
    CHECK_EQUAL(Status::kOk, n.status());
    CHECK_EQUAL(4u, socket.connects());  // a connection with an unread body is dropped
}

TEST(HttpClient, ABodyExactlyTheSizeOfTheBufferFits) {
    const std::string exact(sizeof body, 'e');
    ScriptedSocket socket(clock, 3, 3);
    socket.add(serving({{chunked_response(exact, 17)}, {ok_response(exact)}}));
    HttpClient client(socket, clock, origin, hal::ByteSpan(work));
    for (int i = 0; i < 2; ++i) {
        const hal::Result<size_t> n =
            client.request_into(get("/x"), body_span(), nullptr, deadline());
        CHECK_EQUAL(Status::kOk, n.status());
        CHECK_EQUAL(exact, body_text(n.value()));
    }
    CHECK_EQUAL(1u, socket.connects());
}

TEST(HttpClient, StreamsABodyToASinkPieceByPiece) {
    std::string media;
    for (int i = 0; i < 5000; ++i)
        media += static_cast<char>(i % 251);
    ScriptedSocket socket(clock, 100, 11);
    socket.add(serving({{chunked_response(media, 777)}, {ok_response(media)}}));
    HttpClient client(socket, clock, origin, hal::ByteSpan(work));
    for (int i = 0; i < 2; ++i) {
        StringSink sink;
        const hal::Result<ResponseHead> head =
            client.request(get("/media/2024/1/2/a.png"), sink, deadline());
        CHECK_EQUAL(Status::kOk, head.status());
        CHECK_EQUAL(200, head.value().status);
        CHECK_EQUAL(media, sink.text);
        CHECK(sink.pieces > 5000 / kWorkBufferSize);
    }
    CHECK_EQUAL(1u, socket.connects());
}

TEST(HttpClient, ASinkErrorStopsTheTransferAndDropsTheConnection) {
    ScriptedSocket socket(clock, 10, 5);
    socket.add(serving({{ok_response(std::string(200, 's'))}}));
    socket.add(serving({{ok_response("after")}}));
    HttpClient client(socket, clock, origin, hal::ByteSpan(work));
    StringSink sink;
    sink.fail_at = 3;
    CHECK_EQUAL(Status::kNoSpace, client.request(get("/m"), sink, deadline()).status());
    CHECK_EQUAL(3u, sink.pieces);
    CHECK_EQUAL(Status::kOk,
                client.request_into(get("/x"), body_span(), nullptr, deadline()).status());
    CHECK_EQUAL(2u, socket.connects());
}

TEST(HttpClient, StopsAfterTheHeadThenPullsTheBody) {
    const std::string media(1000, 'm');
    ScriptedSocket socket(clock, 64, 9);
    socket.add(serving({{chunked_response(media, 100)}, {ok_response("next")}}));
    HttpClient client(socket, clock, origin, hal::ByteSpan(work));
    const hal::Result<ResponseHead> head = client.begin(get("/media/x"), deadline());
    CHECK_EQUAL(Status::kOk, head.status());
    CHECK_TRUE(head.value().chunked);
    CHECK_TRUE(client.body_pending());
    std::string got;
    uint8_t piece[7];
    for (;;) {
        const hal::Result<size_t> n = client.read_body(hal::ByteSpan(piece), deadline());
        CHECK_EQUAL(Status::kOk, n.status());
        if (n.value() == 0) break;
        CHECK(n.value() <= sizeof piece);
        got.append(reinterpret_cast<const char*>(piece), n.value());
    }
    CHECK_EQUAL(media, got);
    CHECK_FALSE(client.body_pending());
    // The end stays the end.
    CHECK_EQUAL(0u, client.read_body(hal::ByteSpan(piece), deadline()).value());
    CHECK_EQUAL(Status::kInvalidArgument, client.read_body(hal::ByteSpan(), deadline()).status());
    CHECK_EQUAL(Status::kOk,
                client.request_into(get("/x"), body_span(), nullptr, deadline()).status());
    CHECK_EQUAL(1u, socket.connects());
}

// The API client reads bodies through views into the working buffer (no chunk of its own).
TEST(HttpClient, BodyViewsCarryTheWholeBodyWithoutACopy) {
    const std::string media(1000, 'v');
    ScriptedSocket socket(clock, 64, 9);
    socket.add(serving({{chunked_response(media, 100)}, {ok_response("next")}}));
    HttpClient client(socket, clock, origin, hal::ByteSpan(work));
    CHECK_EQUAL(Status::kFailedPrecondition, client.read_body_view(deadline()).status());
    CHECK_EQUAL(Status::kOk, client.begin(get("/media/x"), deadline()).status());
    std::string got;
    for (;;) {
        const hal::Result<hal::ConstByteSpan> view = client.read_body_view(deadline());
        CHECK_EQUAL(Status::kOk, view.status());
        if (view.value().empty()) break;
        const auto* at = view.value().data();
        CHECK_TRUE(at >= work && at + view.value().size() <= work + sizeof work);
        got.append(reinterpret_cast<const char*>(at), view.value().size());
    }
    CHECK_EQUAL(media, got);
    CHECK_FALSE(client.body_pending());
    CHECK_TRUE(client.read_body_view(deadline()).value().empty());  // the end stays the end
    CHECK_EQUAL(Status::kOk,
                client.request_into(get("/x"), body_span(), nullptr, deadline()).status());
    CHECK_EQUAL(1u, socket.connects());
}

TEST(HttpClient, ReadBodyWithoutABegunResponseIsAPreconditionError) {
    ScriptedSocket socket(clock);
    HttpClient client(socket, clock, origin, hal::ByteSpan(work));
    uint8_t piece[8];
    CHECK_EQUAL(Status::kFailedPrecondition,
                client.read_body(hal::ByteSpan(piece), deadline()).status());
}

TEST(HttpClient, AbandoningABodyDropsTheConnection) {
    ScriptedSocket socket(clock);
    socket.add(serving({{ok_response(std::string(100, 'a'))}}));
    socket.add(serving({{ok_response("b")}}));
    HttpClient client(socket, clock, origin, hal::ByteSpan(work));
    CHECK_EQUAL(Status::kOk, client.begin(get("/a"), deadline()).status());
    const hal::Result<size_t> n = client.request_into(get("/b"), body_span(), nullptr, deadline());
    CHECK_EQUAL(Status::kOk, n.status());
    CHECK_EQUAL(std::string("b"), body_text(n.value()));
    CHECK_EQUAL(2u, socket.connects());
}

TEST(HttpClient, ABodyUntilCloseEndsTheConnection) {
    ScriptedSocket socket(clock, 4, 2);
    socket.add(
        serving({{"HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n\r\nall of it", Idle::kClosed}}));
    socket.add(serving({{"HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 2\r\n\r\nok"}}));
    socket.add(serving({{ok_response("third")}}));
    HttpClient client(socket, clock, origin, hal::ByteSpan(work));
    const hal::Result<size_t> a = client.request_into(get("/a"), body_span(), nullptr, deadline());
    CHECK_EQUAL(Status::kOk, a.status());
    CHECK_EQUAL(std::string("all of it"), body_text(a.value()));
    CHECK_FALSE(socket.is_connected());
    CHECK_EQUAL(Status::kOk,
                client.request_into(get("/b"), body_span(), nullptr, deadline()).status());
    CHECK_FALSE(socket.is_connected());  // Connection: close
    CHECK_EQUAL(Status::kOk,
                client.request_into(get("/c"), body_span(), nullptr, deadline()).status());
    CHECK_EQUAL(3u, socket.connects());
}

TEST(HttpClient, HeadRequestsAndBodylessAnswersKeepTheConnection) {
    ScriptedSocket socket(clock);
    socket.add(serving({{"HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n"},
                        {"HTTP/1.1 204 No Content\r\n\r\n"},
                        {"HTTP/1.1 100 Continue\r\n\r\n" + ok_response("after interim")}}));
    HttpClient client(socket, clock, origin, hal::ByteSpan(work));
    Request head_request = get("/media/x");
    head_request.method = Method::kHead;
    const hal::Result<ResponseHead> h = client.begin(head_request, deadline());
    CHECK_EQUAL(Status::kOk, h.status());
    CHECK_EQUAL(1000u, h.value().content_length);
    CHECK_FALSE(client.body_pending());
    Request typing = post("/services/event/startTyping", "");
    ResponseHead head;
    CHECK_EQUAL(0u, client.request_into(typing, hal::ByteSpan(), &head, deadline()).value());
    CHECK_EQUAL(204, head.status);
    const hal::Result<size_t> n = client.request_into(get("/x"), body_span(), nullptr, deadline());
    CHECK_EQUAL(std::string("after interim"), body_text(n.value()));
    CHECK_EQUAL(1u, socket.connects());
}

// Found by fuzz_http_client: request_into refused a bodyless answer whose
// Content-Length (the size a GET would get) exceeds the buffer as kTooLarge, and dropped
// the connection.
TEST(HttpClient, BodylessAnswersWithALargeContentLengthFitAnyBuffer) {
    ScriptedSocket socket(clock);
    socket.add(serving({{"HTTP/1.1 200 OK\r\nContent-Length: 5000\r\n\r\n"},
                        {"HTTP/1.1 304 Not Modified\r\nContent-Length: 5000\r\n\r\n"},
                        {ok_response("still here")}}));
    HttpClient client(socket, clock, origin, hal::ByteSpan(work));
    Request head_request = get("/media/x");
    head_request.method = Method::kHead;
    ResponseHead head;
    const hal::Result<size_t> a = client.request_into(head_request, body_span(), &head, deadline());
    CHECK_EQUAL(Status::kOk, a.status());
    CHECK_EQUAL(0u, a.value());
    CHECK_EQUAL(5000u, head.content_length);
    const hal::Result<size_t> b = client.request_into(get("/y"), body_span(), &head, deadline());
    CHECK_EQUAL(Status::kOk, b.status());
    CHECK_EQUAL(0u, b.value());
    CHECK_EQUAL(304, head.status);
    const hal::Result<size_t> c = client.request_into(get("/z"), body_span(), nullptr, deadline());
    CHECK_EQUAL(std::string("still here"), body_text(c.value()));
    CHECK_EQUAL(1u, socket.connects());
}

TEST(HttpClient, AMalformedResponseIsCorruptAndTheConnectionIsDropped) {
    ScriptedSocket socket(clock);
    socket.add(serving({{"HTTP/1.1 200 OK\r\nContent-Length: x\r\n\r\n"}}));
    socket.add(serving({{ok_response("fine")}}));
    HttpClient client(socket, clock, origin, hal::ByteSpan(work));
    CHECK_EQUAL(Status::kCorrupt,
                client.request_into(get("/a"), body_span(), nullptr, deadline()).status());
    CHECK_EQUAL(Status::kOk,
                client.request_into(get("/b"), body_span(), nullptr, deadline()).status());
    CHECK_EQUAL(2u, socket.connects());
}

TEST(HttpClient, UploadsAOneMegabyteBodyFromASourceWithoutTheHeap) {
    constexpr uint64_t kUploadSize = 1024 * 1024;
    ScriptedSocket socket(clock, 1500, 42);
    socket.stop_recording();
    socket.add(serving({{ok_response("{\"media\":\"m1\"}")}}));
    HttpClient client(socket, clock, origin, hal::ByteSpan(work));
    PatternSource source(kUploadSize, 1000);
    Request upload;
    upload.method = Method::kPost;
    upload.path = "/media";
    upload.content_type = "application/octet-stream";
    upload.body_source = &source;
    upload.body_length = kUploadSize;
    hal::Result<size_t> n = Status::kUnavailable;
    size_t allocations = 0;
    {
        test::AllocGuard guard;
        n = client.request_into(upload, body_span(), nullptr, deadline());
        allocations = guard.allocations();
    }
    CHECK_EQUAL(0u, allocations);
    CHECK_EQUAL(Status::kOk, n.status());
    CHECK_EQUAL(std::string("{\"media\":\"m1\"}"), body_text(n.value()));
    const std::string head =
        "POST /media HTTP/1.1\r\nHost: api.example\r\nContent-Type: application/octet-stream\r\n"
        "Content-Length: 1048576\r\n\r\n";
    CHECK_EQUAL(head.size() + kUploadSize, socket.sent_count(0));
    uint32_t expected = 0;
    for (const char c : head)
        expected = expected * 31 + static_cast<uint8_t>(c);
    uint32_t body_sum = PatternSource::checksum(kUploadSize);
    // Combine: checksum(head + body) = checksum(head) * 31^len(body) + checksum(body).
    uint32_t power = 1;
    for (uint64_t i = 0; i < kUploadSize; ++i)
        power *= 31;
    CHECK_EQUAL(expected * power + body_sum, socket.sent_checksum(0));
    CHECK(source.calls >= kUploadSize / kWorkBufferSize);
}

// Counts the writes the client makes (each one is a TLS record on a TLS socket).
class WriteCounter final : public hal::Socket {
  public:
    explicit WriteCounter(hal::Socket& inner) : inner_(inner) {}
    hal::Status connect(std::string_view host, uint16_t port, hal::Millis deadline) override {
        return inner_.connect(host, port, deadline);
    }
    hal::Result<size_t> send(hal::ConstByteSpan data, hal::Millis deadline) override {
        ++writes;
        return inner_.send(data, deadline);
    }
    hal::Result<size_t> recv(hal::ByteSpan out, hal::Millis deadline) override {
        return inner_.recv(out, deadline);
    }
    void close() override { inner_.close(); }
    bool is_connected() const override { return inner_.is_connected(); }
    int writes = 0;

  private:
    hal::Socket& inner_;
};

// A streamed body's first piece goes out with the head: one write (one TLS record) when
// both fit the working buffer; a longer body fills the rest of that write and follows.
TEST(HttpClient, AStreamedBodyStartsInTheHeadsWrite) {
    for (const uint64_t size : {uint64_t{42}, uint64_t{3 * kWorkBufferSize}}) {
        ScriptedSocket socket(clock);
        socket.add(serving({{ok_response("{}")}}));
        WriteCounter counter(socket);
        HttpClient client(counter, clock, origin, hal::ByteSpan(work));
        PatternSource source(size, 1000);
        Request upload;
        upload.method = Method::kPost;
        upload.path = "/messages";
        upload.content_type = "application/json";
        upload.body_source = &source;
        upload.body_length = size;
        CHECK_EQUAL(Status::kOk,
                    client.request_into(upload, body_span(), nullptr, deadline()).status());
        const std::string head =
            "POST /messages HTTP/1.1\r\nHost: api.example\r\nContent-Type: "
            "application/json\r\nContent-Length: " +
            std::to_string(size) + "\r\n\r\n";
        CHECK_EQUAL(head.size() + size, socket.sent_count(0));
        const int expected =
            static_cast<int>((head.size() + size + kWorkBufferSize - 1) / kWorkBufferSize);
        CHECK_EQUAL(expected, counter.writes);
    }
}

TEST(HttpClient, ASourceThatFailsOrEndsEarlyAbortsTheUpload) {
    class FailingSource final : public net::http::BodySource {
      public:
        explicit FailingSource(hal::Status s) : status_(s) {}
        hal::Result<size_t> read(hal::ByteSpan out) override {
            if (++calls_ > 2) {
                if (status_ == Status::kOk) return size_t{0};
                return status_;
            }
            out[0] = 'x';
            return size_t{1};
        }

      private:
        hal::Status status_;
        int calls_ = 0;
    };
    ScriptedSocket socket(clock);
    socket.add(serving({{ok_response("never")}}));
    socket.add(serving({{ok_response("never")}}));
    HttpClient client(socket, clock, origin, hal::ByteSpan(work));
    FailingSource flash_error(Status::kFlashError);
    Request upload = post("/media", "");
    upload.body_source = &flash_error;
    upload.body_length = 10;
    CHECK_EQUAL(Status::kFlashError, client.begin(upload, deadline()).status());
    FailingSource short_source(Status::kOk);
    upload.body_source = &short_source;
    CHECK_EQUAL(Status::kInvalidArgument, client.begin(upload, deadline()).status());
    CHECK_EQUAL(2u, socket.connects());
}

TEST(HttpClient, RequestsWithBodiesLargerThanTheWorkBufferAreSentInPlace) {
    const std::string big(2000, 'j');
    ScriptedSocket socket(clock, 300, 4);
    socket.add(serving({{ok_response("ok")}}));
    HttpClient client(socket, clock, origin, hal::ByteSpan(work));
    CHECK_EQUAL(Status::kOk,
                client.request_into(post("/m", big), body_span(), nullptr, deadline()).status());
    CHECK_EQUAL("POST /m HTTP/1.1\r\nHost: api.example\r\nContent-Length: 2000\r\n\r\n" + big,
                socket.sent(0));
}

TEST(HttpClient, HostHeaderCarriesBracketsAndNonDefaultPorts) {
    const net::url::Url local = net::url::parse_url("http://[::1]:8080/api").value();
    ScriptedSocket socket(clock);
    socket.add(serving({{ok_response("ok")}}));
    HttpClient client(socket, clock, local, hal::ByteSpan(work));
    CHECK_EQUAL(Status::kOk,
                client.request_into(get("/x"), body_span(), nullptr, deadline()).status());
    CHECK_EQUAL(std::string("::1"), socket.last_host());
    CHECK_EQUAL(8080, socket.last_port());
    CHECK_EQUAL(std::string("GET /x HTTP/1.1\r\nHost: [::1]:8080\r\n\r\n"), socket.sent(0));
}

TEST(HttpClient, KeepAliveExchangesAllocateNothing) {
    ScriptedSocket socket(clock, 50, 8);
    socket.stop_recording();
    socket.add(serving({{chunked_response("{\"data\":[1]}", 4)}, {ok_response("{}")}}));
    HttpClient client(socket, clock, origin, hal::ByteSpan(work));
    const net::http::Header headers[] = {{"Authorization", "Bearer x"}};
    Request r = get("/messages");
    r.headers = headers;
    StringSink sink;
    sink.text.reserve(64);
    size_t allocations = 0;
    Status first = Status::kUnavailable;
    Status second = Status::kUnavailable;
    {
        test::AllocGuard guard;
        first = client.request(r, sink, deadline()).status();
        second =
            client.request_into(post("/messages", "{}"), body_span(), nullptr, deadline()).status();
        allocations = guard.allocations();
    }
    CHECK_EQUAL(Status::kOk, first);
    CHECK_EQUAL(Status::kOk, second);
    CHECK_EQUAL(0u, allocations);
}

TEST(HttpClient, LeavesNoTokenOrSecretInTheWorkBuffer) {
    ScriptedSocket socket(clock);
    socket.add(serving({{ok_response("{}")}}));
    HttpClient client(socket, clock, origin, hal::ByteSpan(work));
    const net::http::Header headers[] = {{"Authorization", "Bearer SECRET-TOKEN"}};
    Request r = post("/oauth", "client_secret=SECRET-VALUE");
    r.headers = headers;
    CHECK_EQUAL(Status::kOk, client.request_into(r, body_span(), nullptr, deadline()).status());
    const std::string left(reinterpret_cast<const char*>(work), sizeof work);
    CHECK_EQUAL(std::string::npos, left.find("SECRET"));
    CHECK(socket.sent(0).find("SECRET-VALUE") != std::string::npos);
}

TEST(HttpClient, ADeviceWithoutWallClockLearnsItFromTheDateHeader) {
    clock.forget_wall();
    ScriptedSocket socket(clock);
    socket.add(serving({{ok_response("{}", "Date: Sun, 29 Nov 2026 07:14:04 GMT\r\n")}}));
    HttpClient client(socket, clock, origin, hal::ByteSpan(work));
    const hal::Result<size_t> n = client.request_into(get("/x"), body_span(), nullptr, deadline());
    CHECK_EQUAL(Status::kOk, n.status());
    const hal::Result<int64_t> wall = clock.wall_seconds();
    CHECK_TRUE(wall.ok());
    CHECK_EQUAL(1795936444LL, wall.value());
}

TEST(HttpClient, AKnownWallClockIsNotOverriddenByTheServer) {
    clock.set_wall_seconds(1'900'000'000);
    ScriptedSocket socket(clock);
    socket.add(serving({{ok_response("{}", "Date: Sun, 29 Nov 2026 07:14:04 GMT\r\n")}}));
    HttpClient client(socket, clock, origin, hal::ByteSpan(work));
    const hal::Result<size_t> n = client.request_into(get("/x"), body_span(), nullptr, deadline());
    CHECK_EQUAL(Status::kOk, n.status());
    CHECK_EQUAL(1'900'000'000LL, clock.wall_seconds().value());
}

TEST(HttpClient, APeerTricklingTheResponseCannotHoldTheClientPastItsDeadline) {
    ScriptedSocket scripted(clock);
    scripted.add(serving({{ok_response(std::string(200, 'x'))}}));
    TricklingSocket socket(scripted, clock);
    HttpClient client(socket, clock, origin, hal::ByteSpan(work));
    const hal::Millis start = clock.now_ms();
    const hal::Millis until = start + 1000;
    ResponseHead head;
    const hal::Result<size_t> n = client.request_into(get("/slow"), body_span(), &head, until);
    // Sent, then cut short by the deadline: as any transport failure after sending.
    CHECK_EQUAL(Status::kOutcomeUnknown, n.status());
    // One socket call past the deadline at most (each is itself bounded by it).
    CHECK(clock.now_ms() - start <= 1000 + TricklingSocket::kPerCallMs);
}

TEST(HttpClient, APeerTricklingTheRequestCannotHoldTheClientPastItsDeadline) {
    ScriptedSocket scripted(clock);
    scripted.add(serving({{ok_response("ok")}}));
    TricklingSocket socket(scripted, clock);
    HttpClient client(socket, clock, origin, hal::ByteSpan(work));
    const std::string big(400, 'b');
    const hal::Millis start = clock.now_ms();
    ResponseHead head;
    const hal::Result<size_t> n =
        client.request_into(post("/slow", big), body_span(), &head, start + 1000);
    CHECK(n.status() == Status::kTimeout || n.status() == Status::kOutcomeUnknown);
    CHECK(clock.now_ms() - start <= 1000 + TricklingSocket::kPerCallMs);
}

TEST(HttpClient, AResponseThatTricklesInWithinTheDeadlineIsRead) {
    ScriptedSocket scripted(clock);
    scripted.add(serving({{ok_response("short")}}));
    TricklingSocket socket(scripted, clock);
    HttpClient client(socket, clock, origin, hal::ByteSpan(work));
    ResponseHead head;
    const hal::Result<size_t> n =
        client.request_into(get("/ok"), body_span(), &head, clock.now_ms() + 5000);
    CHECK_EQUAL(Status::kOk, n.status());
    CHECK_EQUAL(std::string("short"), body_text(n.value()));
}

// Figures (issue 4): bytes on the wire for one send and one empty poll in each dialect,
// measured by the counting sockets on a kept-alive connection: HTTP level (request and
// response heads plus bodies, the plaintext TLS carries) and TCP level (TLS records),
// plus the TLS handshakes and the token request, which are paid once per connection or
// per token lifetime rather than per call. Also: those steady-state calls allocate
// nothing from the heap, TLS included.
#include <cstdio>
#include <string>

#include "net/tls/tls_platform.h"
#include "tests/integration/rig_fixture.h"
#include "tests/support/alloc_guard.h"

using integration::Dialect;
using integration::Rig;
using net::parley::MessageType;

namespace {

// A typical kiosk message: 42 bytes of text.
constexpr const char* kFigureText = "Hello, my order #1234 has not arrived yet.";

struct Exchange {
    uint64_t request = 0;   // HTTP bytes sent
    uint64_t response = 0;  // HTTP bytes received
    uint64_t request_head = 0;
    uint64_t response_head = 0;
    uint64_t tls_out = 0;  // TCP payload bytes sent
    uint64_t tls_in = 0;
};

uint64_t head_length(const std::string& bytes) {
    const size_t end = bytes.find("\r\n\r\n");
    return end == std::string::npos ? 0 : end + 4;
}

// Runs `call` on the rig with the counters zeroed and the HTTP bytes captured.
template <typename Call>
Exchange measure(Rig& r, Call call) {
    std::string out;
    std::string in;
    r.plain.reset_counts();
    r.wire.reset_counts();
    r.plain.capture_sent = &out;
    r.plain.capture_received = &in;
    call();
    r.plain.capture_sent = nullptr;
    r.plain.capture_received = nullptr;
    Exchange e;
    e.request = r.plain.sent;
    e.response = r.plain.received;
    e.request_head = head_length(out);
    e.response_head = head_length(in);
    e.tls_out = r.wire.sent;
    e.tls_in = r.wire.received;
    return e;
}

void print_exchange(const char* what, const Exchange& e) {
    std::printf(
        "[figure]   %-10s request %4u B (head %3u + body %3u), response %4u B (head %3u + "
        "body %3u); TLS records %4u + %4u B\n",
        what, static_cast<unsigned>(e.request), static_cast<unsigned>(e.request_head),
        static_cast<unsigned>(e.request - e.request_head), static_cast<unsigned>(e.response),
        static_cast<unsigned>(e.response_head), static_cast<unsigned>(e.response - e.response_head),
        static_cast<unsigned>(e.tls_out), static_cast<unsigned>(e.tls_in));
}

}  // namespace

TEST_GROUP_BASE(WireFigures, integration::RigFixture){};

DIALECT_TEST(WireFigures, SendAndEmptyPoll) {
    Rig& r = f.make(dialect);
    net::tls::arena_reset_peak();
    Exchange token;
    if (dialect == Dialect::kKpnGateway) {
        // The token request on its own (the keeper is asked before the first call).
        token = measure(r, [&] {
            const hal::Result<std::string_view> got = r.keeper.token(Rig::deadline());
            CHECK_EQUAL(hal::Status::kOk, got.status());
        });
    }
    r.subscribe();
    const uint64_t full_out = r.plain.handshake_sent;
    const uint64_t full_in = r.plain.handshake_received;

    uint64_t sent_id = 0;
    const Exchange send = measure(r, [&] { sent_id = r.send(kFigureText); });
    net::parley::PageResult page;
    const Exchange poll = measure(r, [&] {
        integration::Collector c;
        const hal::Status status = r.client.get_messages_after(sent_id, c, &page, Rig::deadline());
        CHECK_EQUAL(hal::Status::kOk, status);
    });
    LONGS_EQUAL(0, page.delivered);
    LONGS_EQUAL(1, r.http.connections_opened());

    // A new connection resumes the TLS session.
    r.http.close();
    const Exchange resumed_poll = measure(r, [&] {
        integration::Collector c;
        const hal::Status status = r.client.get_messages_after(sent_id, c, &page, Rig::deadline());
        CHECK_EQUAL(hal::Status::kOk, status);
    });
    CHECK_TRUE(r.tls.session_resumed());
    const net::tls::ArenaUsage arena = net::tls::arena_usage();

    const char* name = integration::dialect_name(dialect);
    std::printf("\n[figure] wire-bytes %s send=%u+%u empty-poll=%u+%u\n", name,
                static_cast<unsigned>(send.request), static_cast<unsigned>(send.response),
                static_cast<unsigned>(poll.request), static_cast<unsigned>(poll.response));
    print_exchange("send", send);
    print_exchange("empty-poll", poll);
    std::printf(
        "[figure]   TLS %s %s: handshake full %u + %u B, resumed %u + %u B (client + "
        "server); a resumed connection's first empty poll costs %u + %u B on TCP\n",
        std::string(r.tls.protocol()).c_str(), std::string(r.tls.ciphersuite()).c_str(),
        static_cast<unsigned>(full_out), static_cast<unsigned>(full_in),
        static_cast<unsigned>(r.plain.handshake_sent),
        static_cast<unsigned>(r.plain.handshake_received),
        static_cast<unsigned>(resumed_poll.tls_out), static_cast<unsigned>(resumed_poll.tls_in));
    if (dialect == Dialect::kKpnGateway) {
        std::printf("[figure]   token request (once per token lifetime) %u + %u B HTTP\n",
                    static_cast<unsigned>(token.request), static_cast<unsigned>(token.response));
    }
    std::printf("[figure]   TLS arena peak %u of %u B\n", static_cast<unsigned>(arena.peak),
                static_cast<unsigned>(arena.capacity));
    CHECK_TRUE(send.request > 0 && send.response > 0 && poll.request > 0 && poll.response > 0);
    CHECK_TRUE(arena.peak <= arena.capacity);
}

// A send and a poll on a kept-alive connection: no heap, from the client down to TLS.
DIALECT_TEST(WireFigures, SteadyStateCallsAllocateNothing) {
    Rig& r = f.make(dialect);
    r.subscribe();
    const uint64_t first = r.send("warm-up");
    class Counter final : public net::parley::MessageHandler {
      public:
        void on_message(const net::parley::Message&) override { ++count; }
        int count = 0;
    } counter;
    net::parley::PageResult page;
    hal::Status polled = hal::Status::kInternal;
    hal::Status sent = hal::Status::kInternal;
    size_t allocations = 0;
    {
        test::AllocGuard guard;
        sent = r.client.send_text(kFigureText, MessageType::kUser, Rig::deadline()).status();
        polled = r.client.get_messages_after(first, counter, &page, Rig::deadline());
        allocations = guard.allocations();
    }
    CHECK_EQUAL(hal::Status::kOk, sent);
    CHECK_EQUAL(hal::Status::kOk, polled);
    LONGS_EQUAL(1, counter.count);
    LONGS_EQUAL(0, allocations);
}

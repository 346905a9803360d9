// TcpSocket against real loopback servers built from raw POSIX calls. Timing bounds
// are generous (kSlack) because CI machines are noisy; the lower bounds are exact.
#include "port/posix/tcp_socket.h"

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <CppUTest/TestHarness.h>

#include <cstring>

#include "port/posix/clock.h"
#include "tests/port_posix/port_posix_fixtures.h"
#include "tests/support/alloc_guard.h"

using hal::Status;
using port_posix_test::Listener;

namespace {

constexpr hal::Millis kSlack = 2000;
constexpr int kAcceptMs = 2000;

}  // namespace

TEST_GROUP(TcpSocket) {
    port::posix::SystemClock clock;
    port::posix::TcpSocket socket{clock};
    Listener listener;
    int server = -1;

    void teardown() override {
        socket.close();
        if (server >= 0) ::close(server);
    }

    hal::Millis in(hal::Millis ms) {
        return clock.now_ms() + ms;
    }

    // Connects `socket` to a fresh 127.0.0.1 listener and accepts the server side.
    void connect_loopback() {
        CHECK_TRUE(listener.open(AF_INET));
        CHECK_EQUAL(Status::kOk, socket.connect("127.0.0.1", listener.port(), in(kSlack)));
        server = listener.accept_one(kAcceptMs);
        CHECK(server >= 0);
    }
};

TEST(TcpSocket, ConnectsToLoopbackAndEchoesBytesBothWays) {
    connect_loopback();
    CHECK_TRUE(socket.is_connected());

    CHECK_EQUAL(Status::kOk,
                port_posix_test::send_all(socket, clock, hal::as_bytes("hello"), in(kSlack)));
    char echo[5] = {};
    size_t got = 0;
    while (got < sizeof echo) {
        const size_t n =
            port_posix_test::read_raw(server, echo + got, sizeof echo - got, kAcceptMs);
        CHECK(n > 0);
        got += n;
    }
    port_posix_test::write_all_raw(server, echo, sizeof echo);

    uint8_t answer[5] = {};
    CHECK_EQUAL(Status::kOk,
                port_posix_test::recv_exactly(socket, clock, hal::ByteSpan(answer), in(kSlack)));
    MEMCMP_EQUAL("hello", answer, sizeof answer);
}

TEST(TcpSocket, RecvReturnsZeroAtItsDeadlineWhenTheServerNeverAnswers) {
    connect_loopback();
    uint8_t buffer[16];
    const hal::Millis start = clock.now_ms();
    const hal::Result<size_t> got = socket.recv(hal::ByteSpan(buffer), start + 300);
    const hal::Millis elapsed = clock.now_ms() - start;

    CHECK_EQUAL(Status::kOk, got.status());
    CHECK_EQUAL(0u, got.value());
    CHECK(elapsed >= 300);
    CHECK(elapsed < 300 + kSlack);
    CHECK_TRUE(socket.is_connected());  // "nothing yet" is not an error
}

TEST(TcpSocket, CallerLoopReportsTimeoutWhenTheServerListensButNeverAccepts) {
    // The kernel completes the handshake from the backlog; nobody ever reads or writes.
    CHECK_TRUE(listener.open(AF_INET));
    CHECK_EQUAL(Status::kOk, socket.connect("127.0.0.1", listener.port(), in(kSlack)));
    uint8_t buffer[4];
    const hal::Millis start = clock.now_ms();
    CHECK_EQUAL(Status::kTimeout,
                port_posix_test::recv_exactly(socket, clock, hal::ByteSpan(buffer), start + 200));
    const hal::Millis elapsed = clock.now_ms() - start;
    CHECK(elapsed >= 200);
    CHECK(elapsed < 200 + kSlack);
}

TEST(TcpSocket, SendReturnsZeroAtItsDeadlineOnceThePeerStopsReading) {
    CHECK_TRUE(listener.open(AF_INET, 8, 4096));
    CHECK_EQUAL(Status::kOk, socket.connect("127.0.0.1", listener.port(), in(kSlack)));
    server = listener.accept_one(kAcceptMs);

    static uint8_t block[64 * 1024];
    hal::Result<size_t> sent = size_t{1};
    hal::Millis elapsed = 0;
    // Loopback buffers hold a few MiB at most; 1000 blocks is far more than enough.
    for (int i = 0; i < 1000 && sent.ok() && sent.value() > 0; ++i) {
        const hal::Millis start = clock.now_ms();
        sent = socket.send(hal::ConstByteSpan(block), start + 100);
        elapsed = clock.now_ms() - start;
    }
    CHECK_EQUAL(Status::kOk, sent.status());
    CHECK_EQUAL(0u, sent.value());
    CHECK(elapsed >= 100);
    CHECK(elapsed < 100 + kSlack);
}

TEST(TcpSocket, ConnectToAClosedPortFailsWithNetworkError) {
    const uint16_t port = port_posix_test::closed_port();
    CHECK(port != 0);
    CHECK_EQUAL(Status::kNetworkError, socket.connect("127.0.0.1", port, in(kSlack)));
    CHECK_FALSE(socket.is_connected());
}

TEST(TcpSocket, ConnectToAnUnresolvableNameFailsWithNameResolution) {
    CHECK_EQUAL(Status::kNameResolution, socket.connect("no-such-host.invalid", 443, in(kSlack)));
    CHECK_FALSE(socket.is_connected());
}

TEST(TcpSocket, ConnectTimesOutWhenTheListenerBacklogIsFull) {
    // Linux drops SYNs to a listener whose accept queue is full, so the handshake of a
    // later client cannot finish: a connect timeout without leaving the loopback.
    CHECK_TRUE(listener.open(AF_INET, 0));
    port::posix::TcpSocket fillers[4] = {
        port::posix::TcpSocket{clock}, port::posix::TcpSocket{clock}, port::posix::TcpSocket{clock},
        port::posix::TcpSocket{clock}};
    bool queue_full = false;
    for (port::posix::TcpSocket& filler : fillers) {
        queue_full = filler.connect("127.0.0.1", listener.port(), in(100)) == Status::kTimeout;
        if (queue_full) break;
    }
    CHECK_TRUE(queue_full);
    const hal::Millis start = clock.now_ms();
    CHECK_EQUAL(Status::kTimeout, socket.connect("127.0.0.1", listener.port(), start + 300));
    const hal::Millis elapsed = clock.now_ms() - start;
    CHECK(elapsed >= 300);
    CHECK(elapsed < 300 + kSlack);
    CHECK_FALSE(socket.is_connected());
}

TEST(TcpSocket, ConnectWhileConnectedFailsWithFailedPrecondition) {
    connect_loopback();
    CHECK_EQUAL(Status::kFailedPrecondition,
                socket.connect("127.0.0.1", listener.port(), in(kSlack)));
    CHECK_TRUE(socket.is_connected());
}

TEST(TcpSocket, RecvReportsClosedWhenThePeerClosesCleanly) {
    connect_loopback();
    ::close(server);
    server = -1;
    uint8_t buffer[8];
    const hal::Result<size_t> got = socket.recv(hal::ByteSpan(buffer), in(kSlack));
    CHECK_EQUAL(Status::kClosed, got.status());
    CHECK_FALSE(socket.is_connected());
}

TEST(TcpSocket, RecvDeliversPendingBytesBeforeReportingClosed) {
    connect_loopback();
    port_posix_test::write_all_raw(server, "bye", 3);
    ::close(server);
    server = -1;
    uint8_t buffer[3];
    CHECK_EQUAL(Status::kOk,
                port_posix_test::recv_exactly(socket, clock, hal::ByteSpan(buffer), in(kSlack)));
    MEMCMP_EQUAL("bye", buffer, 3);
    CHECK_EQUAL(Status::kClosed, socket.recv(hal::ByteSpan(buffer), in(kSlack)).status());
}

TEST(TcpSocket, RecvReportsNetworkErrorWhenThePeerResets) {
    connect_loopback();
    port_posix_test::reset_and_close(server);
    server = -1;
    uint8_t buffer[8];
    CHECK_EQUAL(Status::kNetworkError, socket.recv(hal::ByteSpan(buffer), in(kSlack)).status());
    CHECK_FALSE(socket.is_connected());
}

TEST(TcpSocket, SendAfterThePeerHasGoneFailsWithoutRaisingSigpipe) {
    connect_loopback();
    ::close(server);
    server = -1;
    // The first write may still be accepted (the peer then answers with a reset);
    // a later one must fail. Without MSG_NOSIGNAL this test would kill the process.
    hal::Result<size_t> sent = size_t{1};
    for (int i = 0; i < 100 && sent.ok(); ++i) {
        sent = socket.send(hal::as_bytes("ping"), in(kSlack));
        if (sent.ok()) ::usleep(1000);
    }
    CHECK(sent.status() == Status::kClosed || sent.status() == Status::kNetworkError);
    CHECK_FALSE(socket.is_connected());
}

TEST(TcpSocket, ConnectsByHostName) {
    // Where "localhost" also resolves to ::1 (tried first, nobody listens there), this
    // shows a refused address does not hide the next one.
    CHECK_TRUE(listener.open(AF_INET));
    CHECK_EQUAL(Status::kOk, socket.connect("localhost", listener.port(), in(kSlack)));
    server = listener.accept_one(kAcceptMs);
    CHECK(server >= 0);
}

TEST(TcpSocket, CloseIsIdempotentAndAllowsAnotherConnect) {
    connect_loopback();
    socket.close();
    socket.close();
    CHECK_FALSE(socket.is_connected());
    CHECK_EQUAL(Status::kOk, socket.connect("127.0.0.1", listener.port(), in(kSlack)));
    CHECK_TRUE(socket.is_connected());
}

TEST(TcpSocket, ReconnectsAfterThePeerClosedWithoutAnExplicitClose) {
    connect_loopback();
    ::close(server);
    server = -1;
    uint8_t buffer[8];
    CHECK_EQUAL(Status::kClosed, socket.recv(hal::ByteSpan(buffer), in(kSlack)).status());
    CHECK_EQUAL(Status::kOk, socket.connect("127.0.0.1", listener.port(), in(kSlack)));
    CHECK_TRUE(socket.is_connected());
}

TEST(TcpSocket, CallsBeforeConnectFailWithFailedPrecondition) {
    uint8_t buffer[4];
    CHECK_FALSE(socket.is_connected());
    CHECK_EQUAL(Status::kFailedPrecondition, socket.send(hal::as_bytes("x"), in(10)).status());
    CHECK_EQUAL(Status::kFailedPrecondition, socket.recv(hal::ByteSpan(buffer), in(10)).status());
}

TEST(TcpSocket, EmptyBuffersAndBadHostsAreInvalidArguments) {
    connect_loopback();
    CHECK_EQUAL(Status::kInvalidArgument, socket.send(hal::ConstByteSpan(), in(10)).status());
    CHECK_EQUAL(Status::kInvalidArgument, socket.recv(hal::ByteSpan(), in(10)).status());
    port::posix::TcpSocket other{clock};
    CHECK_EQUAL(Status::kInvalidArgument, other.connect("", 80, in(10)));
    CHECK_EQUAL(Status::kInvalidArgument,
                other.connect(std::string_view("127.0.0.1\0x", 11), 80, in(10)));
}

TEST(TcpSocket, SendAndRecvAllocateNothing) {
    connect_loopback();
    port_posix_test::write_all_raw(server, "abcd", 4);
    uint8_t buffer[4];
    size_t allocations = 0;
    hal::Result<size_t> sent = size_t{0};
    hal::Result<size_t> got = size_t{0};
    {
        test::AllocGuard guard;
        sent = socket.send(hal::as_bytes("ping"), in(kSlack));
        got = socket.recv(hal::ByteSpan(buffer), in(kSlack));
        allocations = guard.allocations();
    }
    CHECK_EQUAL(0u, allocations);
    CHECK(sent.ok() && sent.value() > 0);
    CHECK(got.ok() && got.value() > 0);
}

TEST(TcpSocket, RecvDeadlineHoldsAcrossTheMillisecondCounterWrap) {
    // A clock 150 ms before 2^32: the deadline 300 ms after the start is numerically
    // smaller than the start, and must still be waited for in full.
    port::posix::SystemClock wrapping(port::posix::SystemClock::offset_to_reach(0xFFFFFFFFu - 150));
    port::posix::TcpSocket wrapped_socket{wrapping};
    CHECK_TRUE(listener.open(AF_INET));
    CHECK_EQUAL(Status::kOk,
                wrapped_socket.connect("127.0.0.1", listener.port(), wrapping.now_ms() + kSlack));

    uint8_t buffer[4];
    const hal::Millis start = wrapping.now_ms();
    const hal::Millis real_start = clock.now_ms();
    const hal::Millis deadline = start + 300;
    CHECK(deadline < start);  // the interval crosses the wrap
    const hal::Result<size_t> got = wrapped_socket.recv(hal::ByteSpan(buffer), deadline);
    const hal::Millis real_elapsed = clock.now_ms() - real_start;

    CHECK_EQUAL(Status::kOk, got.status());
    CHECK_EQUAL(0u, got.value());
    CHECK(real_elapsed >= 300);
    CHECK(real_elapsed < 300 + kSlack);
    CHECK_TRUE(hal::deadline_passed(wrapping.now_ms(), deadline));
}

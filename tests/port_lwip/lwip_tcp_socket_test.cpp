// LwipTcpSocket against real peers across a TAP device, inside the namespace that
// tests/port_lwip/netns-run.sh created: the same behaviours the POSIX socket's tests pin
// down (tests/port_posix/port_posix_test_tcp_socket.cpp), plus flow control in both directions.
// Timing bounds are generous above (kSlack, noisy machines) and exact below.
#include "port/lwip/lwip_tcp_socket.h"

#include <CppUTest/TestHarness.h>

#include <cstdio>

#include "tests/port_lwip/lwip_test_env.h"
#include "tests/support/alloc_guard.h"

using hal::Status;
using lwip_test::in;

namespace {

constexpr hal::Millis kSlack = 2000;
constexpr size_t kBulkSize = 1024 * 1024;
constexpr size_t kBulkChunk = 4096;
constexpr hal::Millis kBulkBudgetMs = 60000;

uint8_t pattern_byte(size_t i) {
    return static_cast<uint8_t>((i * 2654435761u) >> 13);
}

}  // namespace

TEST_GROUP(LwipTcpSocket) {
    port::lwip::LwipTcpSocket socket{lwip_test::stack()};

    void setup() override {
        CHECK_EQUAL(Status::kOk, lwip_test::bring_up());
    }

    void teardown() override {
        socket.close();
    }

    void connect_to(uint16_t port) {
        CHECK_EQUAL(Status::kOk, socket.connect(lwip_test::kPeerAddress, port, in(kSlack)));
        CHECK_TRUE(socket.is_connected());
    }

    void expect_echo(const char* text) {
        const hal::ConstByteSpan bytes = hal::as_bytes(text);
        CHECK_EQUAL(Status::kOk, lwip_test::send_all(socket, bytes, in(kSlack)));
        uint8_t answer[64] = {};
        CHECK(bytes.size() <= sizeof answer);
        CHECK_EQUAL(Status::kOk, lwip_test::recv_exactly(
                                     socket, hal::ByteSpan(answer, bytes.size()), in(kSlack)));
        MEMCMP_EQUAL(bytes.data(), answer, bytes.size());
    }

    // Sends `total` pattern bytes while reading the echo back, each call with a deadline
    // already due, so neither direction may wait on the other. Returns bytes verified.
    size_t echo_bulk(size_t total) {
        static uint8_t out[kBulkChunk];
        static uint8_t back[kBulkChunk];
        size_t sent = 0;
        size_t got = 0;
        const hal::Millis deadline = in(kBulkBudgetMs);
        while (got < total && !hal::deadline_passed(lwip_test::clock().now_ms(), deadline)) {
            if (sent < total) {
                const size_t n = sent + kBulkChunk <= total ? kBulkChunk : total - sent;
                for (size_t i = 0; i < n; ++i)
                    out[i] = pattern_byte(sent + i);
                const hal::Result<size_t> r =
                    socket.send(hal::ConstByteSpan(out, n), lwip_test::clock().now_ms());
                if (!r.ok()) return got;
                sent += r.value();
                // What was not taken is offered again from the same offset.
            }
            const hal::Result<size_t> r =
                socket.recv(hal::ByteSpan(back), lwip_test::clock().now_ms());
            if (!r.ok()) return got;
            for (size_t i = 0; i < r.value(); ++i) {
                if (back[i] != pattern_byte(got + i)) return got + i;
            }
            got += r.value();
        }
        return got;
    }
};

TEST(LwipTcpSocket, ConnectsAndEchoesBytesBothWays) {
    connect_to(lwip_test::kEchoPort);
    expect_echo("hello");
    expect_echo("over lwIP on a TAP device");
}

TEST(LwipTcpSocket, RecvReturnsZeroAtItsDeadlineWhenTheServerNeverAnswers) {
    connect_to(lwip_test::kSilentPort);
    uint8_t buffer[16];
    const hal::Millis start = lwip_test::clock().now_ms();
    const hal::Result<size_t> got = socket.recv(hal::ByteSpan(buffer), start + 300);
    const hal::Millis elapsed = lwip_test::clock().now_ms() - start;

    CHECK_EQUAL(Status::kOk, got.status());
    CHECK_EQUAL(0u, got.value());
    CHECK(elapsed >= 300);
    CHECK(elapsed < 300 + kSlack);
    CHECK_TRUE(socket.is_connected());  // "nothing yet" is not an error
}

TEST(LwipTcpSocket, RecvWithADeadlineAlreadyDueReturnsAtOnce) {
    connect_to(lwip_test::kSilentPort);
    uint8_t buffer[4];
    const hal::Millis start = lwip_test::clock().now_ms();
    const hal::Result<size_t> got = socket.recv(hal::ByteSpan(buffer), start);
    CHECK_EQUAL(Status::kOk, got.status());
    CHECK_EQUAL(0u, got.value());
    CHECK(lwip_test::clock().now_ms() - start < 100);
}

TEST(LwipTcpSocket, SendReturnsZeroAtItsDeadlineOnceThePeerStopsReading) {
    // The silent peer's 4 KB receive buffer fills, its window closes, and then lwIP's
    // send buffer fills with what it cannot send.
    connect_to(lwip_test::kSilentPort);
    static uint8_t block[1024];
    hal::Result<size_t> sent = size_t{1};
    hal::Millis elapsed = 0;
    size_t total = 0;
    for (int i = 0; i < 1000 && sent.ok() && sent.value() > 0; ++i) {
        const hal::Millis start = lwip_test::clock().now_ms();
        sent = socket.send(hal::ConstByteSpan(block), start + 100);
        elapsed = lwip_test::clock().now_ms() - start;
        total += sent.value();
    }
    CHECK_EQUAL(Status::kOk, sent.status());
    CHECK_EQUAL(0u, sent.value());
    CHECK(total >= port::lwip::LwipTcpSocket::kReceiveBufferSize);  // lwIP's buffer, at least
    CHECK(elapsed >= 100);
    CHECK(elapsed < 100 + kSlack);
    CHECK_TRUE(socket.is_connected());
}

TEST(LwipTcpSocket, ConnectToAClosedPortFailsWithNetworkError) {
    CHECK_EQUAL(Status::kNetworkError,
                socket.connect(lwip_test::kPeerAddress, lwip_test::kClosedPort, in(kSlack)));
    CHECK_FALSE(socket.is_connected());
}

TEST(LwipTcpSocket, ConnectToAnAbsentHostTimesOutAtTheDeadlineAndCanTryAgain) {
    const hal::Millis start = lwip_test::clock().now_ms();
    CHECK_EQUAL(Status::kTimeout,
                socket.connect(lwip_test::kAbsentAddress, lwip_test::kEchoPort, start + 500));
    const hal::Millis elapsed = lwip_test::clock().now_ms() - start;
    CHECK(elapsed >= 500);
    CHECK(elapsed < 500 + kSlack);
    CHECK_FALSE(socket.is_connected());
    // The aborted attempt left nothing behind that blocks the next one.
    connect_to(lwip_test::kEchoPort);
    expect_echo("again");
}

TEST(LwipTcpSocket, ConnectWhileConnectedFailsWithFailedPrecondition) {
    connect_to(lwip_test::kEchoPort);
    CHECK_EQUAL(Status::kFailedPrecondition,
                socket.connect(lwip_test::kPeerAddress, lwip_test::kEchoPort, in(kSlack)));
    CHECK_TRUE(socket.is_connected());
}

TEST(LwipTcpSocket, RecvDeliversPendingBytesBeforeReportingClosed) {
    connect_to(lwip_test::kByePort);
    uint8_t buffer[3];
    CHECK_EQUAL(Status::kOk, lwip_test::recv_exactly(socket, hal::ByteSpan(buffer), in(kSlack)));
    MEMCMP_EQUAL("bye", buffer, 3);
    CHECK_EQUAL(Status::kClosed, socket.recv(hal::ByteSpan(buffer), in(kSlack)).status());
    CHECK_FALSE(socket.is_connected());
    // And it stays closed.
    CHECK_EQUAL(Status::kClosed, socket.recv(hal::ByteSpan(buffer), in(kSlack)).status());
}

TEST(LwipTcpSocket, RecvReportsNetworkErrorWhenThePeerResets) {
    connect_to(lwip_test::kResetPort);
    CHECK_EQUAL(Status::kOk, lwip_test::send_all(socket, hal::as_bytes("x"), in(kSlack)));
    uint8_t buffer[8];
    CHECK_EQUAL(Status::kNetworkError, socket.recv(hal::ByteSpan(buffer), in(kSlack)).status());
    CHECK_FALSE(socket.is_connected());
}

TEST(LwipTcpSocket, SendAfterThePeerHasGoneFailsWithNetworkError) {
    connect_to(lwip_test::kByePort);
    uint8_t buffer[3];
    CHECK_EQUAL(Status::kOk, lwip_test::recv_exactly(socket, hal::ByteSpan(buffer), in(kSlack)));
    // The peer's socket is closed: the first write is answered with a reset, which a
    // later call reports.
    hal::Result<size_t> sent = size_t{1};
    for (int i = 0; i < 100 && sent.ok(); ++i) {
        sent = socket.send(hal::as_bytes("ping"), in(kSlack));
        if (sent.ok()) (void)socket.recv(hal::ByteSpan(buffer), in(20));
    }
    CHECK_EQUAL(Status::kNetworkError, sent.status());
    CHECK_FALSE(socket.is_connected());
}

TEST(LwipTcpSocket, TransfersAMegabyteBothWaysThroughTheEchoServer) {
    // 1 MiB through a 5.8 KB window each way: lwIP's send buffer, the ring and the peer
    // all fill and drain many times, and not one byte is lost, doubled or reordered.
    connect_to(lwip_test::kEchoPort);
    const hal::Millis start = lwip_test::clock().now_ms();
    const size_t verified = echo_bulk(kBulkSize);
    const hal::Millis elapsed = lwip_test::clock().now_ms() - start;
    CHECK_EQUAL(kBulkSize, verified);
    std::printf("\n[figure] lwip-echo-1MiB-both-ways %u ms", static_cast<unsigned>(elapsed));
}

TEST(LwipTcpSocket, CloseIsIdempotentAndAllowsAnotherConnect) {
    connect_to(lwip_test::kEchoPort);
    socket.close();
    socket.close();
    CHECK_FALSE(socket.is_connected());
    connect_to(lwip_test::kEchoPort);
    expect_echo("reconnected");
}

TEST(LwipTcpSocket, ReconnectsAfterThePeerClosedWithoutAnExplicitClose) {
    connect_to(lwip_test::kByePort);
    uint8_t buffer[8];
    Status status = Status::kOk;
    while (status == Status::kOk)
        status = socket.recv(hal::ByteSpan(buffer), in(kSlack)).status();
    CHECK_EQUAL(Status::kClosed, status);
    connect_to(lwip_test::kEchoPort);
    expect_echo("next");
}

TEST(LwipTcpSocket, ManyShortConnectionsDoNotExhaustThePcbPool) {
    // Two pcbs in the pool (lwipopts.h): closed connections in FIN_WAIT or TIME_WAIT
    // must give way to new ones.
    for (int i = 0; i < 10; ++i) {
        connect_to(lwip_test::kEchoPort);
        expect_echo("short");
        socket.close();
    }
}

TEST(LwipTcpSocket, CallsBeforeConnectFailWithFailedPrecondition) {
    uint8_t buffer[4];
    CHECK_FALSE(socket.is_connected());
    CHECK_EQUAL(Status::kFailedPrecondition, socket.send(hal::as_bytes("x"), in(10)).status());
    CHECK_EQUAL(Status::kFailedPrecondition, socket.recv(hal::ByteSpan(buffer), in(10)).status());
}

TEST(LwipTcpSocket, EmptyBuffersAndBadHostsAreInvalidArguments) {
    connect_to(lwip_test::kEchoPort);
    CHECK_EQUAL(Status::kInvalidArgument, socket.send(hal::ConstByteSpan(), in(10)).status());
    CHECK_EQUAL(Status::kInvalidArgument, socket.recv(hal::ByteSpan(), in(10)).status());
    port::lwip::LwipTcpSocket other{lwip_test::stack()};
    CHECK_EQUAL(Status::kInvalidArgument, other.connect("", 80, in(10)));
    CHECK_EQUAL(Status::kInvalidArgument,
                other.connect(std::string_view("10.200.0.1\0x", 12), 80, in(10)));
    static char long_name[port::lwip::LwipTcpSocket::kMaxHostLength + 2];
    for (size_t i = 0; i + 1 < sizeof long_name; ++i)
        long_name[i] = 'a';
    CHECK_EQUAL(Status::kInvalidArgument, other.connect(long_name, 80, in(10)));
}

TEST(LwipTcpSocket, Ipv6LiteralsAreUnsupported) {
    // This build of lwIP has no IPv6 (lwipopts.h): say so, rather than "no such name".
    CHECK_EQUAL(Status::kUnsupported, socket.connect("::1", lwip_test::kEchoPort, in(10)));
    CHECK_EQUAL(Status::kUnsupported, socket.connect("fe80::1", lwip_test::kEchoPort, in(10)));
    CHECK_FALSE(socket.is_connected());
}

TEST(LwipTcpSocket, ConnectSendRecvAndCloseAllocateNothing) {
    uint8_t buffer[4];
    Status connected = Status::kInternal;
    hal::Result<size_t> sent = size_t{0};
    Status received = Status::kInternal;
    size_t allocations = 0;
    {
        test::AllocGuard guard;
        connected = socket.connect(lwip_test::kPeerAddress, lwip_test::kEchoPort, in(kSlack));
        sent = socket.send(hal::as_bytes("ping"), in(kSlack));
        received = lwip_test::recv_exactly(socket, hal::ByteSpan(buffer), in(kSlack));
        socket.close();
        allocations = guard.allocations();
    }
    CHECK_EQUAL(Status::kOk, connected);
    CHECK_EQUAL(4u, sent.value());
    CHECK_EQUAL(Status::kOk, received);
    MEMCMP_EQUAL("ping", buffer, 4);
    CHECK_EQUAL(0u, allocations);
}

TEST(LwipTcpSocket, RecvDeadlineHoldsAcrossTheMillisecondCounterWrap) {
    // The suite's clock started an hour before 2^32; put it 150 ms before the wrap, so
    // that the deadline 300 ms after the start is numerically smaller than the start.
    connect_to(lwip_test::kSilentPort);
    CHECK_TRUE(lwip_test::clock().jump_to(0xFFFFFFFFu - 150));
    uint8_t buffer[4];
    const hal::Millis start = lwip_test::clock().now_ms();
    const hal::Millis deadline = start + 300;
    CHECK(deadline < start);  // the interval crosses the wrap
    const hal::Result<size_t> got = socket.recv(hal::ByteSpan(buffer), deadline);
    const hal::Millis elapsed = lwip_test::clock().now_ms() - start;

    CHECK_EQUAL(Status::kOk, got.status());
    CHECK_EQUAL(0u, got.value());
    CHECK(elapsed >= 300);
    CHECK(elapsed < 300 + kSlack);
    CHECK_TRUE(hal::deadline_passed(lwip_test::clock().now_ms(), deadline));
    // lwIP's timers kept running across the wrap: the connection still works.
    socket.close();
    connect_to(lwip_test::kEchoPort);
    expect_echo("after the wrap");
}

// TcpSocket over the IPv6 loopback, in a binary of its own (ctest entry port_posix_ipv6):
// where the host has no IPv6 loopback it exits with ctest's skip code, so the entry
// shows as skipped instead of passing without having connected.
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <CppUTest/TestHarness.h>

#include "port/posix/clock.h"
#include "port/posix/tcp_socket.h"
#include "tests/port_posix/port_posix_fixtures.h"
#include "tests/support/skip.h"

using hal::Status;
using port_posix_test::Listener;

namespace {

constexpr hal::Millis kSlack = 2000;
constexpr int kAcceptMs = 2000;

}  // namespace

TEST_GROUP(TcpSocketIpv6) {
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
};

TEST(TcpSocketIpv6, ConnectsToTheIpv6LoopbackLiteral) {
    if (!listener.open(AF_INET6)) {
        parley_test::skip_binary("this host has no IPv6 loopback (::1)");
        return;
    }
    CHECK_EQUAL(Status::kOk, socket.connect("::1", listener.port(), in(kSlack)));
    server = listener.accept_one(kAcceptMs);
    CHECK(server >= 0);
    CHECK_EQUAL(Status::kOk,
                port_posix_test::send_all(socket, clock, hal::as_bytes("v6"), in(kSlack)));
    char got[2] = {};
    CHECK_EQUAL(2u, port_posix_test::read_raw(server, got, sizeof got, kAcceptMs));
    MEMCMP_EQUAL("v6", got, 2);
}

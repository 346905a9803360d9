// Name resolution through lwIP's DNS client against the peers' DNS server in the test
// namespace (tests/port_lwip/peers.py): names under parley.test resolve to the peer address,
// nxdomain.* does not exist, silent* is never answered. Each test asks a name no other
// test asks, because lwIP caches answers.
#include "port/lwip/lwip_resolver.h"

#include <CppUTest/TestHarness.h>

#include "port/lwip/lwip_tcp_socket.h"
#include "tests/port_lwip/lwip_test_env.h"

using hal::Status;
using lwip_test::in;

namespace {

constexpr hal::Millis kSlack = 2000;
// lwIP gives up on a server after 4 tries over about 7 s (DNS_MAX_RETRIES, dns.c).
constexpr hal::Millis kLwipDnsGiveUpMs = 7000;

}  // namespace

TEST_GROUP(LwipResolver) {
    port::lwip::LwipTcpSocket socket{lwip_test::stack()};

    void setup() override {
        CHECK_EQUAL(Status::kOk, lwip_test::bring_up());
    }

    void teardown() override {
        socket.close();
        // Every test starts with the peers' DNS server, whatever the test changed.
        CHECK_EQUAL(Status::kOk, lwip_test::stack().set_dns_server(lwip_test::kPeerAddress));
    }

    Status resolve(const char* name, hal::Millis deadline) {
        return port::lwip::resolve_ipv4(lwip_test::stack(), name, deadline).status();
    }
};

TEST(LwipResolver, ConnectsByANameTheDnsServerKnows) {
    CHECK_EQUAL(Status::kOk, socket.connect("echo.parley.test", lwip_test::kEchoPort, in(kSlack)));
    CHECK_EQUAL(Status::kOk, lwip_test::send_all(socket, hal::as_bytes("dns"), in(kSlack)));
    uint8_t answer[3];
    CHECK_EQUAL(Status::kOk, lwip_test::recv_exactly(socket, hal::ByteSpan(answer), in(kSlack)));
    MEMCMP_EQUAL("dns", answer, 3);
}

TEST(LwipResolver, ResolvesToTheAddressTheServerGave) {
    const hal::Result<ip_addr_t> address =
        port::lwip::resolve_ipv4(lwip_test::stack(), "address.parley.test", in(kSlack));
    CHECK_EQUAL(Status::kOk, address.status());
    char text[IP4ADDR_STRLEN_MAX];
    STRCMP_EQUAL(lwip_test::kPeerAddress, ipaddr_ntoa_r(&address.value(), text, sizeof text));
}

TEST(LwipResolver, ANameTheServerDeniesFailsWithNameResolution) {
    const hal::Millis start = lwip_test::clock().now_ms();
    CHECK_EQUAL(Status::kNameResolution,
                socket.connect("nxdomain.parley.test", lwip_test::kEchoPort, start + kSlack));
    CHECK(lwip_test::clock().now_ms() - start < kSlack);  // an answer, not a timeout
    CHECK_FALSE(socket.is_connected());
}

TEST(LwipResolver, WithoutADnsServerNamesFailAndLiteralsStillWork) {
    CHECK_EQUAL(Status::kOk, lwip_test::stack().set_dns_server(""));
    CHECK_EQUAL(Status::kNameResolution,
                socket.connect("no-server.parley.test", lwip_test::kEchoPort, in(kSlack)));
    CHECK_EQUAL(Status::kOk,
                socket.connect(lwip_test::kPeerAddress, lwip_test::kEchoPort, in(kSlack)));
}

TEST(LwipResolver, ASilentServerTimesOutAtTheDeadlineAndLaterNamesStillResolve) {
    const hal::Millis start = lwip_test::clock().now_ms();
    CHECK_EQUAL(Status::kTimeout,
                socket.connect("silent.parley.test", lwip_test::kEchoPort, start + 500));
    const hal::Millis elapsed = lwip_test::clock().now_ms() - start;
    CHECK(elapsed >= 500);
    CHECK(elapsed < 500 + kSlack);
    // The abandoned query is still in lwIP's table; its eventual failure must not be
    // taken for the answer to this one.
    CHECK_EQUAL(Status::kOk, resolve("after-silence.parley.test", in(kSlack)));
}

TEST(LwipResolver, AnAbsentServerFailsWithNameResolutionOnceLwipGivesUp) {
    CHECK_EQUAL(Status::kOk, lwip_test::stack().set_dns_server(lwip_test::kAbsentDnsServer));
    const hal::Millis start = lwip_test::clock().now_ms();
    CHECK_EQUAL(Status::kNameResolution,
                resolve("absent-server.parley.test", start + kLwipDnsGiveUpMs + 3 * kSlack));
    const hal::Millis elapsed = lwip_test::clock().now_ms() - start;
    CHECK(elapsed < kLwipDnsGiveUpMs + kSlack);
}

TEST(LwipResolver, DottedLiteralsNeedNoDnsServer) {
    CHECK_EQUAL(Status::kOk, lwip_test::stack().set_dns_server(""));
    const hal::Result<ip_addr_t> address =
        port::lwip::resolve_ipv4(lwip_test::stack(), "10.200.0.1", lwip_test::clock().now_ms());
    CHECK_EQUAL(Status::kOk, address.status());
    CHECK_EQUAL(Status::kInvalidArgument, lwip_test::stack().set_dns_server("not-an-address"));
}

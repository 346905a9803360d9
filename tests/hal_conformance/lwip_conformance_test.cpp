// The Socket conformance checks against LwipTcpSocket, in the lwIP tests' world
// (tests/port_lwip/lwip_test_env.h): lwIP on a TAP device in a network namespace that
// netns-run.sh creates, peers.py on the namespace's side (echo, silent, bye, reset, a
// closed port, and a DNS that answers NXDOMAIN for nxdomain.parley.test).
#include <CppUTest/TestHarness.h>

#include "hal/conformance/socket_checks.h"
#include "port/lwip/lwip_tcp_socket.h"
#include "tests/hal_conformance/cpputest_reporter.h"
#include "tests/port_lwip/lwip_test_env.h"

namespace hc = hal::conformance;

namespace {

class LwipSocketFixture final : public hc::SocketFixture {
  public:
    hal::Socket& socket() override { return socket_; }
    hal::Clock& clock() override { return lwip_test::clock(); }
    hc::SocketPeer peer() override {
        return {lwip_test::kPeerAddress, lwip_test::kEchoPort,  lwip_test::kSilentPort,
                lwip_test::kByePort,     lwip_test::kResetPort, lwip_test::kClosedPort,
                "nxdomain.parley.test"};
    }

  private:
    port::lwip::LwipTcpSocket socket_{lwip_test::stack()};
};

}  // namespace

TEST_GROUP(LwipConformance) {
    conformance_test::CppUTestReporter reporter;
    void setup() override {
        CHECK_EQUAL(hal::Status::kOk, lwip_test::bring_up());
    }
};

TEST(LwipConformance, LwipTcpSocket) {
    LwipSocketFixture fixture;
    reporter.verify(hc::run_socket_checks(fixture, reporter), hc::socket_check_count(), "");
}

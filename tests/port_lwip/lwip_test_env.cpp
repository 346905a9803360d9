#include "tests/port_lwip/lwip_test_env.h"

#include <cstdlib>

#include "boards/host-lwip/host_lwip_net.h"
#include "port/posix/entropy.h"
#include "tests/port_lwip/peer_process.h"

namespace lwip_test {
namespace {

TestClock g_clock;
port::posix::GetrandomEntropy g_entropy;
boards::host_lwip::HostLwipNet g_net(g_clock, g_entropy);
PeerProcess g_peers;
bool g_tried = false;
hal::Status g_status = hal::Status::kUnavailable;

hal::Status start() {
    const char* tap = std::getenv("PARLEY_LWIP_TAP");
    if (tap == nullptr) return hal::Status::kUnavailable;  // not run through netns-run.sh
    const boards::host_lwip::HostLwipConfig config{
        tap, {kLwipAddress, "255.255.255.0", kPeerAddress}, kPeerAddress};
    HAL_TRY(g_net.init(config));
    const char* const argv[] = {"python3", PARLEY_LWIP_PEERS_SCRIPT, "--address", kPeerAddress,
                                nullptr};
    return g_peers.start(argv, "READY") ? hal::Status::kOk : hal::Status::kUnavailable;
}

}  // namespace

bool TestClock::jump_to(hal::Millis target) {
    const hal::Millis step = target - now_ms();
    if (step > kStartBeforeWrapMs) return false;
    offset_ += step;
    return true;
}

TestClock& clock() {
    return g_clock;
}

hal::Entropy& entropy() {
    return g_entropy;
}

hal::Status bring_up() {
    if (!g_tried) {
        g_tried = true;
        g_status = start();
    }
    return g_status;
}

port::lwip::LwipStack& stack() {
    return g_net.stack();
}

const char* cert_dir() {
    return PARLEY_LWIP_CERT_DIR;
}

hal::Millis in(hal::Millis ms) {
    return g_clock.now_ms() + ms;
}

hal::Status send_all(hal::Socket& socket, hal::ConstByteSpan data, hal::Millis deadline) {
    while (!data.empty()) {
        const hal::Result<size_t> sent = socket.send(data, deadline);
        if (!sent.ok()) return sent.status();
        if (sent.value() == 0 && hal::deadline_passed(g_clock.now_ms(), deadline)) {
            return hal::Status::kTimeout;
        }
        data = data.subspan(sent.value());
    }
    return hal::Status::kOk;
}

hal::Status recv_exactly(hal::Socket& socket, hal::ByteSpan out, hal::Millis deadline) {
    while (!out.empty()) {
        const hal::Result<size_t> got = socket.recv(out, deadline);
        if (!got.ok()) return got.status();
        if (got.value() == 0 && hal::deadline_passed(g_clock.now_ms(), deadline)) {
            return hal::Status::kTimeout;
        }
        out = out.subspan(got.value());
    }
    return hal::Status::kOk;
}

}  // namespace lwip_test

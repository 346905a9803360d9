// The world of the lwIP tests: lwIP on the TAP device that tests/port_lwip/netns-run.sh made
// inside a fresh network namespace, and the peers it talks to on the namespace's side of
// that device. Brought up once per process, on first use; every address below exists
// only inside that namespace.
#pragma once

#include <cstddef>
#include <cstdint>

#include "hal/clock.h"
#include "hal/entropy.h"
#include "hal/socket.h"
#include "hal/span.h"
#include "hal/status.h"
#include "hal/time.h"
#include "port/lwip/lwip_stack.h"
#include "port/posix/clock.h"

namespace lwip_test {

constexpr const char* kPeerAddress = "10.200.0.1";     // the kernel's side of tap0: all servers
constexpr const char* kLwipAddress = "10.200.0.2";     // lwIP
constexpr const char* kAbsentAddress = "10.200.0.99";  // on the subnet, nobody answers ARP
constexpr const char* kAbsentDnsServer = "10.200.0.77";

// tests/port_lwip/peers.py
constexpr uint16_t kEchoPort = 7001;
constexpr uint16_t kSilentPort = 7002;
constexpr uint16_t kByePort = 7003;
constexpr uint16_t kResetPort = 7004;
constexpr uint16_t kHttpPort = 7080;
constexpr uint16_t kClosedPort = 7999;  // nothing listens: the kernel answers with RST
constexpr uint16_t kTlsPort = 8443;     // openssl s_server, started by the TLS tests

// The suite's monotonic clock: the system's, started an hour before the 32-bit counter
// wraps, so that a test can jump it forward to just before the wrap (by less than an
// hour, which lwIP's timers take as one late tick) and run real deadlines across it.
class TestClock final : public hal::Clock {
  public:
    static constexpr hal::Millis kStartBeforeWrapMs = 60 * 60 * 1000;

    hal::Millis now_ms() override { return system_.now_ms() + offset_; }
    hal::Result<int64_t> wall_seconds() override { return system_.wall_seconds(); }
    void set_wall_seconds(int64_t seconds) override { system_.set_wall_seconds(seconds); }

    // Moves the counter forward so that it reads `target` now. False when that would be a
    // step backwards or longer than kStartBeforeWrapMs.
    bool jump_to(hal::Millis target);

  private:
    port::posix::SystemClock system_;
    hal::Millis offset_ = 0 - kStartBeforeWrapMs - port::posix::SystemClock().now_ms();
};

TestClock& clock();
hal::Entropy& entropy();

// lwIP up on the TAP device and peers.py listening; kOk or why not (the first failure
// is remembered and repeated, so every test reports it).
hal::Status bring_up();
port::lwip::LwipStack& stack();

// Directory of the certificates made by tools/certs/make-test-certs for this suite.
const char* cert_dir();

hal::Millis in(hal::Millis ms);

// Caller-level loops, as the layers above would write them.
hal::Status send_all(hal::Socket& socket, hal::ConstByteSpan data, hal::Millis deadline);
hal::Status recv_exactly(hal::Socket& socket, hal::ByteSpan out, hal::Millis deadline);

}  // namespace lwip_test

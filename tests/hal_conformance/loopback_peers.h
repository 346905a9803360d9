// The Socket conformance peers (hal/conformance/socket_checks.h) for host runs: echo,
// silent, bye and reset listeners on 127.0.0.1 with kernel-chosen ports, served by one
// thread from raw POSIX calls (the code under test never serves itself), plus a port
// nobody listens on and a name that does not resolve (.invalid, RFC 6761). The same roles as
// tests/port_lwip/peers.py, without fixed ports, so that parallel runs never collide.
#pragma once

#include <cstdint>
#include <thread>

#include "hal/conformance/socket_checks.h"

namespace conformance_test {

class LoopbackPeers {
  public:
    LoopbackPeers() = default;
    ~LoopbackPeers() { stop(); }
    LoopbackPeers(const LoopbackPeers&) = delete;
    LoopbackPeers& operator=(const LoopbackPeers&) = delete;

    // False when a listener or the thread could not be set up.
    bool start();
    void stop();

    hal::conformance::SocketPeer peer() const;

  private:
    enum Role { kEcho, kSilent, kBye, kReset, kRoles };

    void serve();

    int listeners_[kRoles] = {-1, -1, -1, -1};
    uint16_t ports_[kRoles] = {};
    uint16_t closed_port_ = 0;
    int wake_[2] = {-1, -1};
    std::thread thread_;
};

}  // namespace conformance_test

// HostLwipNet: the network of a host process that runs lwIP instead of the kernel's TCP:
// lwIP on an existing TAP device with a static IPv4 address, so the lwIP port is tested
// on the host under the sanitizers. Sockets are port::lwip::LwipTcpSocket{net.stack()}.
// One per process (lwIP is a singleton); allocate it statically.
#pragma once

#include "boards/host-lwip/tap_netif.h"
#include "hal/clock.h"
#include "hal/entropy.h"
#include "hal/status.h"
#include "port/lwip/lwip_stack.h"

namespace boards::host_lwip {

struct HostLwipConfig {
    const char* tap_name;    // an existing TAP device, e.g. "tap0"
    Ipv4Config ipv4;         // this host's lwIP address, netmask and gateway
    const char* dns_server;  // dotted IPv4, or nullptr: names then fail (kNameResolution)
};

class HostLwipNet {
  public:
    HostLwipNet(hal::Clock& clock, hal::Entropy& entropy) : stack_(clock, entropy, tap_) {}
    HostLwipNet(const HostLwipNet&) = delete;
    HostLwipNet& operator=(const HostLwipNet&) = delete;

    // Starts lwIP, attaches the TAP device and sets the addresses. Errors: those of
    // LwipStack::init (second call), TapNetif::open and LwipStack::set_dns_server.
    hal::Status init(const HostLwipConfig& config);

    port::lwip::LwipStack& stack() { return stack_; }

  private:
    TapNetif tap_;  // before stack_, which keeps a reference to it
    port::lwip::LwipStack stack_;
};

}  // namespace boards::host_lwip

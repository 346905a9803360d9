// Lan9118Netif: the LAN9118 as lwIP's Ethernet interface with a static IPv4 address, and
// the board's port::lwip::NetifDriver. poll() hands every frame the chip has received to
// lwIP, sleeping (WFI, woken by the chip's receive interrupt or the 1 ms SysTick) while
// none is there; lwIP's frames go out through the TX FIFO at once. One per image (lwIP is
// built with LWIP_SINGLE_NETIF). No frame buffer: frames stream between the chip's FIFOs
// and lwIP's pbufs.
#pragma once

#include <cstddef>
#include <cstdint>

#include "boards/common/mps2/lan9118.h"
#include "hal/clock.h"
#include "hal/status.h"
#include "hal/time.h"
#include "lwip/netif.h"
#include "port/lwip/lwip_stack.h"

namespace boards::mps2_an386 {

struct Ipv4Settings {
    const char* address;  // dotted literals, e.g. "10.0.2.15"
    const char* netmask;
    const char* gateway;
};

class Lan9118Netif final : public port::lwip::NetifDriver {
  public:
    // Frames handed to lwIP per poll() before its timers get a turn again.
    static constexpr int kMaxFramesPerPoll = 16;

    explicit Lan9118Netif(hal::Clock& clock) : clock_(clock) {}
    Lan9118Netif(const Lan9118Netif&) = delete;
    Lan9118Netif& operator=(const Lan9118Netif&) = delete;

    // Brings the chip up with `mac` and adds it to lwIP as the default interface, up, with
    // `settings`. Call after LwipStack::init(). Errors: kInvalidArgument (bad address),
    // kUnavailable (no chip), kFailedPrecondition (twice).
    hal::Status open(const uint8_t (&mac)[Lan9118::kMacSize], const Ipv4Settings& settings);

    void poll(hal::Millis max_wait_ms) override;

    const Lan9118& chip() const { return chip_; }

  private:
    static err_t init_netif(struct netif* netif);
    static err_t output_frame(struct netif* netif, struct pbuf* p);
    int deliver_received();

    hal::Clock& clock_;
    Lan9118 chip_;
    struct netif netif_ {};
    uint8_t mac_[Lan9118::kMacSize] = {};
    bool added_ = false;
};

}  // namespace boards::mps2_an386

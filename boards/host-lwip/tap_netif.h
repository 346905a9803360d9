// TapNetif: lwIP's Ethernet interface on a TapDevice, with a static IPv4 address; the
// host board's port::lwip::NetifDriver. poll() hands the frames the kernel sent to the
// device to lwIP; lwIP's frames go out through the device. One per process (lwIP is
// built with LWIP_SINGLE_NETIF).
#pragma once

#include <cstddef>
#include <cstdint>

#include "boards/host-lwip/tap_device.h"
#include "hal/status.h"
#include "hal/time.h"
#include "lwip/netif.h"
#include "port/lwip/lwip_stack.h"

namespace boards::host_lwip {

struct Ipv4Config {
    const char* address;  // dotted literals, e.g. "10.200.0.2"
    const char* netmask;
    const char* gateway;
};

class TapNetif final : public port::lwip::NetifDriver {
  public:
    // Frames handed to lwIP per poll() before its timers get a turn again.
    static constexpr int kMaxFramesPerPoll = 32;

    TapNetif() = default;
    ~TapNetif();
    TapNetif(const TapNetif&) = delete;
    TapNetif& operator=(const TapNetif&) = delete;

    // Attaches to the TAP device `tap_name` and adds it to lwIP as the default interface,
    // up, with `config`. Call after LwipStack::init(). Errors: kInvalidArgument (bad
    // name or address), kUnavailable (see TapDevice::open), kFailedPrecondition (twice).
    hal::Status open(const char* tap_name, const Ipv4Config& config);

    void poll(hal::Millis max_wait_ms) override;

  private:
    static err_t init_netif(struct netif* netif);
    static err_t output_frame(struct netif* netif, struct pbuf* p);
    void input_frame(size_t size);

    TapDevice device_;
    struct netif netif_ {};
    bool added_ = false;
    // One frame, behind lwIP's ETH_PAD_SIZE alignment bytes (none in lwipopts.h today).
    uint8_t frame_[ETH_PAD_SIZE + TapDevice::kMaxFrameSize];
};

}  // namespace boards::host_lwip

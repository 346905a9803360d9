// VirtioNetif: the virtio-net device as lwIP's Ethernet interface with a static IPv4
// address, and the board's port::lwip::NetifDriver (the counterpart of the MPS2 boards'
// Lan9118Netif). No frame buffer: the device writes each received frame straight into a
// PBUF_POOL pbuf lent to it (lwIP's pool holds one, lwipopts.h), and reads each frame to
// send straight from lwIP's pbuf chain, which is kept (pbuf_ref) until the device has sent
// it. poll() hands the received frame to lwIP, or sleeps in WFI (woken by the device's
// interrupt or the next millisecond) while there is none. One per image (LWIP_SINGLE_NETIF).
#pragma once

#include <cstdint>

#include "boards/qemu-riscv32/virtio_net.h"
#include "hal/clock.h"
#include "hal/status.h"
#include "hal/time.h"
#include "lwip/netif.h"
#include "port/lwip/lwip_stack.h"

namespace boards::qemu_riscv32 {

struct Ipv4Settings {
    const char* address;  // dotted literals, e.g. "10.0.2.15"
    const char* netmask;
    const char* gateway;
};

class VirtioNetif final : public port::lwip::NetifDriver {
  public:
    explicit VirtioNetif(hal::Clock& clock) : clock_(clock) {}
    VirtioNetif(const VirtioNetif&) = delete;
    VirtioNetif& operator=(const VirtioNetif&) = delete;

    // Brings the device up and adds it to lwIP as the default interface, up, with
    // `settings` and the device's MAC address. Call after LwipStack::init(). Errors:
    // kInvalidArgument (bad address), kUnavailable (no device), kUnsupported (a legacy
    // device), kFailedPrecondition (twice, or the device refused).
    hal::Status open(const Ipv4Settings& settings);

    void poll(hal::Millis max_wait_ms) override;

    // Waits (at most max_wait_ms) until the device has sent every frame queued for it. The
    // device sends from QEMU's I/O thread some time after the notification, unlike the
    // LAN9118, whose frames are on the wire when its FIFO write returns: an image that
    // exits right after closing a connection would otherwise take its FIN with it (on a
    // TAP device the server then waits for the peer forever). board_exit calls it.
    void drain_transmit(hal::Millis max_wait_ms);

    // The apps' name for the device (the MPS2 boards' netif().chip()).
    const VirtioNet& chip() const { return device_; }

  private:
    static err_t init_netif(struct netif* netif);
    static err_t output_frame(struct netif* netif, struct pbuf* p);
    bool deliver_received();
    void reclaim_transmitted();
    void lend_receive_buffer();

    hal::Clock& clock_;
    VirtioNet device_;
    struct netif netif_ {};
    struct pbuf* rx_pbuf_ = nullptr;                        // lent to the device
    struct pbuf* tx_pbufs_[VirtioNet::kTransmitSize] = {};  // by chain id, until sent
    bool added_ = false;
};

}  // namespace boards::qemu_riscv32

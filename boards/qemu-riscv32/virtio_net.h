// VirtioNet: a virtio network device on QEMU virt's virtio-mmio transport, modern (version 2,
// virtio 1.x; board-net.sh starts QEMU with -global virtio-mmio.force-legacy=false). Polled,
// one receive and one transmit virtqueue in static memory, no frame buffer of its own: the
// caller lends the buffers (lwIP's pbufs, virtio_netif.cpp) and gets them back when the
// device is done. The 12-byte virtio-net header in front of every frame lives here.
//
// Features accepted: VIRTIO_F_VERSION_1 and VIRTIO_NET_F_MAC, nothing else (no checksum
// offload, no TSO, no mergeable receive buffers: every receive buffer holds a whole frame).
//
// The device interrupt is routed through the PLIC to hart 0's M-mode external interrupt,
// enabled in mie only while the netif sleeps for a frame (wake_on_interrupt; never taken:
// mstatus.MIE stays 0), so that its WFI ends when one arrives; acknowledge_interrupt()
// clears it before the next sleep. Outside those sleeps (the self-test's calibration) only
// the timer ends a WFI.
#pragma once

#include <cstddef>
#include <cstdint>

#include "hal/span.h"
#include "hal/status.h"

namespace boards::qemu_riscv32 {

class VirtioNet {
  public:
    static constexpr size_t kMacSize = 6;
    static constexpr size_t kHeaderSize = 12;     // virtio_net_hdr with num_buffers (1.x)
    static constexpr uint16_t kReceiveSize = 2;   // descriptors: header + one frame buffer
    static constexpr uint16_t kTransmitSize = 4;  // descriptors: header + up to 3 pieces
    static constexpr uint16_t kNoChain = 0xFFFF;

    // Finds the network device among virt's virtio-mmio slots, negotiates, sets up both
    // queues and reads the device's MAC address. Errors: kUnavailable (no modern virtio-net
    // device), kUnsupported (a legacy one: virtio-mmio version 1), kFailedPrecondition (the
    // device refused the features or a queue).
    hal::Status init();

    const uint8_t* mac() const { return mac_; }  // kMacSize bytes
    uintptr_t base() const { return base_; }
    uint32_t irq() const { return irq_; }

    // Receive: lends `buffer` (a whole frame's room) to the device. One at a time: false
    // while the last one lent has not been taken back.
    bool post_receive(hal::ByteSpan buffer);
    // The length of the frame the device wrote into the lent buffer (the buffer is the
    // caller's again), or 0 when none has arrived. A frame without a whole Ethernet header
    // is counted in dropped_frames() and its buffer posted again.
    size_t take_received();
    bool receive_posted() const { return receive_posted_; }

    // Transmit: queues a frame of `count` pieces (the device reads them in order, after a
    // zero header). Returns the chain's id for take_transmitted, or kNoChain when the queue
    // has no room for it (take_transmitted frees room). The pieces must stay untouched until
    // their id comes back.
    uint16_t transmit(const hal::ConstByteSpan* pieces, size_t count);
    // The id of a frame the device has sent, or kNoChain.
    uint16_t take_transmitted();
    bool transmit_idle() const { return tx_free_count_ == kTransmitSize; }

    // Clears the device's interrupt status and completes it at the PLIC, so the next WFI
    // sleeps until something new happens.
    void acknowledge_interrupt();
    // Lets the device's interrupt end a WFI (mie.MEIE), or not.
    static void wake_on_interrupt(bool enable);

    uint32_t dropped_frames() const { return dropped_frames_; }

  private:
    bool setup_queue(uint32_t index, uint16_t size, const void* descriptors, const void* avail,
                     const void* used);
    void notify(uint32_t queue);

    uintptr_t base_ = 0;
    uint32_t irq_ = 0;
    uint8_t mac_[kMacSize] = {};
    bool receive_posted_ = false;
    uint16_t rx_last_used_ = 0;
    uint16_t tx_last_used_ = 0;
    uint16_t tx_free_head_ = 0;
    uint16_t tx_free_count_ = 0;
    uint32_t dropped_frames_ = 0;
};

}  // namespace boards::qemu_riscv32

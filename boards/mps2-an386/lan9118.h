// Lan9118: the SMSC LAN9118 Ethernet controller of the MPS2 boards (0x40200000 on
// AN386), as QEMU models it, driven by polling, no DMA. Its interrupt (IRQ 13, "a frame
// is waiting") only wakes the core from WFI: Lan9118_IRQHandler acknowledges it and the
// poll that follows reads the frame. Frames go through the chip's FIFOs one 32-bit word at
// a time, from and to caller-owned buffers.
// Knows nothing of lwIP (lan9118_netif.h does). Limits: one segment per transmitted
// frame, frames up to kMaxFrameSize (no jumbo frames, no VLAN tags beyond that).
#pragma once

#include <cstddef>
#include <cstdint>

#include "hal/span.h"
#include "hal/status.h"

namespace boards::mps2_an386 {

class Lan9118 {
  public:
    // Destination, source, type and 1500 bytes of payload; the CRC stays in the chip.
    static constexpr size_t kMaxFrameSize = 1514;
    static constexpr size_t kMacSize = 6;
    // What receive() needs to take any frame: kMaxFrameSize and the CRC, in whole words.
    static constexpr size_t kFrameBufferSize = (kMaxFrameSize + 4 + 3) / 4 * 4;
    static constexpr uintptr_t kAn386Base = 0x40200000;
    static constexpr uint32_t kAn386Irq = 13;  // external interrupt line on the NVIC

    explicit Lan9118(uintptr_t base = kAn386Base) : base_(base) {}

    // Soft-resets the chip, checks it is there (BYTE_TEST, ID_REV), sets the MAC address
    // and enables the transmitter and receiver. Errors: kUnavailable (no chip answers,
    // or it never comes out of reset).
    hal::Status init(const uint8_t (&mac)[kMacSize]);

    // Queues one frame (without CRC; the chip appends it and pads short frames).
    // Errors: kInvalidArgument (empty or over kMaxFrameSize), kRetryLater (the TX FIFO
    // has no room now), kFailedPrecondition (before init).
    hal::Status transmit(hal::ConstByteSpan frame);

    // Copies the next received frame into `out` (its CRC stripped) and returns its size,
    // or 0 when none is waiting. A frame the chip flagged as bad, or larger than `out`,
    // is read out of the FIFO and dropped (counted in dropped_frames), and the next one
    // is tried. Whole words are copied: `out` needs room for the size rounded up to 4
    // (kFrameBufferSize takes any frame).
    size_t receive(hal::ByteSpan out);

    // Before sleeping: acknowledges the receive interrupt and says whether a frame is
    // waiting already (then do not sleep). A frame that arrives later raises the
    // interrupt, which wakes a WFI. Always true before init.
    bool arm_receive_interrupt();

    uint32_t dropped_frames() const { return dropped_; }
    uint32_t chip_id() const { return chip_id_; }

  private:
    uint32_t read(uint32_t offset) const;
    void write(uint32_t offset, uint32_t value) const;
    bool wait_until_clear(uint32_t offset, uint32_t mask) const;
    bool mac_csr_write(uint8_t address, uint32_t value) const;
    void discard_words(size_t words) const;

    uintptr_t base_;
    uint32_t chip_id_ = 0;
    uint32_t dropped_ = 0;
    bool ready_ = false;
};

}  // namespace boards::mps2_an386

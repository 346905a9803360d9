// Lan9118: the SMSC LAN9118 Ethernet controller of the MPS2/MPS3 boards (0x40200000 on
// AN386, 0xA0000000 on AN500, 0x52000000 on AN505, 0x51400000 on AN547:
// PARLEY_BOARD_LAN9118_BASE), as QEMU models it, driven by polling, no DMA. Its
// interrupt (kBoardIrq, "a frame is waiting") only wakes the core from
// WFI: Lan9118_IRQHandler acknowledges it and the poll that follows reads the frame.
// Frames go through the chip's FIFOs one 32-bit word at a time and are streamed in pieces
// (a begin, the bytes in any number of spans, an end), so a frame moves between the FIFOs
// and lwIP's pbufs with no frame buffer of its own. Knows nothing of lwIP
// (lan9118_netif.h does). Limits: one segment per transmitted frame, frames up to
// kMaxFrameSize (no jumbo frames, no VLAN tags beyond that).
#pragma once

#include <cstddef>
#include <cstdint>

#include "hal/span.h"

// The chip's base address and external interrupt, board parameters (CMake:
// parley_mps2_board's LAN9118_BASE and LAN9118_IRQ); the defaults are the AN386's. The
// AN500 has the IRQ at 13 too, the AN505 at 48 and the AN547 at 49: their SSE's own
// interrupts are lines 0-31, the FPGA's start at 32 (hw/arm/mps2-tz.c, get_sse_irq_in).
#ifndef PARLEY_BOARD_LAN9118_BASE
#define PARLEY_BOARD_LAN9118_BASE 0x40200000u
#endif
#ifndef PARLEY_BOARD_LAN9118_IRQ
#define PARLEY_BOARD_LAN9118_IRQ 13
#endif
#include "hal/status.h"

namespace boards::mps2_an386 {

class Lan9118 {
  public:
    // Destination, source, type and 1500 bytes of payload; the CRC stays in the chip.
    static constexpr size_t kMaxFrameSize = 1514;
    static constexpr size_t kMacSize = 6;
    static constexpr uintptr_t kBoardBase = PARLEY_BOARD_LAN9118_BASE;
    static constexpr uint32_t kBoardIrq = PARLEY_BOARD_LAN9118_IRQ;  // external line on the NVIC

    explicit Lan9118(uintptr_t base = kBoardBase) : base_(base) {}

    // Soft-resets the chip, checks it is there (BYTE_TEST, ID_REV), sets the MAC address
    // and enables the transmitter and receiver. Errors: kUnavailable (no chip answers,
    // or it never comes out of reset).
    hal::Status init(const uint8_t (&mac)[kMacSize]);

    // Sending one frame of `size` bytes (without CRC; the chip appends it and pads short
    // frames): begin_transmit, then transmit_bytes with the frame's bytes in order, in as
    // many pieces as it takes, then end_transmit. Bytes past `size` are ignored; a frame
    // given fewer is completed with zeros by end_transmit, so the FIFO never loses step.
    // Errors of begin_transmit (nothing is queued): kInvalidArgument (0 or over
    // kMaxFrameSize), kRetryLater (the TX FIFO has no room for it now), kFailedPrecondition
    // (before init, or a frame is still open).
    hal::Status begin_transmit(size_t size);
    void transmit_bytes(hal::ConstByteSpan bytes);
    void end_transmit();

    // Taking the next received frame: begin_receive returns its size (CRC excluded), or 0
    // when none is waiting; then receive_bytes fills spans with its bytes in order (any
    // number, any sizes; nothing past the frame), and end_receive drops what was not read,
    // the CRC included. A frame the chip flagged as bad is dropped by begin_receive
    // (counted in dropped_frames), which tries the next one. To drop a good frame (no
    // buffer for it), call end_receive at once.
    size_t begin_receive();
    void receive_bytes(hal::ByteSpan out);
    void end_receive();

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

    // A partly used FIFO word: its bytes, how many are pending, and the frame's bytes left.
    struct WordStream {
        uint32_t word = 0;
        size_t pending = 0;
        size_t left = 0;
        bool open = false;
    };

    uintptr_t base_;
    uint32_t chip_id_ = 0;
    uint32_t dropped_ = 0;
    bool ready_ = false;
    WordStream tx_;
    WordStream rx_;
    size_t rx_words_ = 0;  // FIFO words of the open received frame not yet read
};

}  // namespace boards::mps2_an386

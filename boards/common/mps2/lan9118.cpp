#include "boards/common/mps2/lan9118.h"

#include <cstring>

namespace boards::mps2_an386 {
namespace {

// System control and status registers (LAN9118 datasheet, section 5).
constexpr uint32_t kRxDataFifo = 0x00;
constexpr uint32_t kTxDataFifo = 0x20;
constexpr uint32_t kRxStatusFifo = 0x40;
constexpr uint32_t kTxStatusFifo = 0x48;
constexpr uint32_t kIdRev = 0x50;
constexpr uint32_t kIrqCfg = 0x54;
constexpr uint32_t kIntSts = 0x58;
constexpr uint32_t kIntEn = 0x5C;
constexpr uint32_t kByteTest = 0x64;
constexpr uint32_t kTxCfg = 0x70;
constexpr uint32_t kHwCfg = 0x74;
constexpr uint32_t kRxFifoInf = 0x7C;
constexpr uint32_t kTxFifoInf = 0x80;
constexpr uint32_t kPmtCtrl = 0x84;
constexpr uint32_t kMacCsrCmd = 0xA4;
constexpr uint32_t kMacCsrData = 0xA8;

constexpr uint32_t kByteTestPattern = 0x87654321;
constexpr uint32_t kChipIdLan9118 = 0x0118;  // ID_REV bits 31:16
constexpr uint32_t kHwCfgSoftReset = 1u << 0;
constexpr uint32_t kPmtCtrlReady = 1u << 0;
constexpr uint32_t kTxCfgTxOn = 1u << 1;
constexpr uint32_t kTxCfgStatusOverrun = 1u << 2;  // TXSAO: a full status FIFO never stalls TX
constexpr uint32_t kMacCsrBusy = 1u << 31;
constexpr uint32_t kAllInterrupts = 0xFFFFFFFF;
constexpr uint32_t kIntRxStatusLevel = 1u << 3;  // RSFL: INT_STS / INT_EN
constexpr uint32_t kIrqCfgEnable = 1u << 8;
constexpr uint32_t kIrqCfgActiveHigh = 1u << 4;
constexpr uint32_t kIrqCfgPushPull = 1u << 0;

// MAC registers behind MAC_CSR_CMD/DATA.
constexpr uint8_t kMacCr = 1;
constexpr uint8_t kMacAddrH = 2;
constexpr uint8_t kMacAddrL = 3;
constexpr uint32_t kMacCrRxEnable = 1u << 2;
constexpr uint32_t kMacCrTxEnable = 1u << 3;
constexpr uint32_t kMacCrFullDuplex = 1u << 20;

// TX command words: A = buffer size and first/last segment flags; B = packet length.
constexpr uint32_t kTxCmdAFirstSegment = 1u << 13;
constexpr uint32_t kTxCmdALastSegment = 1u << 12;
constexpr uint32_t kTxCmdWords = 2;

// RX_FIFO_INF: status words waiting (23:16). TX_FIFO_INF: free data bytes (15:0), status
// words waiting (23:16). RX status: frame length with CRC (29:16), error summary (15).
constexpr uint32_t fifo_status_count(uint32_t info) {
    return (info >> 16) & 0xFF;
}
constexpr uint32_t kTxFreeMask = 0xFFFF;
constexpr uint32_t kRxStatusLengthShift = 16;
constexpr uint32_t kRxStatusLengthMask = 0x3FFF;
constexpr uint32_t kRxStatusError = 1u << 15;
constexpr size_t kCrcSize = 4;

// Polls of a busy bit before the chip counts as dead (QEMU answers at once; silicon in
// well under a millisecond at these rates).
constexpr int kMaxPolls = 100000;

// NVIC interrupt set-enable registers (Armv7-M ARM, B3.4).
void nvic_enable(uint32_t irq) {
    auto* iser = reinterpret_cast<volatile uint32_t*>(0xE000E100);
    iser[irq / 32] = 1u << (irq % 32);
}

constexpr size_t words_for(size_t bytes) {
    return (bytes + 3) / 4;
}

}  // namespace

uint32_t Lan9118::read(uint32_t offset) const {
    return *reinterpret_cast<volatile const uint32_t*>(base_ + offset);
}

void Lan9118::write(uint32_t offset, uint32_t value) const {
    *reinterpret_cast<volatile uint32_t*>(base_ + offset) = value;
}

bool Lan9118::wait_until_clear(uint32_t offset, uint32_t mask) const {
    for (int i = 0; i < kMaxPolls; ++i) {
        if ((read(offset) & mask) == 0) return true;
    }
    return false;
}

bool Lan9118::mac_csr_write(uint8_t address, uint32_t value) const {
    if (!wait_until_clear(kMacCsrCmd, kMacCsrBusy)) return false;
    write(kMacCsrData, value);
    write(kMacCsrCmd, kMacCsrBusy | address);  // R/nW (bit 30) clear: a write
    return wait_until_clear(kMacCsrCmd, kMacCsrBusy);
}

hal::Status Lan9118::init(const uint8_t (&mac)[kMacSize]) {
    ready_ = false;
    if (read(kByteTest) != kByteTestPattern) return hal::Status::kUnavailable;
    chip_id_ = read(kIdRev);
    if ((chip_id_ >> 16) != kChipIdLan9118) return hal::Status::kUnavailable;

    write(kHwCfg, kHwCfgSoftReset);
    if (!wait_until_clear(kHwCfg, kHwCfgSoftReset)) return hal::Status::kUnavailable;
    for (int i = 0; (read(kPmtCtrl) & kPmtCtrlReady) == 0; ++i) {
        if (i == kMaxPolls) return hal::Status::kUnavailable;
    }

    // One interrupt: the RX status FIFO holds more than FIFO_INT's level (0) entries, i.e.
    // a frame is waiting. Active high, push-pull (what the AN386 wiring to the NVIC wants).
    write(kIntEn, 0);
    write(kIntSts, kAllInterrupts);
    write(kIrqCfg, kIrqCfgEnable | kIrqCfgActiveHigh | kIrqCfgPushPull);
    write(kIntEn, kIntRxStatusLevel);
    nvic_enable(kBoardIrq);
    const uint32_t low = static_cast<uint32_t>(mac[0]) | static_cast<uint32_t>(mac[1]) << 8 |
                         static_cast<uint32_t>(mac[2]) << 16 | static_cast<uint32_t>(mac[3]) << 24;
    const uint32_t high = static_cast<uint32_t>(mac[4]) | static_cast<uint32_t>(mac[5]) << 8;
    if (!mac_csr_write(kMacAddrL, low) || !mac_csr_write(kMacAddrH, high) ||
        !mac_csr_write(kMacCr, kMacCrRxEnable | kMacCrTxEnable | kMacCrFullDuplex)) {
        return hal::Status::kUnavailable;
    }
    write(kTxCfg, kTxCfgTxOn | kTxCfgStatusOverrun);
    ready_ = true;
    return hal::Status::kOk;
}

hal::Status Lan9118::begin_transmit(size_t size) {
    if (!ready_ || tx_.open) return hal::Status::kFailedPrecondition;
    if (size == 0 || size > kMaxFrameSize) return hal::Status::kInvalidArgument;
    if ((read(kTxFifoInf) & kTxFreeMask) < (words_for(size) + kTxCmdWords) * 4) {
        return hal::Status::kRetryLater;
    }
    // One segment, starting at a word boundary (data start offset 0): the bytes are packed
    // into words here, whatever the alignment of the pieces they come in.
    const auto length = static_cast<uint32_t>(size);
    write(kTxDataFifo, kTxCmdAFirstSegment | kTxCmdALastSegment | length);
    write(kTxDataFifo, length);  // command B: packet tag 0, CRC and padding by the chip
    tx_ = WordStream{0, 0, size, true};
    return hal::Status::kOk;
}

void Lan9118::transmit_bytes(hal::ConstByteSpan bytes) {
    if (!tx_.open) return;
    const uint8_t* next = bytes.data();
    size_t count = bytes.size() < tx_.left ? bytes.size() : tx_.left;
    tx_.left -= count;
    while (count > 0) {
        if (tx_.pending == 0 && count >= 4) {  // whole words straight through
            uint32_t word = 0;
            std::memcpy(&word, next, sizeof word);  // little-endian: byte 0 first
            write(kTxDataFifo, word);
            next += 4;
            count -= 4;
            continue;
        }
        tx_.word |= static_cast<uint32_t>(*next++) << (8 * tx_.pending);
        --count;
        if (++tx_.pending == 4) {
            write(kTxDataFifo, tx_.word);
            tx_ = WordStream{0, 0, tx_.left, true};
        }
    }
}

void Lan9118::end_transmit() {
    if (!tx_.open) return;
    // A frame given fewer bytes than announced is completed with zeros: the chip counts
    // on every word command A promised.
    for (const uint8_t zero = 0; tx_.left > 0;)
        transmit_bytes(hal::ConstByteSpan(&zero, 1));
    if (tx_.pending != 0) write(kTxDataFifo, tx_.word);
    tx_ = WordStream{};
    // Statuses are not needed (TXSAO lets them overflow); drain them so they never pile up.
    while (fifo_status_count(read(kTxFifoInf)) != 0)
        (void)read(kTxStatusFifo);
}

size_t Lan9118::begin_receive() {
    if (!ready_) return 0;
    if (rx_.open) end_receive();
    while (fifo_status_count(read(kRxFifoInf)) != 0) {
        const uint32_t status = read(kRxStatusFifo);
        const size_t length = (status >> kRxStatusLengthShift) & kRxStatusLengthMask;
        const size_t words = words_for(length);
        if ((status & kRxStatusError) != 0 || length <= kCrcSize ||
            length - kCrcSize > kMaxFrameSize) {
            discard_words(words);
            ++dropped_;
            continue;
        }
        rx_ = WordStream{0, 0, length - kCrcSize, true};
        rx_words_ = words;
        return length - kCrcSize;
    }
    return 0;
}

void Lan9118::receive_bytes(hal::ByteSpan out) {
    if (!rx_.open) return;
    uint8_t* next = out.data();
    size_t count = out.size() < rx_.left ? out.size() : rx_.left;
    rx_.left -= count;
    while (count > 0) {
        if (rx_.pending == 0) {
            const uint32_t word = read(kRxDataFifo);  // little-endian: byte 0 first
            --rx_words_;
            if (count >= 4) {  // whole words straight through
                std::memcpy(next, &word, sizeof word);
                next += 4;
                count -= 4;
                continue;
            }
            rx_.word = word;
            rx_.pending = 4;
        }
        *next++ = static_cast<uint8_t>(rx_.word >> (8 * (4 - rx_.pending)));
        --rx_.pending;
        --count;
    }
}

void Lan9118::end_receive() {
    if (!rx_.open) return;
    discard_words(rx_words_);
    rx_words_ = 0;
    rx_ = WordStream{};
}

bool Lan9118::arm_receive_interrupt() {
    if (!ready_) return true;
    write(kIntSts, kIntRxStatusLevel);  // write 1 to clear; a later frame sets it again
    return fifo_status_count(read(kRxFifoInf)) != 0;
}

void Lan9118::discard_words(size_t words) const {
    for (size_t i = 0; i < words; ++i)
        (void)read(kRxDataFifo);
}

}  // namespace boards::mps2_an386

// The chip's interrupt (startup.S's vector table, kBoardIrq): acknowledged only, which lowers
// the line. It exists to end a WFI; the poll loop then reads whatever frames are waiting.
extern "C" void Lan9118_IRQHandler();
extern "C" void Lan9118_IRQHandler() {
    using boards::mps2_an386::Lan9118;
    *reinterpret_cast<volatile uint32_t*>(Lan9118::kBoardBase + boards::mps2_an386::kIntSts) =
        boards::mps2_an386::kIntRxStatusLevel;
}

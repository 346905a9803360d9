#include "boards/qemu-riscv32/virtio_netif.h"

#include "boards/common/mps2/ethernet_netif.h"
#include "boards/qemu-riscv32/mtime_clock.h"
#include "lwip/etharp.h"
#include "lwip/ip4_addr.h"
#include "lwip/pbuf.h"
#include "netif/ethernet.h"

namespace boards::qemu_riscv32 {
namespace {

using mps2_an386::init_ethernet_netif;
constexpr u16_t kMtu = mps2_an386::kEthernetMtu;
constexpr u16_t kMaxFrame = kMtu + 14;  // what a pool pbuf holds (PBUF_POOL_BUFSIZE)
// How long a frame waits for room in the transmit queue before it is given up (TCP resends
// it). The device sends within microseconds of QEMU's I/O thread running.
constexpr hal::Millis kTransmitWaitMs = 100;

// How long the exit waits for the last frames to leave.
constexpr hal::Millis kDrainAtExitMs = 200;

// The open netif (one per image), for board_before_exit.
VirtioNetif* g_open_netif = nullptr;

bool parse(const char* text, ip4_addr_t* out) {
    return text != nullptr && ip4addr_aton(text, out) != 0;
}

}  // namespace

hal::Status VirtioNetif::open(const Ipv4Settings& settings) {
    if (added_) return hal::Status::kFailedPrecondition;
    ip4_addr_t address;
    ip4_addr_t netmask;
    ip4_addr_t gateway;
    if (!parse(settings.address, &address) || !parse(settings.netmask, &netmask) ||
        !parse(settings.gateway, &gateway)) {
        return hal::Status::kInvalidArgument;
    }
    HAL_TRY(device_.init());
    if (netif_add(&netif_, &address, &netmask, &gateway, this, init_netif, ethernet_input) ==
        nullptr) {
        return hal::Status::kInternal;  // init_netif cannot fail
    }
    added_ = true;
    g_open_netif = this;
    netif_set_default(&netif_);
    netif_set_link_up(&netif_);  // QEMU's link is always up
    netif_set_up(&netif_);
    lend_receive_buffer();
    return hal::Status::kOk;
}

void VirtioNetif::poll(hal::Millis max_wait_ms) {
    if (!added_) return;
    const hal::Millis deadline = clock_.now_ms() + max_wait_ms;
    for (;;) {
        reclaim_transmitted();
        if (deliver_received()) return;
        if (hal::deadline_passed(clock_.now_ms(), deadline)) return;
        // Clear the device's interrupt, look once more (a frame may have landed since),
        // then sleep until the next interrupt or millisecond.
        device_.acknowledge_interrupt();
        if (deliver_received()) return;
        VirtioNet::wake_on_interrupt(true);
        MtimeClock::sleep_until_interrupt();
        VirtioNet::wake_on_interrupt(false);
    }
}

void VirtioNetif::drain_transmit(hal::Millis max_wait_ms) {
    const hal::Millis deadline = clock_.now_ms() + max_wait_ms;
    for (;;) {
        device_.acknowledge_interrupt();
        reclaim_transmitted();
        if (device_.transmit_idle() || hal::deadline_passed(clock_.now_ms(), deadline)) return;
        VirtioNet::wake_on_interrupt(true);
        MtimeClock::sleep_until_interrupt();
        VirtioNet::wake_on_interrupt(false);
    }
}

// The pool pbuf lent to the device, when none is (the pool's one pbuf may still be with
// lwIP, e.g. an ICMP echo answered in place and not yet sent: the next poll lends it).
void VirtioNetif::lend_receive_buffer() {
    if (rx_pbuf_ != nullptr) return;
    rx_pbuf_ = pbuf_alloc(PBUF_RAW, kMaxFrame, PBUF_POOL);
    if (rx_pbuf_ == nullptr) return;
    if (rx_pbuf_->next != nullptr) {  // a pool smaller than a frame: not this lwipopts.h
        pbuf_free(rx_pbuf_);
        rx_pbuf_ = nullptr;
        return;
    }
    (void)device_.post_receive(
        hal::ByteSpan(static_cast<uint8_t*>(rx_pbuf_->payload), rx_pbuf_->len));
}

// Hands the received frame, if any, to lwIP in the pbuf it arrived in. True when one came.
bool VirtioNetif::deliver_received() {
    lend_receive_buffer();
    if (rx_pbuf_ == nullptr || !device_.receive_posted()) return false;
    const size_t size = device_.take_received();
    if (size == 0) {
        if (!device_.receive_posted()) {  // a runt: lend the same buffer again
            (void)device_.post_receive(
                hal::ByteSpan(static_cast<uint8_t*>(rx_pbuf_->payload), rx_pbuf_->len));
        }
        return false;
    }
    pbuf* p = rx_pbuf_;
    rx_pbuf_ = nullptr;
    pbuf_realloc(p, static_cast<u16_t>(size));
    if (netif_.input(p, &netif_) != ERR_OK) pbuf_free(p);
    lend_receive_buffer();
    return true;
}

void VirtioNetif::reclaim_transmitted() {
    for (uint16_t id = device_.take_transmitted(); id != VirtioNet::kNoChain;
         id = device_.take_transmitted()) {
        if (id < VirtioNet::kTransmitSize && tx_pbufs_[id] != nullptr) {
            pbuf_free(tx_pbufs_[id]);
            tx_pbufs_[id] = nullptr;
        }
    }
}

err_t VirtioNetif::init_netif(struct netif* netif) {
    auto* self = static_cast<VirtioNetif*>(netif->state);
    init_ethernet_netif(netif, output_frame, self->device_.mac());
    return ERR_OK;
}

// Queues the chain's pieces as they are and keeps the chain (pbuf_ref) until the device has
// read it: lwIP does not touch a pbuf it sees referenced (a TCP segment waits for its
// retransmission until then).
err_t VirtioNetif::output_frame(struct netif* netif, struct pbuf* p) {
    static_assert(ETH_PAD_SIZE == 0, "frames are sent without lwIP's alignment padding");
    auto* self = static_cast<VirtioNetif*>(netif->state);
    hal::ConstByteSpan pieces[VirtioNet::kTransmitSize - 1];
    size_t count = 0;
    for (const pbuf* q = p; q != nullptr; q = q->next) {
        if (q->len == 0) continue;
        if (count == sizeof pieces / sizeof pieces[0]) return ERR_ARG;  // never from lwIP's TCP
        pieces[count++] = hal::ConstByteSpan(static_cast<const uint8_t*>(q->payload), q->len);
    }
    self->reclaim_transmitted();
    uint16_t id = self->device_.transmit(pieces, count);
    // A full queue: the device sends from QEMU's I/O thread, after the notification. Sleep
    // until it says it has used a chain (its interrupt) or the next millisecond, rather
    // than spin: the time is the device's, not the board's work.
    const hal::Millis deadline = self->clock_.now_ms() + kTransmitWaitMs;
    while (id == VirtioNet::kNoChain && !hal::deadline_passed(self->clock_.now_ms(), deadline)) {
        self->device_.acknowledge_interrupt();
        self->reclaim_transmitted();
        id = self->device_.transmit(pieces, count);
        if (id != VirtioNet::kNoChain) break;
        VirtioNet::wake_on_interrupt(true);
        MtimeClock::sleep_until_interrupt();
        VirtioNet::wake_on_interrupt(false);
    }
    if (id == VirtioNet::kNoChain) return ERR_IF;
    pbuf_ref(p);
    self->tx_pbufs_[id] = p;
    return ERR_OK;
}

}  // namespace boards::qemu_riscv32

// runtime.cpp's board_exit and _exit, before the emulator stops.
extern "C" void board_before_exit();
extern "C" void board_before_exit() {
    if (boards::qemu_riscv32::g_open_netif != nullptr)
        boards::qemu_riscv32::g_open_netif->drain_transmit(boards::qemu_riscv32::kDrainAtExitMs);
}

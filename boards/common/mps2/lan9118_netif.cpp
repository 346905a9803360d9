#include "boards/common/mps2/lan9118_netif.h"
#include "boards/common/mps2/ethernet_netif.h"

#include <cstring>

#include "boards/common/mps2/systick_clock.h"
#include "lwip/etharp.h"
#include "lwip/ip4_addr.h"
#include "lwip/pbuf.h"
#include "netif/ethernet.h"

namespace boards::mps2_an386 {
namespace {

// Tries of a full TX FIFO before a frame is given up (TCP resends it). QEMU's FIFO is
// always empty; on silicon a 1514-byte frame leaves the FIFO in about 120 us.
constexpr int kTransmitTries = 10000;

bool parse(const char* text, ip4_addr_t* out) {
    return text != nullptr && ip4addr_aton(text, out) != 0;
}

}  // namespace

hal::Status Lan9118Netif::open(const uint8_t (&mac)[Lan9118::kMacSize],
                               const Ipv4Settings& settings) {
    if (added_) return hal::Status::kFailedPrecondition;
    ip4_addr_t address;
    ip4_addr_t netmask;
    ip4_addr_t gateway;
    if (!parse(settings.address, &address) || !parse(settings.netmask, &netmask) ||
        !parse(settings.gateway, &gateway)) {
        return hal::Status::kInvalidArgument;
    }
    HAL_TRY(chip_.init(mac));
    std::memcpy(mac_, mac, sizeof mac_);
    if (netif_add(&netif_, &address, &netmask, &gateway, this, init_netif, ethernet_input) ==
        nullptr) {
        return hal::Status::kInternal;  // init_netif cannot fail
    }
    added_ = true;
    netif_set_default(&netif_);
    netif_set_link_up(&netif_);  // QEMU's PHY always has a link; a real board reads the PHY
    netif_set_up(&netif_);
    return hal::Status::kOk;
}

void Lan9118Netif::poll(hal::Millis max_wait_ms) {
    if (!added_) return;
    const hal::Millis deadline = clock_.now_ms() + max_wait_ms;
    for (;;) {
        if (deliver_received() > 0) return;
        if (hal::deadline_passed(clock_.now_ms(), deadline)) return;
        // Sleep until the chip's receive interrupt or the next SysTick (1 ms), unless a
        // frame came in meanwhile. A frame landing between this check and the WFI has its
        // interrupt taken before the WFI, which then waits for the SysTick: rare, and
        // costs at most 1 ms.
        if (!chip_.arm_receive_interrupt()) SysTickClock::sleep_until_interrupt();
    }
}

// Reads each waiting frame straight from the chip's FIFO into a pool pbuf (chain) and
// hands it to lwIP. A frame that finds the pool empty is dropped, as a NIC would; TCP
// resends it. Returns the frames taken from the chip.
int Lan9118Netif::deliver_received() {
    int delivered = 0;
    while (delivered < kMaxFramesPerPoll) {
        const size_t size = chip_.begin_receive();
        if (size == 0) break;
        ++delivered;
        pbuf* p = pbuf_alloc(PBUF_RAW, static_cast<u16_t>(size), PBUF_POOL);
        if (p != nullptr) {
            for (pbuf* q = p; q != nullptr; q = q->next)
                chip_.receive_bytes(hal::ByteSpan(static_cast<uint8_t*>(q->payload), q->len));
        }
        chip_.end_receive();
        if (p != nullptr && netif_.input(p, &netif_) != ERR_OK) pbuf_free(p);
    }
    return delivered;
}

err_t Lan9118Netif::init_netif(struct netif* netif) {
    auto* self = static_cast<Lan9118Netif*>(netif->state);
    init_ethernet_netif(netif, output_frame, self->mac_);
    return ERR_OK;
}

err_t Lan9118Netif::output_frame(struct netif* netif, struct pbuf* p) {
    static_assert(ETH_PAD_SIZE == 0, "frames are sent without lwIP's alignment padding");
    auto* self = static_cast<Lan9118Netif*>(netif->state);
    hal::Status status = hal::Status::kRetryLater;
    for (int i = 0; i < kTransmitTries && status == hal::Status::kRetryLater; ++i)
        status = self->chip_.begin_transmit(p->tot_len);
    if (status == hal::Status::kInvalidArgument) return ERR_ARG;
    if (status != hal::Status::kOk) return ERR_IF;
    for (const pbuf* q = p; q != nullptr; q = q->next)
        self->chip_.transmit_bytes(
            hal::ConstByteSpan(static_cast<const uint8_t*>(q->payload), q->len));
    self->chip_.end_transmit();
    return ERR_OK;
}

}  // namespace boards::mps2_an386

#include "boards/host-lwip/tap_netif.h"

#include <cstring>

#include "lwip/etharp.h"
#include "lwip/ip4_addr.h"
#include "lwip/pbuf.h"
#include "netif/ethernet.h"

namespace boards::host_lwip {
namespace {

// Locally administered, unicast; only ever seen inside the test's namespace.
constexpr uint8_t kMacAddress[ETH_HWADDR_LEN] = {0x02, 0x50, 0x41, 0x52, 0x4C, 0x59};
constexpr u16_t kMtu = 1500;

bool parse(const char* text, ip4_addr_t* out) {
    return text != nullptr && ip4addr_aton(text, out) != 0;
}

}  // namespace

TapNetif::~TapNetif() {
    if (added_) netif_remove(&netif_);
}

hal::Status TapNetif::open(const char* tap_name, const Ipv4Config& config) {
    if (added_) return hal::Status::kFailedPrecondition;
    ip4_addr_t address;
    ip4_addr_t netmask;
    ip4_addr_t gateway;
    if (!parse(config.address, &address) || !parse(config.netmask, &netmask) ||
        !parse(config.gateway, &gateway)) {
        return hal::Status::kInvalidArgument;
    }
    HAL_TRY(device_.open(tap_name));
    if (netif_add(&netif_, &address, &netmask, &gateway, this, init_netif, ethernet_input) ==
        nullptr) {
        device_.close();
        return hal::Status::kInternal;  // init_netif cannot fail
    }
    added_ = true;
    netif_set_default(&netif_);
    netif_set_link_up(&netif_);  // a TAP device has carrier while we hold it open
    netif_set_up(&netif_);
    return hal::Status::kOk;
}

void TapNetif::poll(hal::Millis max_wait_ms) {
    if (!device_.is_open() || !device_.wait_readable(max_wait_ms)) return;
    for (int i = 0; i < kMaxFramesPerPoll; ++i) {
        const size_t size =
            device_.read_frame(hal::ByteSpan(frame_ + ETH_PAD_SIZE, TapDevice::kMaxFrameSize));
        if (size == 0) return;
        input_frame(size);
    }
}

// Copies one frame into a pool pbuf (behind ETH_PAD_SIZE bytes, as lwIP expects them) and
// hands it to lwIP. A frame that finds the pool empty is dropped, as a NIC would; TCP resends it.
void TapNetif::input_frame(size_t size) {
    const u16_t length = static_cast<u16_t>(ETH_PAD_SIZE + size);
    pbuf* p = pbuf_alloc(PBUF_RAW, length, PBUF_POOL);
    if (p == nullptr) return;
    if (pbuf_take(p, frame_, length) != ERR_OK || netif_.input(p, &netif_) != ERR_OK) {
        pbuf_free(p);
    }
}

err_t TapNetif::init_netif(struct netif* netif) {
    netif->name[0] = 't';
    netif->name[1] = 'p';
    netif->output = etharp_output;
    netif->linkoutput = output_frame;
    netif->mtu = kMtu;
    netif->hwaddr_len = ETH_HWADDR_LEN;
    std::memcpy(netif->hwaddr, kMacAddress, ETH_HWADDR_LEN);
    netif->flags = NETIF_FLAG_BROADCAST | NETIF_FLAG_ETHARP | NETIF_FLAG_ETHERNET;
    return ERR_OK;
}

// lwIP's frame starts with ETH_PAD_SIZE alignment bytes (if any), which stay off the wire.
err_t TapNetif::output_frame(struct netif* netif, struct pbuf* p) {
    auto* self = static_cast<TapNetif*>(netif->state);
    if (p->tot_len <= ETH_PAD_SIZE) return ERR_ARG;
    const u16_t size = static_cast<u16_t>(p->tot_len - ETH_PAD_SIZE);
    if (size > TapDevice::kMaxFrameSize) return ERR_ARG;
    if (pbuf_copy_partial(p, self->frame_, size, ETH_PAD_SIZE) != size) return ERR_BUF;
    return self->device_.write_frame(hal::ConstByteSpan(self->frame_, size)) == hal::Status::kOk
               ? ERR_OK
               : ERR_IF;
}

}  // namespace boards::host_lwip

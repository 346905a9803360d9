// The lwIP netif fields an emulated board's Ethernet card sets the same way on every board
// (Lan9118Netif, qemu-riscv32's VirtioNetif), from its netif init callback: name "en",
// IPv4 over ARP, broadcast, the Ethernet MTU, the card's address, its frame output.
#pragma once

#include <cstdint>
#include <cstring>

#include "lwip/etharp.h"
#include "lwip/netif.h"

namespace boards::mps2_an386 {

constexpr u16_t kEthernetMtu = 1500;

inline void init_ethernet_netif(struct netif* netif, netif_linkoutput_fn linkoutput,
                                const uint8_t* mac) {
    netif->name[0] = 'e';
    netif->name[1] = 'n';
    netif->output = etharp_output;
    netif->linkoutput = linkoutput;
    netif->mtu = kEthernetMtu;
    netif->hwaddr_len = ETH_HWADDR_LEN;
    std::memcpy(netif->hwaddr, mac, ETH_HWADDR_LEN);
    netif->flags = NETIF_FLAG_BROADCAST | NETIF_FLAG_ETHARP | NETIF_FLAG_ETHERNET;
}

}  // namespace boards::mps2_an386

// lwIP 2.2 options for this client: NO_SYS (no RTOS), raw TCP API only, IPv4,
// Ethernet, DHCP and DNS. One TLS connection at a time, so pools are small.
// RAM costs are noted per option; the board issue refines these from measurements.
#pragma once

#define NO_SYS 1                // cooperative: the caller pumps lwIP from its loop
#define SYS_LIGHTWEIGHT_PROT 0  // single-threaded, no ISR touches lwIP state
#define LWIP_NETCONN 0
#define LWIP_SOCKET 0
#define LWIP_IPV4 1
#define LWIP_IPV6 0
#define LWIP_ARP 1
#define LWIP_ETHERNET 1
#define LWIP_ICMP 1
#define LWIP_DHCP 1
#define LWIP_DNS 1
#define LWIP_UDP 1  // DHCP and DNS
#define LWIP_TCP 1
#define LWIP_RAW 0
#define LWIP_STATS 0
#define LWIP_NETIF_STATUS_CALLBACK 1
#define LWIP_NETIF_LINK_CALLBACK 1

// Memory: lwIP's own static heap for PBUF_RAM (outgoing segments).
#define MEM_ALIGNMENT 4
#define MEM_SIZE (12 * 1024)  // 12 KB: TCP_SND_BUF plus headroom
#define MEMP_NUM_PBUF 16
#define MEMP_NUM_TCP_PCB 2  // the connection and one closing in TIME_WAIT
#define MEMP_NUM_TCP_PCB_LISTEN 0
#define MEMP_NUM_TCP_SEG 16
#define MEMP_NUM_UDP_PCB 3  // DHCP, DNS, spare
#define PBUF_POOL_SIZE 12   // 12 x ~1.5 KB receive buffers = ~18 KB
#define PBUF_POOL_BUFSIZE 1536

// TCP: windows sized for one TLS record in flight.
#define TCP_MSS 1460
#define TCP_WND (8 * TCP_MSS)  // we drain into a 16 KB TLS record buffer
#define TCP_SND_BUF (4 * TCP_MSS)
#define TCP_SND_QUEUELEN ((4 * TCP_SND_BUF) / TCP_MSS)
#define LWIP_TCP_KEEPALIVE 1

#define LWIP_CHECKSUM_ON_COPY 1
#define LWIP_RAND() ((u32_t)lwip_port_rand())

#ifdef __cplusplus
extern "C" {
#endif
unsigned int lwip_port_rand(void);
#ifdef __cplusplus
}
#endif

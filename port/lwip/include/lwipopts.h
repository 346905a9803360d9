// lwIP 2.2 options for this client, shared by the board and the host build: NO_SYS (no
// RTOS, the caller pumps lwIP), raw TCP API only, IPv4 over Ethernet, DNS, optional DHCP.
// Sized for one TLS connection at a time plus one closing (TIME_WAIT / FIN_WAIT), with
// 16 KB TLS records held by mbedTLS, not by lwIP. Every buffer is a static array inside
// lwIP (no C heap). RAM figures are for Cortex-M4 (32-bit pointers); README.md in this
// folder has the table and the measured .bss.
#pragma once

// ---- System ---------------------------------------------------------------------------
#define NO_SYS 1                // blocking calls pump lwIP themselves (lwip_stack.h)
#define SYS_LIGHTWEIGHT_PROT 0  // single-threaded; no ISR touches lwIP state
#define LWIP_NETCONN 0          // no sequential API (needs an OS)
#define LWIP_SOCKET 0           // no BSD sockets: hal::Socket sits on the raw API
#define LWIP_ALTCP 0
#define LWIP_NETIF_STATUS_CALLBACK 0
#define LWIP_NETIF_LINK_CALLBACK 0
#define LWIP_SINGLE_NETIF 1  // one Ethernet interface: no routing table walk
#define LWIP_NETIF_LOOPBACK 0
// lwIP's htons macros would collide with the C library's declarations; lwIP itself
// uses lwip_htons, which arch/cc.h maps onto compiler builtins.
#define LWIP_DONT_PROVIDE_BYTEORDER_FUNCTIONS 1

// ---- Protocols ------------------------------------------------------------------------
#define LWIP_IPV4 1
#define LWIP_IPV6 0  // IPv6 literals are refused with kUnsupported (lwip_tcp_socket.h)
#define LWIP_ARP 1
#define LWIP_ETHERNET 1
#define LWIP_ICMP 1  // answers ping: cheap, and what one tries first when debugging
#define LWIP_RAW 0
#define LWIP_IGMP 0
#define LWIP_UDP 1  // DNS and DHCP only
#define LWIP_TCP 1
// TCP segments fit the MSS and DNS answers fit one datagram: reassembly would only cost
// pbufs and a pool.
#define IP_REASSEMBLY 0
#define IP_FRAG 0
#define LWIP_DHCP 1  // a board may use it; the host build sets a static address
// No ARP probe of a leased address: saves the ACD code and 1-2 s at boot.
#define LWIP_DHCP_DOES_ACD_CHECK 0
#define LWIP_DNS 1
// Names cached: the service and a spare. 272 B each (DNS_MAX_NAME_LENGTH 256).
#define DNS_TABLE_SIZE 2
#define DNS_MAX_SERVERS 2
#define ARP_TABLE_SIZE 4  // gateway, DNS server, a local peer or two. 24 B each

// ---- Memory: all static arrays inside lwIP; costs measured on the Cortex-M4 ------------
#define MEM_LIBC_MALLOC 0  // lwIP's heap is the ram_heap array below, never malloc
#define MEMP_MEM_MALLOC 0  // pools are static arrays too
// Pointers set the alignment: 4 on the Cortex-M4, 8 on a 64-bit host (UBSan checks every
// pointer load lwIP makes inside its pools).
#define MEM_ALIGNMENT __SIZEOF_POINTER__
// lwIP's heap (PBUF_RAM): outgoing TCP segments (up to TCP_SND_BUF of copied data, about
// 1.55 KB per full segment with headers), ACK/SYN/FIN headers, ARP, DNS and DHCP messages
// (a 548-byte message and the DHCP state while leasing). Peak in the host tests: 6.8 KB
// (64-bit, debug guards). Cost: 10 KB.
#define MEM_SIZE (10 * 1024)
// Pool pbufs take frames from the driver: the frame being handed to lwIP, plus segments
// TCP holds out of order. Received data is copied at once into the socket's ring, so the
// pool never holds the receive window. Cost: 6 x 1532 B = 9.2 KB (one full frame each:
// PBUF_POOL_BUFSIZE keeps lwIP's default, MSS + 40 + 14 = 1516 B, plus the pbuf header).
#define PBUF_POOL_SIZE 6
#define MEMP_NUM_PBUF 4  // PBUF_REF/ROM headers (ARP queueing, ICMP). 16 B each
// The connection, and one closing: a closed pcb gives way to a new connection when the
// pool is empty (lwip_tcp_socket.cpp). 156 B each.
#define MEMP_NUM_TCP_PCB 2
#define MEMP_NUM_TCP_PCB_LISTEN 0  // a client: no listening sockets
// DHCP, and DNS (a fresh random source port per query, up to DNS_TABLE_SIZE at once).
// 32 B each.
#define MEMP_NUM_UDP_PCB 3
// Segment descriptors: the send queue plus out-of-order segments. 20 B each.
#define MEMP_NUM_TCP_SEG (TCP_SND_QUEUELEN + TCP_OOSEQ_MAX_PBUFS)
// No alignment pad before the Ethernet header: the IP header then sits 2 bytes off a
// 4-byte boundary, which lwIP's packed header structs read safely (the M4 loads
// unaligned words; UBSan on the host agrees). Drivers copy frames as they are.
#define ETH_PAD_SIZE 0

// ---- TCP ------------------------------------------------------------------------------
#define TCP_MSS 1460  // Ethernet MTU 1500 - 40; the peer's MSS still caps what we send
// Receive window: what the peer may send before we read. The socket's ring is exactly
// this size (LwipTcpSocket::kReceiveBufferSize) and the window reopens only as the
// application reads: backpressure, and the pool never fills with unread data. Four
// segments keep a LAN busy; a 16 KB TLS record is assembled in mbedTLS's buffer, not here.
// Cost: 5840 B in each socket object (not in lwIP).
#define TCP_WND (4 * TCP_MSS)
// Send buffer: copied, unacknowledged data (held in MEM_SIZE). Takes one whole 4 KB TLS
// output record with its header and tag, so a record goes out in one send() call.
#define TCP_SND_BUF (4 * TCP_MSS)
// Send queue length in pbufs (lwIP requires >= 2 x TCP_SND_BUF / TCP_MSS).
#define TCP_SND_QUEUELEN (2 * TCP_SND_BUF / TCP_MSS)
#define TCP_QUEUE_OOSEQ 1  // keep segments that arrive early: a lost one is resent alone
// Out-of-order segments held: the rest of a window behind one lost segment, leaving
// half the pool for new frames.
#define TCP_OOSEQ_MAX_PBUFS 3
#define LWIP_TCP_KEEPALIVE 0  // liveness comes from the application's deadlines and polls
#define LWIP_TCP_SACK_OUT 0
#define LWIP_WND_SCALE 0
#define TCP_LISTEN_BACKLOG 0

// ---- Checksums ------------------------------------------------------------------------
// Generated and checked in software (the LAN9118 and a TAP device offload nothing).
// Outgoing TCP data is summed while it is copied in, saving a second pass.
#define LWIP_CHECKSUM_ON_COPY 1

// ---- Randomness -----------------------------------------------------------------------
// DNS transaction ids and source ports, the first local TCP port, DHCP ids and TCP
// initial sequence numbers come from hal::Entropy (lwip_stack.cpp): predictable ones
// would let an off-path attacker spoof DNS answers or inject segments.
#define LWIP_RAND() ((u32_t)lwip_port_rand())
#define LWIP_HOOK_TCP_ISN(local_ip, local_port, remote_ip, remote_port) ((u32_t)lwip_port_rand())

// ---- Diagnostics ----------------------------------------------------------------------
// Debug builds keep lwIP's assertions (hooked to the HAL log, then abort: arch/cc.h),
// guard bytes around pool elements (overruns ASan cannot see inside lwIP's static
// pools), and heap and pool counters, so the host tests show the peaks the sizes above
// were set from (tests/port_lwip/lwip_pool_usage_test.cpp). Release builds have none of it.
#ifdef NDEBUG
#define LWIP_NOASSERT 1
#define LWIP_STATS 0
#else
#define MEMP_OVERFLOW_CHECK 1
#define MEMP_SANITY_CHECK 1
#define MEM_OVERFLOW_CHECK 1
#define MEM_SANITY_CHECK 1
#define LWIP_STATS 1
#define MEM_STATS 1
#define MEMP_STATS 1
#define LINK_STATS 0
#define ETHARP_STATS 0
#define IP_STATS 0
#define ICMP_STATS 0
#define UDP_STATS 0
#define TCP_STATS 0
#endif

#ifdef __cplusplus
extern "C" {
#endif
// 32 random bits from the board's hal::Entropy (port/lwip/lwip_stack.cpp).
unsigned int lwip_port_rand(void);
#ifdef __cplusplus
}
#endif

// lwIP 2.2 options for this client, shared by the board and the host build: NO_SYS (no
// RTOS, the caller pumps lwIP), raw TCP API only, IPv4 over Ethernet, DNS, DHCP only when
// a board asks for it. Sized for one TLS connection at a time plus one closing
// (TIME_WAIT / FIN_WAIT), with 16 KB TLS records held by mbedTLS, not by lwIP: lwIP only
// ever holds the frame it is handling, segments that arrived out of order, and what we
// sent and the peer has not acknowledged yet. Every buffer is a static array inside lwIP
// (no C heap). RAM figures are for Cortex-M4 (32-bit pointers); README.md in this folder
// has the table, the measured .bss and the throughput these sizes were checked against.
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
// Off unless a board builds lwIP with -DPARLEY_LWIP_DHCP=1: mps2-an386 and the host build
// set a static address, and DHCP costs 3.7 KB of code, a UDP pcb, two timers and ~100 B.
#ifndef PARLEY_LWIP_DHCP
#define PARLEY_LWIP_DHCP 0
#endif
#define LWIP_DHCP PARLEY_LWIP_DHCP
// No ARP probe of a leased address: saves the ACD code and 1-2 s at boot.
#define LWIP_DHCP_DOES_ACD_CHECK 0
#define LWIP_DNS 1
// Names cached: the service and a spare, which a query abandoned at its deadline holds
// until lwIP gives up on it (~7 s; lwip_resolver.h). 272 B each (DNS_MAX_NAME_LENGTH 256:
// any DNS name fits).
#define DNS_TABLE_SIZE 2
#define DNS_MAX_SERVERS 1  // LwipStack::set_dns_server sets one
// The gateway and one on-link peer (a local DNS server or service); a third evicts the
// oldest, which ARP then asks for again. 24 B each.
#define ARP_TABLE_SIZE 2

// ---- Memory: all static arrays inside lwIP; costs measured on the Cortex-M4 ------------
#define MEM_LIBC_MALLOC 0  // lwIP's heap is the ram_heap array below, never malloc
#define MEMP_MEM_MALLOC 0  // pools are static arrays too
// Pointers set the alignment: 4 on the Cortex-M4, 8 on a 64-bit host (UBSan checks every
// pointer load lwIP makes inside its pools).
#define MEM_ALIGNMENT __SIZEOF_POINTER__
// lwIP's heap (PBUF_RAM): outgoing TCP segments until acknowledged (TCP_SND_BUF of copied
// data: 2 full segments of 1.55 KB with headers and pbuf), plus short-lived ACK/SYN/FIN
// headers, ARP and DNS messages (a query is ~300 B) and, with DHCP, a 548-byte message.
// Peak in the host tests: see README.md (64-bit, debug guards: more than on the M4).
#define MEM_SIZE (4 * 1024 + 512 * LWIP_DHCP)
// Pool pbufs take frames from the driver: only the frame being handed to lwIP, as lwIP
// handles it before the driver takes the next (NO_SYS), received data is copied at once
// into the socket's ring (so the pool never holds the receive window) and out-of-order
// segments are not kept (TCP_QUEUE_OOSEQ). One full frame: PBUF_POOL_BUFSIZE keeps
// lwIP's default, MSS + 40 + 14 = 1516 B, plus the pbuf header: 1532 B.
#define PBUF_POOL_SIZE 1
// lwIP's sanity check wants the pool to hold a whole window, which is true only of a
// stack that keeps received data in pbufs; ours copies it into the socket's ring at once.
// That check off means all of lwIP's TCP checks are off: lwip_stack.cpp repeats the others
// as static_asserts, and lwip_tcp_socket.cpp checks that the ring holds the window.
#define LWIP_DISABLE_TCP_SANITY_CHECKS 1
// PBUF_REF/ROM headers: none on our paths (TCP copies into PBUF_RAM, ARP queues a
// PBUF_RAM packet by reference, ICMP answers in the received pbuf); peak 0 in the host
// tests. One, as lwIP wants a pool. 16 B each.
#define MEMP_NUM_PBUF 1
// The connection, and one closing: a closed pcb gives way to a new connection when the
// pool is empty (lwip_tcp_socket.cpp). 156 B each.
#define MEMP_NUM_TCP_PCB 2
#define MEMP_NUM_TCP_PCB_LISTEN 0  // a client: no listening sockets
// DNS (a fresh random source port per query, up to DNS_TABLE_SIZE at once), and DHCP's.
// 32 B each.
#define MEMP_NUM_UDP_PCB (DNS_TABLE_SIZE + LWIP_DHCP)
// Segment descriptors: the send queue (no out-of-order queue). 20 B each.
#define MEMP_NUM_TCP_SEG TCP_SND_QUEUELEN
// No alignment pad before the Ethernet header: the IP header then sits 2 bytes off a
// 4-byte boundary, which lwIP's packed header structs read safely (the M4 loads
// unaligned words; UBSan on the host agrees). Drivers copy frames as they are.
#define ETH_PAD_SIZE 0

// ---- TCP ------------------------------------------------------------------------------
#define TCP_MSS 1460  // Ethernet MTU 1500 - 40; the peer's MSS still caps what we send
// Receive window: what the peer may send before we read. The socket's ring is exactly
// this size (LwipTcpSocket::kReceiveBufferSize) and the window reopens only as the
// application reads: backpressure, and the pool never fills with unread data. A 16 KB
// TLS record is assembled in mbedTLS's buffer, not here. PARLEY_LWIP_WINDOW_SEGMENTS
// segments: the board's measured throughput is in README.md.
// Cost: PARLEY_LWIP_WINDOW_SEGMENTS x 1460 B in each socket object (not in lwIP).
#ifndef PARLEY_LWIP_WINDOW_SEGMENTS
#define PARLEY_LWIP_WINDOW_SEGMENTS 2
#endif
#if PARLEY_LWIP_WINDOW_SEGMENTS < 2
#error "a window of one segment waits for the peer's delayed ACK after every segment"
#endif
#define TCP_WND (PARLEY_LWIP_WINDOW_SEGMENTS * TCP_MSS)
// Send buffer: copied, unacknowledged data (held in MEM_SIZE). The client sends requests
// of a few KB: a longer TLS record goes out over two send() calls, the second once the
// peer has acknowledged the first (LwipTcpSocket::send waits for that).
#define TCP_SND_BUF (2 * TCP_MSS)
// Send queue length in pbufs (lwIP requires >= 2 x TCP_SND_BUF / TCP_MSS).
#define TCP_SND_QUEUELEN (2 * TCP_SND_BUF / TCP_MSS)
// "Writable again" mark of the send queue (lwIP's default, 5, is not below a queue of 4);
// only tcp_sent users read it, and we poll tcp_sndbuf instead.
#define TCP_SNDQUEUELOWAT (TCP_SND_QUEUELEN / 2)
// Segments that arrive early (after a lost one) are dropped, not kept: with a window of
// two segments that costs the peer one more segment to resend per loss, while keeping
// them would take a pool pbuf (1.5 KB) per segment and ~1 KB of code.
#define TCP_QUEUE_OOSEQ 0
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

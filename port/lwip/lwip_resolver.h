// Name resolution for LwipTcpSocket: a dotted IPv4 literal is parsed at once; any other
// name goes to lwIP's DNS client (the server from DHCP or LwipStack::set_dns_server) and
// the stack is pumped until the answer or the deadline. One address (IPv4) per name.
// A query given up at its deadline stays in lwIP's table until lwIP's own retries end;
// its late answer is recognised as stale and ignored.
#pragma once

#include "hal/result.h"
#include "hal/time.h"
#include "lwip/ip_addr.h"
#include "port/lwip/lwip_stack.h"

namespace port::lwip {

// `name` is NUL-terminated. Errors: kNameResolution (no such name, no DNS server, the
// server never answered within lwIP's retries, a malformed name), kTimeout (the deadline
// came first), kOutOfMemory (lwIP's DNS table is full of pending queries).
hal::Result<ip_addr_t> resolve_ipv4(LwipStack& stack, const char* name, hal::Millis deadline);

}  // namespace port::lwip

#include "port/lwip/lwip_resolver.h"

#include <cstdint>

#include "lwip/dns.h"
#include "lwip/err.h"

namespace port::lwip {
namespace {

// The one lookup in progress. Blocking calls never overlap (one thread, NO_SYS), so a
// single slot suffices; the generation number tells its answer from the late answer to
// a query an earlier call gave up on, which lwIP may still deliver.
struct Lookup {
    uintptr_t generation = 0;
    bool done = false;
    bool found = false;
    ip_addr_t address{};
};
Lookup g_lookup;

void on_dns_answer(const char* /*name*/, const ip_addr_t* address, void* arg) {
    if (reinterpret_cast<uintptr_t>(arg) != g_lookup.generation) return;  // stale
    g_lookup.done = true;
    g_lookup.found = address != nullptr;
    if (address != nullptr) g_lookup.address = *address;
}

hal::Status status_from_dns_err(err_t err) {
    // ERR_VAL: no DNS server configured; ERR_ARG: empty or over-long name.
    return err == ERR_MEM ? hal::Status::kOutOfMemory : hal::Status::kNameResolution;
}

}  // namespace

hal::Result<ip_addr_t> resolve_ipv4(LwipStack& stack, const char* name, hal::Millis deadline) {
    ip_addr_t address{};
    if (ipaddr_aton(name, &address) != 0) return address;

    g_lookup = Lookup{g_lookup.generation + 1};
    void* const arg = reinterpret_cast<void*>(g_lookup.generation);
    const err_t err = dns_gethostbyname(name, &address, on_dns_answer, arg);
    if (err == ERR_OK) return address;  // cached
    if (err != ERR_INPROGRESS) return status_from_dns_err(err);

    // One turn at least, so a deadline already due still hears an answer that is waiting.
    bool pumped = false;
    while (!g_lookup.done) {
        if (pumped && hal::deadline_passed(stack.clock().now_ms(), deadline)) {
            return hal::Status::kTimeout;
        }
        stack.pump(deadline);
        pumped = true;
    }
    if (!g_lookup.found) return hal::Status::kNameResolution;
    return g_lookup.address;
}

}  // namespace port::lwip

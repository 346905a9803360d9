#include "port/lwip/lwip_stack.h"

#include <cstdlib>
#include <cstring>

#include "hal/log.h"
#include "lwip/dns.h"
#include "lwip/init.h"
#include "lwip/ip_addr.h"
#include "lwip/opt.h"
#include "lwip/pbuf.h"
#include "lwip/sys.h"
#include "lwip/timeouts.h"

namespace port::lwip {

// lwIP's TCP sanity checks (core/init.c) are off (LWIP_DISABLE_TCP_SANITY_CHECKS, see
// lwipopts.h) for the one about the pool holding the receive window; the rest, here. The
// first two are equalities by today's definitions (hence the NOLINTs): guards for edits.
static_assert(MEMP_NUM_TCP_SEG >= TCP_SND_QUEUELEN,  // NOLINT(misc-redundant-expression)
              "a segment descriptor per queued pbuf");
static_assert(TCP_SND_BUF >= 2 * TCP_MSS,  // NOLINT(misc-redundant-expression)
              "lwIP's send path wants two segments at least");
static_assert(TCP_SND_QUEUELEN >= 2 * (TCP_SND_BUF / TCP_MSS), "queue too short for TCP_SND_BUF");
static_assert(TCP_SNDLOWAT < TCP_SND_BUF, "TCP_SNDLOWAT must be below TCP_SND_BUF");
static_assert(TCP_SNDQUEUELOWAT < TCP_SND_QUEUELEN, "TCP_SNDQUEUELOWAT below the queue");
static_assert(TCP_WND >= TCP_MSS, "the window must take a full segment");
static_assert(PBUF_POOL_BUFSIZE >= PBUF_LINK_HLEN + PBUF_IP_HLEN + PBUF_TRANSPORT_HLEN + TCP_MSS,
              "a pool pbuf must take a full frame");

namespace {

constexpr const char* kLogModule = "lwip";

// "255.255.255.255" and its terminator.
constexpr size_t kMaxIpv4LiteralSize = 16;

// The process's stack: lwIP is a singleton, and its C hooks need a way back to us.
LwipStack* g_stack = nullptr;

// Marsaglia's xorshift32: only a fallback if the entropy source fails; never zero.
uint32_t xorshift32(uint32_t& state) {
    if (state == 0) state = 0x9E3779B9u;
    state ^= state << 13;
    state ^= state >> 17;
    state ^= state << 5;
    return state;
}

}  // namespace

LwipStack::~LwipStack() {
    // lwIP keeps running on its static state, but its hooks must not call a dead object.
    if (g_stack == this) g_stack = nullptr;
}

hal::Status LwipStack::init() {
    static bool initialised = false;  // lwIP's own state lives for the whole process
    if (initialised) return hal::Status::kFailedPrecondition;
    initialised = true;
    g_stack = this;  // lwip_init() already reads the clock (timers) and LWIP_RAND (ports)
    lwip_init();
    return hal::Status::kOk;
}

void LwipStack::pump(hal::Millis deadline) {
    hal::Millis wait = hal::remaining(clock_.now_ms(), deadline);
    const u32_t next_timer = sys_timeouts_sleeptime();  // SLEEPTIME_INFINITE when none
    if (next_timer < wait) wait = next_timer;
    driver_.poll(wait);
    sys_check_timeouts();
}

hal::Status LwipStack::set_dns_server(std::string_view address) {
    if (address.empty()) {
        dns_setserver(0, IP_ADDR_ANY);
        return hal::Status::kOk;
    }
    char text[kMaxIpv4LiteralSize];
    if (address.size() >= sizeof text) return hal::Status::kInvalidArgument;
    std::memcpy(text, address.data(), address.size());
    text[address.size()] = '\0';
    ip_addr_t server;
    if (ipaddr_aton(text, &server) == 0) return hal::Status::kInvalidArgument;
    dns_setserver(0, &server);
    return hal::Status::kOk;
}

uint32_t LwipStack::random32() {
    uint8_t bytes[sizeof(uint32_t)];
    if (entropy_.fill(hal::ByteSpan(bytes)) != hal::Status::kOk) {
        // Better than stopping the network: DNS ids and ports stay distinct, merely
        // guessable. A board whose entropy fails has a bigger problem, so say so.
        HAL_LOG_WARN(kLogModule, "entropy source failed; lwIP randomness degraded");
        fallback_state_ ^= clock_.now_ms();
        return xorshift32(fallback_state_);
    }
    uint32_t value;
    std::memcpy(&value, bytes, sizeof value);
    return value;
}

}  // namespace port::lwip

// ---- lwIP's C hooks (declared in lwip/sys.h, lwipopts.h and arch/cc.h) ------------------

extern "C" u32_t sys_now(void) {
    using port::lwip::g_stack;
    return g_stack != nullptr ? g_stack->clock().now_ms() : 0;
}

extern "C" unsigned int lwip_port_rand(void) {
    using port::lwip::g_stack;
    return g_stack != nullptr ? g_stack->random32() : 0;
}

extern "C" void lwip_port_assert(const char* message, const char* file, int line) {
    HAL_LOG_ERROR(port::lwip::kLogModule, "assert: %s (%s:%d)", message, file, line);
    std::abort();
}

// LwipStack: lwIP 2.2 run without an RTOS (NO_SYS=1), one per process. It owns
// lwip_init(), the clock behind sys_now(), the entropy behind LWIP_RAND(), and the pump
// that every blocking call runs until its deadline: the board's driver hands received
// frames to lwIP, then lwIP's timers run. lwIP state is only ever touched from the one
// thread that calls these functions; nothing here is safe to call from an interrupt.
#pragma once

#include <cstdint>
#include <string_view>

#include "hal/clock.h"
#include "hal/entropy.h"
#include "hal/status.h"
#include "hal/time.h"

namespace port::lwip {

// The board's half of the pump: the receive path of its Ethernet driver (a TAP device
// on the host, the LAN9118 on mps2-an386). The board also creates the lwIP netif that
// this driver feeds, after LwipStack::init().
class NetifDriver {
  public:
    // Hands every frame received so far to lwIP (netif->input). When none is waiting it
    // may block for up to `max_wait_ms` for the first one (the host waits on its TAP
    // descriptor; a board may sleep until the next interrupt, or return at once).
    virtual void poll(hal::Millis max_wait_ms) = 0;

  protected:
    ~NetifDriver() = default;
};

class LwipStack {
  public:
    LwipStack(hal::Clock& clock, hal::Entropy& entropy, NetifDriver& driver)
        : clock_(clock), entropy_(entropy), driver_(driver) {}
    ~LwipStack();
    LwipStack(const LwipStack&) = delete;
    LwipStack& operator=(const LwipStack&) = delete;

    // Runs lwip_init() and makes this object the process's stack (sys_now, LWIP_RAND,
    // assertion log). Once per process: lwIP cannot be initialised twice, so a second
    // call, on this or another object, is kFailedPrecondition.
    hal::Status init();

    // One turn of the network: frames in, then due timers. Waits for a frame no longer
    // than until `deadline` or lwIP's next timer, whichever comes first; a deadline that
    // has passed still gives one turn without waiting. Also call it from an idle loop:
    // between socket calls nothing else runs lwIP's timers (retransmissions, ARP, FIN).
    void pump(hal::Millis deadline);

    // Sets the DNS server (a dotted IPv4 literal) lwIP's resolver asks; an empty
    // address clears it, and names then fail with kNameResolution. DHCP sets it too.
    hal::Status set_dns_server(std::string_view address);

    hal::Clock& clock() { return clock_; }

    // For the C hooks of lwIP (lwip_stack.cpp); not for applications.
    uint32_t random32();

  private:
    hal::Clock& clock_;
    hal::Entropy& entropy_;
    NetifDriver& driver_;
    uint32_t fallback_state_ = 0;  // xorshift state, used only if the entropy source fails
};

}  // namespace port::lwip

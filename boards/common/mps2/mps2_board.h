// Mps2Board: the board services of mps2-an386 in one static object, for the apps'
// composition roots (boards/common/mps2/apps/*.cpp): clock, console log, entropy, device
// identity, flash and the lwIP network on the LAN9118. An app adds what it runs on top:
// LwipTcpSocket, TlsClient, HttpClient, the stores and the messenger.
//
// start() brings everything up in order and logs each step; it reads the semihosting
// command line first, so the flash file and the wall-clock source can be chosen per run:
//   flash=PATH   the host file behind hal::Flash (default: the app's, see start())
//   wall=host    borrow the host's time through semihosting (default: no RTC, unknown)
// Other keys are left to the app (command_line()).
#pragma once

#include <cstdint>

#include "boards/common/mps2/command_line.h"
#include "boards/common/mps2/emulator_identity.h"
#include "boards/common/mps2/lan9118_netif.h"
#include "boards/common/mps2/semihost_flash.h"
#include "boards/common/mps2/semihost_log.h"
#include "boards/common/mps2/systick_clock.h"
#include "hal/entropy.h"
#include "hal/status.h"
#include "port/lwip/lwip_stack.h"

namespace boards::mps2_an386 {

class Mps2Board {
  public:
    Mps2Board();
    Mps2Board(const Mps2Board&) = delete;
    Mps2Board& operator=(const Mps2Board&) = delete;

    // Clock, log, flash (`default_flash_file` unless flash= says otherwise), network.
    // Errors: the first step's (each is logged with its name).
    hal::Status start(const char* default_flash_file);

    SysTickClock& clock() { return clock_; }
    hal::Entropy& entropy() { return entropy_; }
    EmulatorIdentity& identity() { return identity_; }
    SemihostFlash& flash() { return flash_; }
    port::lwip::LwipStack& stack() { return stack_; }
    const Lan9118Netif& netif() const { return netif_; }
    const CommandLine& command_line() const { return command_line_; }
    const char* flash_file() const { return flash_file_; }

    // The certificate-time floor while the wall clock is unknown (the build time).
    static int64_t time_floor_seconds();

  private:
    hal::Status start_network();

    CommandLine command_line_;
    SysTickClock clock_;
    SemihostLog log_;
    hal::Entropy& entropy_;
    EmulatorIdentity identity_;
    SemihostFlash flash_;
    Lan9118Netif netif_;
    port::lwip::LwipStack stack_;
    const char* flash_file_ = nullptr;
};

}  // namespace boards::mps2_an386

// EmulatedBoard<Clock, Netif>: the board services of an emulated board in one static
// object, for the apps' composition roots (boards/common/mps2/apps/*.cpp, which know it as
// AppBoard: apps/app_board.h): clock, console log, entropy, device identity, flash and the
// lwIP network on the board's network card. An app adds what it runs on top: LwipTcpSocket,
// TlsClient, HttpClient, the stores and the messenger. The MPS2 boards instantiate it with
// SysTickClock and Lan9118Netif (Mps2Board, mps2_board.h), qemu-riscv32 with MtimeClock and
// VirtioNetif (RiscvBoard); the log, flash, identity, entropy and command line are the same
// semihosting emulations on both.
//
// start() brings everything up in order and logs each step; it reads the semihosting
// command line first, so the flash file and the wall-clock source can be chosen per run:
//   flash=PATH   the host file behind hal::Flash (default: the app's, see start())
//   wall=host    borrow the host's time through semihosting (default: no RTC, unknown)
// Other keys are left to the app (command_line()). The last step, start_network(), is the
// board's own (its card's bring-up and boot-log line), defined in its .cpp.
#pragma once

#include <cstdint>
#include <string_view>

#include "boards/common/mps2/board_config.h"
#include "boards/common/mps2/board_entropy.h"
#include "boards/common/mps2/command_line.h"
#include "boards/common/mps2/emulator_identity.h"
#include "boards/common/mps2/semihost_flash.h"
#include "boards/common/mps2/semihost_log.h"
#include "boards/common/mps2/wall_time.h"
#include "hal/entropy.h"
#include "hal/log.h"
#include "hal/status.h"
#include "port/lwip/lwip_stack.h"

namespace boards::mps2_an386 {

template <typename Clock, typename Netif>
class EmulatedBoard {
  public:
    EmulatedBoard()
        : log_(clock_),
          entropy_(board_entropy()),
          netif_(clock_),
          stack_(clock_, entropy_, netif_) {}
    EmulatedBoard(const EmulatedBoard&) = delete;
    EmulatedBoard& operator=(const EmulatedBoard&) = delete;

    // Clock, log, flash (`default_flash_file` unless flash= says otherwise), network.
    // Errors: the first step's (each is logged with its name).
    hal::Status start(const char* default_flash_file) {
        command_line_.load();
        const char* wall = command_line_.value("wall");
        const bool host_time = wall != nullptr && std::string_view(wall) == "host";
        clock_.start(host_time ? WallSource::kHostTime : WallSource::kNone);
        hal::set_log(&log_);
        HAL_LOG_INFO("board", PARLEY_BOARD_DESCRIPTION ", wall clock: %s, build time floor %lld",
                     host_time ? "host (semihosting)" : "unknown (no RTC)",
                     static_cast<long long>(time_floor_seconds()));

        const char* flash = command_line_.value("flash");
        flash_file_ = flash != nullptr ? flash : default_flash_file;
        const hal::Status flash_status = flash_.open(flash_file_);
        if (flash_status != hal::Status::kOk) {
            HAL_LOG_ERROR("board", "flash file %s: %s", flash_file_, hal::to_string(flash_status));
            return flash_status;
        }
        HAL_LOG_INFO("board", "flash: %s, %lu x %lu B", flash_file_,
                     static_cast<unsigned long>(SemihostFlash::kGeometry.sector_count),
                     static_cast<unsigned long>(SemihostFlash::kGeometry.sector_size));
        return start_network();
    }

    Clock& clock() { return clock_; }
    hal::Entropy& entropy() { return entropy_; }
    EmulatorIdentity& identity() { return identity_; }
    SemihostFlash& flash() { return flash_; }
    port::lwip::LwipStack& stack() { return stack_; }
    const Netif& netif() const { return netif_; }
    const CommandLine& command_line() const { return command_line_; }
    const char* flash_file() const { return flash_file_; }

    // The certificate-time floor while the wall clock is unknown: the firmware's build time
    // (board_config.h).
    static int64_t time_floor_seconds() { return PARLEY_BOARD_BUILD_TIME; }

  private:
    // The network card up with the board's addresses, then lwIP's DNS server; logged.
    hal::Status start_network();

    CommandLine command_line_;
    Clock clock_;
    SemihostLog log_;
    hal::Entropy& entropy_;
    EmulatorIdentity identity_;
    SemihostFlash flash_;
    Netif netif_;
    port::lwip::LwipStack stack_;
    const char* flash_file_ = nullptr;
};

}  // namespace boards::mps2_an386

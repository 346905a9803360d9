// RiscvBoard: the board services of qemu-riscv32 in one static object, for the shared apps'
// composition roots (boards/common/mps2/apps/*.cpp, which know it as AppBoard:
// apps/app_board.h): clock, console log, entropy, device identity, flash and the lwIP
// network on the virtio-net device. The counterpart of the MPS2 boards' Mps2Board, with the
// same members and command line (flash=PATH, wall=host); the log, flash, identity, entropy
// and command line are the MPS2 boards' own (boards/common/mps2: semihosting works the same
// on RISC-V).
#pragma once

#include <cstdint>

#include "boards/common/mps2/command_line.h"
#include "boards/common/mps2/emulator_identity.h"
#include "boards/common/mps2/semihost_flash.h"
#include "boards/common/mps2/semihost_log.h"
#include "boards/qemu-riscv32/mtime_clock.h"
#include "boards/qemu-riscv32/virtio_netif.h"
#include "hal/entropy.h"
#include "hal/status.h"
#include "port/lwip/lwip_stack.h"

namespace boards::qemu_riscv32 {

class RiscvBoard {
  public:
    RiscvBoard();
    RiscvBoard(const RiscvBoard&) = delete;
    RiscvBoard& operator=(const RiscvBoard&) = delete;

    // Clock, log, flash (`default_flash_file` unless flash= says otherwise), network.
    // Errors: the first step's (each is logged with its name).
    hal::Status start(const char* default_flash_file);

    MtimeClock& clock() { return clock_; }
    hal::Entropy& entropy() { return entropy_; }
    mps2_an386::EmulatorIdentity& identity() { return identity_; }
    mps2_an386::SemihostFlash& flash() { return flash_; }
    port::lwip::LwipStack& stack() { return stack_; }
    const VirtioNetif& netif() const { return netif_; }
    const mps2_an386::CommandLine& command_line() const { return command_line_; }
    const char* flash_file() const { return flash_file_; }

    // The certificate-time floor while the wall clock is unknown (the build time).
    static int64_t time_floor_seconds();

  private:
    hal::Status start_network();

    mps2_an386::CommandLine command_line_;
    MtimeClock clock_;
    mps2_an386::SemihostLog log_;
    hal::Entropy& entropy_;
    mps2_an386::EmulatorIdentity identity_;
    mps2_an386::SemihostFlash flash_;
    VirtioNetif netif_;
    port::lwip::LwipStack stack_;
    const char* flash_file_ = nullptr;
};

}  // namespace boards::qemu_riscv32

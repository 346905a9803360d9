// RiscvBoard: the board services of qemu-riscv32 for the shared apps (which know it as
// AppBoard: boards/common/mps2/apps/app_board.h): EmulatedBoard
// (boards/common/mps2/emulated_board.h: the MPS2 boards' log, flash, identity, entropy and
// command line; semihosting works the same on RISC-V) on the CLINT's mtime and the
// virtio-net device; riscv_board.cpp brings the device up.
#pragma once

#include "boards/common/mps2/emulated_board.h"
#include "boards/qemu-riscv32/mtime_clock.h"
#include "boards/qemu-riscv32/virtio_netif.h"

namespace boards::qemu_riscv32 {

using RiscvBoard = mps2_an386::EmulatedBoard<MtimeClock, VirtioNetif>;

}  // namespace boards::qemu_riscv32

namespace boards::mps2_an386 {

template <>
hal::Status qemu_riscv32::RiscvBoard::start_network();

}  // namespace boards::mps2_an386

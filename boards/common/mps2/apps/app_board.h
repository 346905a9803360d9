// The board the apps run on (net_selftest.cpp, ticket.cpp, instruction_counts.cpp): its
// glue as AppBoard (start(), clock(), entropy(), identity(), flash(), stack(), netif(),
// command_line(), flash_file(), time_floor_seconds()) and its clock as AppClock (now_ns(),
// idle_ns(), sleep_until_interrupt()). The MPS2 boards' Mps2Board and SysTickClock, or
// boards/qemu-riscv32's RiscvBoard and MtimeClock: the apps are the same source on both.
#pragma once

#if defined(PARLEY_BOARD_QEMU_RISCV32)
#include "boards/qemu-riscv32/riscv_board.h"

namespace boards::mps2_an386 {
using AppBoard = qemu_riscv32::RiscvBoard;
using AppClock = qemu_riscv32::MtimeClock;
}  // namespace boards::mps2_an386
#else
#include "boards/common/mps2/mps2_board.h"

namespace boards::mps2_an386 {
using AppBoard = Mps2Board;
using AppClock = SysTickClock;
}  // namespace boards::mps2_an386
#endif

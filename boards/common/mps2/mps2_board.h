// Mps2Board: the board services of the MPS2/MPS3 boards (mps2-an386, -an500, -an505,
// mps3-an547) for the apps: EmulatedBoard (emulated_board.h) on the SysTick clock and the
// LAN9118; mps2_board.cpp brings the LAN9118 up.
#pragma once

#include "boards/common/mps2/emulated_board.h"
#include "boards/common/mps2/lan9118_netif.h"
#include "boards/common/mps2/systick_clock.h"

namespace boards::mps2_an386 {

using Mps2Board = EmulatedBoard<SysTickClock, Lan9118Netif>;

template <>
hal::Status Mps2Board::start_network();

}  // namespace boards::mps2_an386

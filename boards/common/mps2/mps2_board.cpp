#include "boards/common/mps2/mps2_board.h"

#include "boards/common/mps2/board_config.h"
#include "hal/log.h"

namespace boards::mps2_an386 {
namespace {

constexpr const char* kLogModule = "board";
constexpr uint8_t kMac[Lan9118::kMacSize] = PARLEY_BOARD_MAC;

}  // namespace

template <>
hal::Status Mps2Board::start_network() {
    HAL_TRY(stack_.init());
    const hal::Status up =
        netif_.open(kMac, {PARLEY_BOARD_IP, PARLEY_BOARD_NETMASK, PARLEY_BOARD_GATEWAY});
    if (up != hal::Status::kOk) {
        HAL_LOG_ERROR(kLogModule, "LAN9118: %s", hal::to_string(up));
        return up;
    }
    HAL_LOG_INFO(kLogModule, "LAN9118 id %08lx, %s/%s gw %s",
                 static_cast<unsigned long>(netif_.chip().chip_id()), PARLEY_BOARD_IP,
                 PARLEY_BOARD_NETMASK, PARLEY_BOARD_GATEWAY);
    return stack_.set_dns_server(PARLEY_BOARD_DNS);
}

}  // namespace boards::mps2_an386

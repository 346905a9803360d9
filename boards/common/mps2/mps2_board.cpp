#include "boards/common/mps2/mps2_board.h"

#include <string_view>

#include "boards/common/mps2/board_config.h"
#include "boards/common/mps2/board_entropy.h"
#include "hal/log.h"

namespace boards::mps2_an386 {
namespace {

constexpr const char* kLogModule = "board";
constexpr uint8_t kMac[Lan9118::kMacSize] = PARLEY_BOARD_MAC;

}  // namespace

Mps2Board::Mps2Board()
    : log_(clock_), entropy_(board_entropy()), netif_(clock_), stack_(clock_, entropy_, netif_) {}

int64_t Mps2Board::time_floor_seconds() {
    return PARLEY_BOARD_BUILD_TIME;
}

hal::Status Mps2Board::start(const char* default_flash_file) {
    command_line_.load();
    const char* wall = command_line_.value("wall");
    const bool host_time = wall != nullptr && std::string_view(wall) == "host";
    clock_.start(host_time ? WallSource::kHostTime : WallSource::kNone);
    hal::set_log(&log_);
    HAL_LOG_INFO(kLogModule, PARLEY_BOARD_DESCRIPTION ", wall clock: %s, build time floor %lld",
                 host_time ? "host (semihosting)" : "unknown (no RTC)",
                 static_cast<long long>(time_floor_seconds()));

    const char* flash = command_line_.value("flash");
    flash_file_ = flash != nullptr ? flash : default_flash_file;
    const hal::Status flash_status = flash_.open(flash_file_);
    if (flash_status != hal::Status::kOk) {
        HAL_LOG_ERROR(kLogModule, "flash file %s: %s", flash_file_, hal::to_string(flash_status));
        return flash_status;
    }
    HAL_LOG_INFO(kLogModule, "flash: %s, %lu x %lu B", flash_file_,
                 static_cast<unsigned long>(SemihostFlash::kGeometry.sector_count),
                 static_cast<unsigned long>(SemihostFlash::kGeometry.sector_size));
    return start_network();
}

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

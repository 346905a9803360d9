#include "boards/qemu-riscv32/riscv_board.h"

#include <string_view>

#include "boards/common/mps2/board_config.h"
#include "boards/common/mps2/board_entropy.h"
#include "hal/log.h"

namespace boards::qemu_riscv32 {
namespace {

constexpr const char* kLogModule = "board";

}  // namespace

RiscvBoard::RiscvBoard()
    : log_(clock_),
      entropy_(mps2_an386::board_entropy()),
      netif_(clock_),
      stack_(clock_, entropy_, netif_) {}

int64_t RiscvBoard::time_floor_seconds() {
    return PARLEY_BOARD_BUILD_TIME;
}

hal::Status RiscvBoard::start(const char* default_flash_file) {
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
                 static_cast<unsigned long>(mps2_an386::SemihostFlash::kGeometry.sector_count),
                 static_cast<unsigned long>(mps2_an386::SemihostFlash::kGeometry.sector_size));
    return start_network();
}

hal::Status RiscvBoard::start_network() {
    HAL_TRY(stack_.init());
    const hal::Status up =
        netif_.open({PARLEY_BOARD_IP, PARLEY_BOARD_NETMASK, PARLEY_BOARD_GATEWAY});
    if (up != hal::Status::kOk) {
        HAL_LOG_ERROR(kLogModule, "virtio-net: %s%s", hal::to_string(up),
                      up == hal::Status::kUnsupported
                          ? " (legacy virtio-mmio: -global virtio-mmio.force-legacy=false)"
                          : "");
        return up;
    }
    const uint8_t* mac = netif_.chip().mac();
    HAL_LOG_INFO(
        kLogModule,
        "virtio-net at %08lx (PLIC irq %lu), mac %02x:%02x:%02x:%02x:%02x:%02x, %s/%s gw %s",
        static_cast<unsigned long>(netif_.chip().base()),
        static_cast<unsigned long>(netif_.chip().irq()), mac[0], mac[1], mac[2], mac[3], mac[4],
        mac[5], PARLEY_BOARD_IP, PARLEY_BOARD_NETMASK, PARLEY_BOARD_GATEWAY);
    return stack_.set_dns_server(PARLEY_BOARD_DNS);
}

}  // namespace boards::qemu_riscv32

#include "boards/qemu-riscv32/riscv_board.h"

#include "boards/common/mps2/board_config.h"
#include "hal/log.h"

// The explicit specialization lives in the template's namespace.
namespace boards::mps2_an386 {
namespace {

constexpr const char* kLogModule = "board";

}  // namespace

template <>
hal::Status qemu_riscv32::RiscvBoard::start_network() {
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

}  // namespace boards::mps2_an386

#include "boards/host-lwip/host_lwip_net.h"

namespace boards::host_lwip {

hal::Status HostLwipNet::init(const HostLwipConfig& config) {
    HAL_TRY(stack_.init());
    HAL_TRY(tap_.open(config.tap_name, config.ipv4));
    return stack_.set_dns_server(config.dns_server != nullptr ? config.dns_server : "");
}

}  // namespace boards::host_lwip

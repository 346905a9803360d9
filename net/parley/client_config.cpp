#include "net/parley/client_config.h"

#include "net/http/request_writer.h"
#include "net/parley/input_checks.h"

namespace net::parley {
namespace {

hal::Status check_dialect(const ClientConfig& config, bool has_token_provider) {
    if (config.dialect == Dialect::kKpnGateway) {
        return has_token_provider ? hal::Status::kOk : hal::Status::kInvalidArgument;
    }
    // The secret ends at the first ':' of x-iris-identification.
    const bool secret_ok =
        !config.account_secret.empty() && config.account_secret.find(':') == std::string_view::npos;
    return secret_ok ? hal::Status::kOk : hal::Status::kInvalidArgument;
}

}  // namespace

hal::Status check_config(const ClientConfig& config, bool has_token_provider) {
    HAL_TRY(check_device_id(config.device_id));
    HAL_TRY(check_dialect(config, has_token_provider));
    HAL_TRY(http::check_path_prefix(config.base_path));
    HAL_TRY(check_header_value(config.account_secret));
    HAL_TRY(check_header_value(config.auth_string));
    return check_header_value(config.api_version);
}

}  // namespace net::parley

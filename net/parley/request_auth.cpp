#include "net/parley/request_auth.h"

namespace net::parley {
namespace {

void add(AuthHeaders* out, const http::Header& header) {
    out->items[out->count++] = header;
}

// A header from the configuration, which check_config has checked: not checked again.
void add_checked(AuthHeaders* out, std::string_view name, std::string_view value) {
    add(out, http::Header{name, value, {}, true});
}

hal::Status kpn_headers(const ClientConfig& config, AccessTokenProvider& tokens, AuthHeaders* out,
                        hal::Millis deadline) {
    HAL_ASSIGN_OR_RETURN(const std::string_view token, tokens.access_token(deadline));
    add(out, http::Header{"Authorization", "Bearer ", {token}});  // checked with each request
    add_checked(out, "uniqueAppDeviceId", config.device_id);
    if (!config.auth_string.empty()) add_checked(out, "authString", config.auth_string);
    if (!config.api_version.empty()) add_checked(out, "api-version", config.api_version);
    return hal::Status::kOk;
}

void parley_headers(const ClientConfig& config, AuthHeaders* out) {
    add(out, http::Header{
                 "x-iris-identification", config.account_secret, {":", config.device_id}, true});
    if (!config.auth_string.empty()) add_checked(out, "Authorization", config.auth_string);
}

}  // namespace

hal::Status write_auth_headers(const ClientConfig& config, AccessTokenProvider* tokens,
                               AuthHeaders* out, hal::Millis deadline) {
    out->count = 0;
    if (config.dialect == Dialect::kParleyDirect) {
        parley_headers(config, out);
        return hal::Status::kOk;
    }
    if (tokens == nullptr) return hal::Status::kInvalidArgument;
    return kpn_headers(config, *tokens, out, deadline);
}

}  // namespace net::parley

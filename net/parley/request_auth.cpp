#include "net/parley/request_auth.h"

#include "net/http/buffer_writer.h"

namespace net::parley {
namespace {

void add(AuthHeaders* out, std::string_view name, std::string_view value) {
    out->items[out->count++] = http::Header{name, value};
}

hal::Status kpn_headers(const ClientConfig& config, AccessTokenProvider& tokens,
                        hal::CharSpan secret, AuthHeaders* out, hal::Millis deadline) {
    HAL_ASSIGN_OR_RETURN(const std::string_view token, tokens.access_token(deadline));
    http::BufferWriter bearer(secret);
    bearer.append("Bearer ").append(token);
    HAL_TRY(bearer.status());
    add(out, "Authorization", bearer.view());
    add(out, "uniqueAppDeviceId", config.device_id);
    if (!config.auth_string.empty()) add(out, "authString", config.auth_string);
    if (!config.api_version.empty()) add(out, "api-version", config.api_version);
    return hal::Status::kOk;
}

hal::Status parley_headers(const ClientConfig& config, hal::CharSpan secret, AuthHeaders* out) {
    http::BufferWriter identification(secret);
    identification.append(config.account_secret).append(':').append(config.device_id);
    HAL_TRY(identification.status());
    add(out, "x-iris-identification", identification.view());
    if (!config.auth_string.empty()) add(out, "Authorization", config.auth_string);
    return hal::Status::kOk;
}

}  // namespace

hal::Status write_auth_headers(const ClientConfig& config, AccessTokenProvider* tokens,
                               hal::CharSpan secret, AuthHeaders* out, hal::Millis deadline) {
    out->count = 0;
    if (config.dialect == Dialect::kParleyDirect) return parley_headers(config, secret, out);
    if (tokens == nullptr) return hal::Status::kInvalidArgument;
    return kpn_headers(config, *tokens, secret, out, deadline);
}

}  // namespace net::parley

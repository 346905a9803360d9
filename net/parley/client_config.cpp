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

// v1.9's endpoints: PUT messages/status, GET messages/unseen/count.
constexpr unsigned kStatusMajor = 1;
constexpr unsigned kStatusMinor = 9;
constexpr unsigned kMaxVersionPart = 1000;

// Reads "[v]MAJOR.MINOR" (the whole text); false when it is not one.
bool read_version(std::string_view text, unsigned* major, unsigned* minor) {
    if (!text.empty() && (text[0] == 'v' || text[0] == 'V')) text.remove_prefix(1);
    unsigned parts[2] = {0, 0};
    size_t part = 0;
    size_t digits = 0;
    for (const char c : text) {
        if (c == '.' && part == 0 && digits > 0) {
            part = 1;
            digits = 0;
            continue;
        }
        if (c < '0' || c > '9' || parts[part] >= kMaxVersionPart) return false;
        parts[part] = parts[part] * 10 + static_cast<unsigned>(c - '0');
        ++digits;
    }
    if (part != 1 || digits == 0) return false;
    *major = parts[0];
    *minor = parts[1];
    return true;
}

bool version_has_status(std::string_view text) {
    unsigned major = 0;
    unsigned minor = 0;
    if (!read_version(text, &major, &minor)) return true;
    return major > kStatusMajor || (major == kStatusMajor && minor >= kStatusMinor);
}

}  // namespace

bool has_status_endpoints(const ClientConfig& config) {
    if (config.dialect == Dialect::kKpnGateway) {
        return config.api_version.empty() || version_has_status(config.api_version);
    }
    const size_t slash = config.base_path.rfind('/');
    const std::string_view last =
        slash == std::string_view::npos ? config.base_path : config.base_path.substr(slash + 1);
    return version_has_status(last);
}

hal::Status check_config(const ClientConfig& config, bool has_token_provider) {
    HAL_TRY(check_device_id(config.device_id));
    HAL_TRY(check_dialect(config, has_token_provider));
    HAL_TRY(http::check_path_prefix(config.base_path));
    HAL_TRY(check_header_value(config.account_secret));
    HAL_TRY(check_header_value(config.auth_string));
    return check_header_value(config.api_version);
}

}  // namespace net::parley

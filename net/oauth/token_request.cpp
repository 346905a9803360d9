#include "net/oauth/token_request.h"

#include <cstring>

#include "hal/secure_wipe.h"
#include "net/url/percent_encode.h"

namespace net::oauth {
namespace {

constexpr std::string_view kIdKey = "client_id=";
constexpr std::string_view kSecretKey = "&client_secret=";

// Appends literal text at *used; false when it does not fit.
bool append(hal::CharSpan out, size_t* used, std::string_view text) {
    if (text.size() > out.size() - *used) return false;
    std::memcpy(out.data() + *used, text.data(), text.size());
    *used += text.size();
    return true;
}

bool append_encoded(hal::CharSpan out, size_t* used, std::string_view value) {
    const hal::Result<size_t> n = url::form_encode(value, out.subspan(*used));
    if (!n.ok()) return false;
    *used += n.value();
    return true;
}

}  // namespace

hal::Result<size_t> write_token_request_body(std::string_view client_id,
                                             std::string_view client_secret, hal::CharSpan out) {
    if (client_id.empty() || client_secret.empty()) return hal::Status::kInvalidArgument;
    size_t used = 0;
    const bool fits = append(out, &used, kIdKey) && append_encoded(out, &used, client_id) &&
                      append(out, &used, kSecretKey) && append_encoded(out, &used, client_secret);
    if (!fits) {
        hal::secure_wipe(out.data(), out.size());
        return hal::Status::kBufferTooSmall;
    }
    return used;
}

hal::Status status_for_token_http_status(int http_status) {
    if (http_status == 200) return hal::Status::kOk;
    if (http_status == 400 || http_status == 401 || http_status == 403) {
        return hal::Status::kBadCredentials;
    }
    if (http_status == 429 || (http_status >= 500 && http_status <= 599)) {
        return hal::Status::kRetryLater;
    }
    return hal::Status::kServiceError;
}

}  // namespace net::oauth

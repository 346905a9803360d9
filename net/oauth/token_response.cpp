#include "net/oauth/token_response.h"
#include "net/json/json_raw.h"
#include "net/text/ascii.h"

#include <cstring>

namespace net::oauth {
namespace {

hal::Status copy_token(json::RawValue value, TokenGrant* grant) {
    const hal::Result<std::string_view> token = value.as_string(hal::CharSpan(grant->token));
    if (token.status() == hal::Status::kTooLarge) return hal::Status::kTooLarge;
    if (!token.ok() || token.value().empty()) return hal::Status::kCorrupt;
    grant->token_length = token.value().size();
    return hal::Status::kOk;
}

// A short word ("Bearer", "approved") as sent; empty when it is not a string or longer.
std::string_view word(json::RawValue value, hal::CharSpan out) {
    return value.as_string(out).value_or(std::string_view());
}

// Absent is fine (some deployments omit it); anything else must say Bearer.
hal::Status check_token_type(json::RawValue value) {
    if (!value.present()) return hal::Status::kOk;
    char buffer[16];
    const std::string_view type = word(value, hal::CharSpan(buffer));
    if (text::equals_ignoring_case(type, "Bearer") ||
        text::equals_ignoring_case(type, "BearerToken")) {
        return hal::Status::kOk;
    }
    return hal::Status::kCorrupt;
}

hal::Status read_lifetime(json::RawValue value, TokenGrant* grant) {
    const hal::Result<int64_t> seconds = value.as_int64();
    if (!seconds.ok() || seconds.value() <= 0) return hal::Status::kCorrupt;
    const int64_t clamped =
        seconds.value() > int64_t{kMaxLifetimeS} ? int64_t{kMaxLifetimeS} : seconds.value();
    grant->expires_in_s = static_cast<uint32_t>(clamped);
    return hal::Status::kOk;
}

hal::Status read_issued_at(json::RawValue value, TokenGrant* grant) {
    grant->issued_at_ms = -1;
    if (!value.present() || value.is_null()) return hal::Status::kOk;
    const hal::Result<int64_t> ms = value.as_int64();
    if (!ms.ok() || ms.value() < 0) return hal::Status::kCorrupt;
    grant->issued_at_ms = ms.value();
    return hal::Status::kOk;
}

hal::Status check_approval(json::RawValue value) {
    if (!value.present()) return hal::Status::kOk;
    char buffer[16];
    if (text::equals_ignoring_case(word(value, hal::CharSpan(buffer)), "approved"))
        return hal::Status::kOk;
    return hal::Status::kBadCredentials;
}

}  // namespace

hal::Status decode_token_response(std::string_view body, TokenGrant* grant) {
    *grant = TokenGrant{};
    if (body.size() > kMaxResponseSize) return hal::Status::kTooLarge;
    const hal::Status valid = json::validate(body);
    if (valid != hal::Status::kOk) return hal::Status::kCorrupt;
    const json::RawValue root(body);
    if (!root.is_object()) return hal::Status::kCorrupt;
    HAL_TRY(check_approval(root["status"]));
    HAL_TRY(check_token_type(root["token_type"]));
    HAL_TRY(read_lifetime(root["expires_in"], grant));
    HAL_TRY(read_issued_at(root["issued_at"], grant));
    const hal::Status copied = copy_token(root["access_token"], grant);
    if (copied != hal::Status::kOk) *grant = TokenGrant{};
    return copied;
}

}  // namespace net::oauth

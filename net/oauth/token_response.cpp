#include "net/oauth/token_response.h"
#include "net/text/ascii.h"

#include <cstring>

namespace net::oauth {
namespace {

hal::Status copy_token(json::Value value, TokenGrant* grant) {
    const hal::Result<std::string_view> token = value.as_string();
    if (!token.ok() || token.value().empty()) return hal::Status::kCorrupt;
    if (token.value().size() > kMaxTokenLength) return hal::Status::kTooLarge;
    std::memcpy(grant->token, token.value().data(), token.value().size());
    grant->token[token.value().size()] = '\0';
    grant->token_length = token.value().size();
    return hal::Status::kOk;
}

// Absent is fine (some deployments omit it); anything else must say Bearer.
hal::Status check_token_type(json::Value value) {
    if (!value.present()) return hal::Status::kOk;
    const hal::Result<std::string_view> type = value.as_string();
    if (!type.ok()) return hal::Status::kCorrupt;
    if (text::equals_ignoring_case(type.value(), "Bearer") ||
        text::equals_ignoring_case(type.value(), "BearerToken")) {
        return hal::Status::kOk;
    }
    return hal::Status::kCorrupt;
}

hal::Status read_lifetime(json::Value value, TokenGrant* grant) {
    const hal::Result<int64_t> seconds = value.as_int64();
    if (!seconds.ok() || seconds.value() <= 0) return hal::Status::kCorrupt;
    const int64_t clamped =
        seconds.value() > int64_t{kMaxLifetimeS} ? int64_t{kMaxLifetimeS} : seconds.value();
    grant->expires_in_s = static_cast<uint32_t>(clamped);
    return hal::Status::kOk;
}

hal::Status read_issued_at(json::Value value, TokenGrant* grant) {
    grant->issued_at_ms = -1;
    if (!value.present() || value.is_null()) return hal::Status::kOk;
    const hal::Result<int64_t> ms = value.as_int64();
    if (!ms.ok() || ms.value() < 0) return hal::Status::kCorrupt;
    grant->issued_at_ms = ms.value();
    return hal::Status::kOk;
}

hal::Status check_approval(json::Value value) {
    if (!value.present()) return hal::Status::kOk;
    const hal::Result<std::string_view> status = value.as_string();
    if (status.ok() && text::equals_ignoring_case(status.value(), "approved"))
        return hal::Status::kOk;
    return hal::Status::kBadCredentials;
}

}  // namespace

hal::Status decode_token_response(std::string_view body, json::JsonDocument& doc,
                                  TokenGrant* grant) {
    *grant = TokenGrant{};
    if (body.size() > kMaxResponseSize) return hal::Status::kTooLarge;
    HAL_TRY(doc.parse(body));
    const json::Value root = doc.root();
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

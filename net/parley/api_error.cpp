#include "net/parley/api_error.h"

#include "net/text/bounded_text.h"
#include "net/text/slice.h"

namespace net::parley {
namespace {

using hal::Status;

constexpr uint16_t kUnauthorized = 401;
constexpr uint16_t kForbidden = 403;
constexpr uint16_t kNotFoundStatus = 404;
constexpr uint16_t kTooManyRequests = 429;

enum class Rule : uint8_t {
    kAuthentication,  // the caller's identity was refused
    kCredentials,
    kUserAuthorization,  // the service wants a registered user's string
    kNotRegistered,
    kMissing,
    kValidation,
    kByHttpStatus,
};

struct Entry {
    std::string_view error;
    Rule rule;
};

// The documented error strings (docs/protocol.md §5, first table).
constexpr Entry kDocumented[] = {
    {"authentication_required", Rule::kAuthentication},
    {"authentication_not_valid", Rule::kAuthentication},
    {"authentication_expired", Rule::kAuthentication},
    {"api_key_not_valid", Rule::kCredentials},
    {"device_not_registered", Rule::kNotRegistered},
    {"device_requires_authorization", Rule::kUserAuthorization},
    {"message_not_found", Rule::kMissing},
    {"missing_message_or_image", Rule::kValidation},
    {"image_too_large", Rule::kValidation},
    {"invalid_image", Rule::kValidation},
    {"could_not_save_message", Rule::kByHttpStatus},
    {"invalid_message_type", Rule::kValidation},
    {"could_not_subscribe_device", Rule::kByHttpStatus},
    {"invalid_version_format", Rule::kValidation},
    {"invalid_media_type", Rule::kValidation},
    {"media_too_large", Rule::kValidation},
    {"media_not_uploaded", Rule::kValidation},
    {"missing_media", Rule::kValidation},
};

bool starts_with(std::string_view text, std::string_view prefix) {
    return text::slice(text, 0, prefix.size()) == prefix;
}

bool ends_with(std::string_view text, std::string_view suffix) {
    return text.size() >= suffix.size() && text::slice(text, text.size() - suffix.size()) == suffix;
}

// Undocumented strings that follow the documented naming patterns.
Rule rule_for(std::string_view error) {
    for (const Entry& entry : kDocumented) {
        if (entry.error == error) return entry.rule;
    }
    if (starts_with(error, "authentication_")) return Rule::kAuthentication;
    const bool validation = starts_with(error, "invalid_") || starts_with(error, "missing_") ||
                            ends_with(error, "_too_large");
    return validation ? Rule::kValidation : Rule::kByHttpStatus;
}

Status authentication_kind(Dialect dialect) {
    return dialect == Dialect::kKpnGateway ? Status::kTokenInvalid : Status::kBadCredentials;
}

Status kind_for_http_status(Dialect dialect, uint16_t http_status) {
    if (http_status == kUnauthorized) return authentication_kind(dialect);
    if (http_status == kForbidden) return Status::kBadCredentials;
    if (http_status == kNotFoundStatus) return Status::kNotFound;
    if (http_status == kTooManyRequests || (http_status >= 500 && http_status <= 599)) {
        return Status::kRetryLater;
    }
    if (http_status >= 400 && http_status <= 499) return Status::kBadRequest;
    return Status::kServiceError;
}

bool is_success(uint16_t http_status) {
    return http_status >= 200 && http_status <= 299;
}

}  // namespace

void ApiError::set_error_string(std::string_view text) {
    uint16_t length = 0;
    error_truncated = text::copy_bounded_text(text, error, kMaxErrorStringLength, &length);
    error_length = static_cast<uint8_t>(length);
}

Status classify_api_error(Dialect dialect, uint16_t http_status, bool status_error,
                          std::string_view error) {
    if (is_success(http_status) && !status_error) return Status::kOk;
    switch (rule_for(error)) {
        case Rule::kAuthentication:
            return authentication_kind(dialect);
        case Rule::kCredentials:
            return Status::kBadCredentials;
        case Rule::kUserAuthorization:
            return Status::kAuthorizationRequired;
        case Rule::kNotRegistered:
            return Status::kFailedPrecondition;
        case Rule::kMissing:
            return Status::kNotFound;
        case Rule::kValidation:
            return Status::kBadRequest;
        case Rule::kByHttpStatus:
            break;
    }
    return kind_for_http_status(dialect, http_status);
}

bool is_device_not_registered(std::string_view error) {
    return error == "device_not_registered";
}

bool is_documented_error(std::string_view error) {
    for (const Entry& entry : kDocumented) {
        if (entry.error == error) return true;
    }
    return false;
}

}  // namespace net::parley

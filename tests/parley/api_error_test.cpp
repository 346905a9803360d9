// classify_api_error: every error string of docs/protocol.md §5 in both dialects, the HTTP
// codes without a string, and errors that arrive with HTTP 200.
#include <string>

#include "net/parley/api_error.h"

#include <CppUTest/TestHarness.h>

using hal::Status;
using net::parley::classify_api_error;
using net::parley::Dialect;

namespace {

constexpr Dialect kKpn = Dialect::kKpnGateway;
constexpr Dialect kDirect = Dialect::kParleyDirect;

struct Case {
    const char* error;
    uint16_t http_status;
    Status kpn;
    Status direct;
    bool by_http_status = false;  // the string names no kind: the HTTP status decides
};

// Each documented string with the HTTP status it most likely comes with.
const Case kDocumented[] = {
    {"authentication_required", 401, Status::kTokenInvalid, Status::kBadCredentials},
    {"authentication_not_valid", 401, Status::kTokenInvalid, Status::kBadCredentials},
    {"authentication_expired", 401, Status::kTokenInvalid, Status::kBadCredentials},
    {"api_key_not_valid", 401, Status::kBadCredentials, Status::kBadCredentials},
    {"device_not_registered", 400, Status::kFailedPrecondition, Status::kFailedPrecondition},
    {"device_requires_authorization", 401, Status::kAuthorizationRequired,
     Status::kAuthorizationRequired},
    {"message_not_found", 404, Status::kNotFound, Status::kNotFound},
    {"missing_message_or_image", 400, Status::kBadRequest, Status::kBadRequest},
    {"image_too_large", 400, Status::kBadRequest, Status::kBadRequest},
    {"invalid_image", 400, Status::kBadRequest, Status::kBadRequest},
    {"could_not_save_message", 400, Status::kBadRequest, Status::kBadRequest, true},
    {"invalid_message_type", 400, Status::kBadRequest, Status::kBadRequest},
    {"could_not_subscribe_device", 500, Status::kRetryLater, Status::kRetryLater, true},
    {"invalid_version_format", 400, Status::kBadRequest, Status::kBadRequest},
    {"invalid_media_type", 400, Status::kBadRequest, Status::kBadRequest},
    {"media_too_large", 400, Status::kBadRequest, Status::kBadRequest},
    {"media_not_uploaded", 400, Status::kBadRequest, Status::kBadRequest},
    {"missing_media", 400, Status::kBadRequest, Status::kBadRequest},
};

}  // namespace

TEST_GROUP(ApiError){};

TEST(ApiError, EveryDocumentedStringHasItsKindInBothDialects) {
    for (const Case& c : kDocumented) {
        CHECK_EQUAL_TEXT(c.kpn, classify_api_error(kKpn, c.http_status, true, c.error), c.error);
        CHECK_EQUAL_TEXT(c.direct, classify_api_error(kDirect, c.http_status, true, c.error),
                         c.error);
        CHECK_TRUE_TEXT(net::parley::is_documented_error(c.error), c.error);
    }
}

TEST(ApiError, TheStringDecidesEvenWithHttp200) {
    for (const Case& c : kDocumented) {
        const Status kind = classify_api_error(kKpn, 200, true, c.error);
        // The two "could not" strings fall back to the HTTP code: 200 gives no kind.
        const Status expected = c.by_http_status ? Status::kServiceError : c.kpn;
        CHECK_EQUAL_TEXT(expected, kind, c.error);
    }
}

TEST(ApiError, SuccessNeedsBothTheHttpStatusAndTheEnvelope) {
    CHECK_EQUAL(Status::kOk, classify_api_error(kKpn, 200, false, ""));
    CHECK_EQUAL(Status::kOk, classify_api_error(kKpn, 204, false, ""));
    CHECK_EQUAL(Status::kOk,
                classify_api_error(kKpn, 200, false, "device_successfully_subscribed"));
    CHECK_EQUAL(Status::kServiceError, classify_api_error(kKpn, 200, true, ""));
    CHECK_EQUAL(Status::kServiceError, classify_api_error(kKpn, 200, true, "something_new"));
}

TEST(ApiError, HttpCodesWithoutAStringMapByClass) {
    CHECK_EQUAL(Status::kTokenInvalid, classify_api_error(kKpn, 401, false, ""));
    CHECK_EQUAL(Status::kBadCredentials, classify_api_error(kDirect, 401, false, ""));
    CHECK_EQUAL(Status::kBadCredentials, classify_api_error(kKpn, 403, false, ""));
    CHECK_EQUAL(Status::kNotFound, classify_api_error(kKpn, 404, false, ""));
    CHECK_EQUAL(Status::kBadRequest, classify_api_error(kKpn, 400, false, ""));
    CHECK_EQUAL(Status::kBadRequest, classify_api_error(kKpn, 405, false, ""));
    CHECK_EQUAL(Status::kBadRequest, classify_api_error(kKpn, 412, false, ""));
    CHECK_EQUAL(Status::kRetryLater, classify_api_error(kKpn, 429, false, ""));
    CHECK_EQUAL(Status::kRetryLater, classify_api_error(kKpn, 500, false, ""));
    CHECK_EQUAL(Status::kRetryLater, classify_api_error(kKpn, 503, true, "unknown_thing"));
    CHECK_EQUAL(Status::kServiceError, classify_api_error(kKpn, 302, false, ""));
    CHECK_EQUAL(Status::kServiceError, classify_api_error(kKpn, 600, false, ""));
}

TEST(ApiError, UndocumentedStringsFollowTheNamingPatterns) {
    CHECK_EQUAL(Status::kBadRequest, classify_api_error(kKpn, 400, true, "invalid_push_token"));
    CHECK_EQUAL(Status::kBadRequest, classify_api_error(kKpn, 400, true, "missing_version"));
    CHECK_EQUAL(Status::kBadRequest, classify_api_error(kKpn, 413, true, "message_too_large"));
    CHECK_EQUAL(Status::kTokenInvalid, classify_api_error(kKpn, 401, true, "authentication_new"));
    CHECK_FALSE(net::parley::is_documented_error("invalid_push_token"));
}

TEST(ApiError, DeviceNotRegisteredIsRecognisable) {
    CHECK_TRUE(net::parley::is_device_not_registered("device_not_registered"));
    CHECK_FALSE(net::parley::is_device_not_registered("device_requires_authorization"));
}

TEST(ApiError, ErrorStringsAreKeptBoundedAndTerminated) {
    net::parley::ApiError error;
    error.set_error_string("message_not_found");
    STRCMP_EQUAL("message_not_found", error.error);
    CHECK_FALSE(error.error_truncated);
    const std::string long_error(net::parley::kMaxErrorStringLength + 20, 'e');
    error.set_error_string(long_error);
    CHECK_TRUE(error.error_truncated);
    CHECK_EQUAL(net::parley::kMaxErrorStringLength, error.error_string().size());
    CHECK_EQUAL('\0', error.error[net::parley::kMaxErrorStringLength]);
}

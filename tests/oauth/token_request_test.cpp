#include <string>

#include "net/oauth/token_request.h"

#include <CppUTest/TestHarness.h>

TEST_GROUP(TokenRequest) {
    char body[256];
    std::string write(std::string_view id, std::string_view secret) {
        const hal::Result<size_t> n =
            net::oauth::write_token_request_body(id, secret, hal::CharSpan(body));
        return n.ok() ? std::string(body, n.value())
                      : std::string("error:") + hal::to_string(n.status());
    }
};

TEST(TokenRequest, FormEncodesIdAndSecret) {
    STRCMP_EQUAL("client_id=abc&client_secret=s3cr3t", write("abc", "s3cr3t").c_str());
}

TEST(TokenRequest, EncodesPlusSlashEqualsAndSpaces) {
    STRCMP_EQUAL("client_id=a%2Bb%2Fc%3D&client_secret=x+y%26z%3D%3D",
                 write("a+b/c=", "x y&z==").c_str());
}

TEST(TokenRequest, EmptyIdOrSecretIsRefused) {
    STRCMP_EQUAL("error:invalid-argument", write("", "s").c_str());
    STRCMP_EQUAL("error:invalid-argument", write("id", "").c_str());
}

TEST(TokenRequest, ShortBufferIsReportedAndLeavesNoSecretBehind) {
    char small[24];
    const hal::Result<size_t> n =
        net::oauth::write_token_request_body("id", "topsecretvalue", hal::CharSpan(small));
    CHECK_EQUAL(hal::Status::kBufferTooSmall, n.status());
    for (const char c : small)
        CHECK_EQUAL(0, c);
}

TEST(TokenRequest, HttpStatusesMapToRetryPolicy) {
    CHECK_EQUAL(hal::Status::kOk, net::oauth::status_for_token_http_status(200));
    CHECK_EQUAL(hal::Status::kBadCredentials, net::oauth::status_for_token_http_status(401));
    CHECK_EQUAL(hal::Status::kBadCredentials, net::oauth::status_for_token_http_status(400));
    CHECK_EQUAL(hal::Status::kBadCredentials, net::oauth::status_for_token_http_status(403));
    CHECK_EQUAL(hal::Status::kRetryLater, net::oauth::status_for_token_http_status(429));
    CHECK_EQUAL(hal::Status::kRetryLater, net::oauth::status_for_token_http_status(503));
    CHECK_EQUAL(hal::Status::kServiceError, net::oauth::status_for_token_http_status(302));
    CHECK_EQUAL(hal::Status::kServiceError, net::oauth::status_for_token_http_status(404));
}

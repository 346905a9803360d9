#include <string>

#include "net/oauth/token_response.h"

#include <CppUTest/TestHarness.h>

namespace {

// The example response of docs/protocol.md §4, byte for byte in its shape.
constexpr const char* kDocumentedResponse = R"({
  "refresh_token_expires_in" : "0",
  "api_product_list" : "[Messenger - Parley]",
  "api_product_list_json" : [ "KPN-v1-Demo" ],
  "organization_name" : "kpn",
  "developer.email" : "someone@example.com",
  "token_type" : "BearerToken",
  "issued_at" : "1521039195424",
  "client_id" : "aGVsbG8",
  "access_token" : "haf2SDl07E9N7RluNQ4kJ1TkGgso",
  "application_name" : "9a2b-demo",
  "scope" : "",
  "expires_in" : "3599",
  "refresh_count" : "0",
  "status" : "approved"
})";

std::string with(const char* extra_fields) {
    return std::string(R"({"access_token":"tok","expires_in":"60")") + extra_fields + "}";
}

}  // namespace

TEST_GROUP(TokenResponse) {
    net::oauth::TokenGrant grant;

    hal::Status decode(const std::string& body) {
        return net::oauth::decode_token_response(body, &grant);
    }
};

TEST(TokenResponse, DecodesTheDocumentedExample) {
    CHECK_EQUAL(hal::Status::kOk, decode(kDocumentedResponse));
    STRCMP_EQUAL("haf2SDl07E9N7RluNQ4kJ1TkGgso", grant.token);
    CHECK_EQUAL(28U, grant.token_length);
    CHECK_EQUAL(3599U, grant.expires_in_s);
    CHECK_EQUAL(1521039195424LL, grant.issued_at_ms);
}

TEST(TokenResponse, AcceptsNumbersAsNumbersToo) {
    CHECK_EQUAL(hal::Status::kOk,
                decode(R"({"access_token":"t","expires_in":3599,"issued_at":1521039195424})"));
    CHECK_EQUAL(3599U, grant.expires_in_s);
    CHECK_EQUAL(1521039195424LL, grant.issued_at_ms);
}

TEST(TokenResponse, AcceptsBothTokenTypeSpellings) {
    CHECK_EQUAL(hal::Status::kOk, decode(with(R"(,"token_type":"Bearer")")));
    CHECK_EQUAL(hal::Status::kOk, decode(with(R"(,"token_type":"BearerToken")")));
    CHECK_EQUAL(hal::Status::kOk, decode(with(R"(,"token_type":"bearer")")));
    CHECK_EQUAL(hal::Status::kCorrupt, decode(with(R"(,"token_type":"MAC")")));
}

TEST(TokenResponse, AcceptsBothDeveloperEmailSpellingsAndIgnoresUnknownFields) {
    CHECK_EQUAL(hal::Status::kOk, decode(with(R"(,"developer_email":"a@b.c")")));
    CHECK_EQUAL(hal::Status::kOk, decode(with(R"(,"developer.email":"a@b.c")")));
    CHECK_EQUAL(hal::Status::kOk, decode(with(R"(,"new_field":{"nested":[1,2]},"another":null)")));
}

TEST(TokenResponse, MissingOrNonNumericExpiresInIsCorrupt) {
    CHECK_EQUAL(hal::Status::kCorrupt, decode(R"({"access_token":"t"})"));
    CHECK_EQUAL(hal::Status::kCorrupt, decode(R"({"access_token":"t","expires_in":"soon"})"));
    CHECK_EQUAL(hal::Status::kCorrupt, decode(R"({"access_token":"t","expires_in":"0"})"));
    CHECK_EQUAL(hal::Status::kCorrupt, decode(R"({"access_token":"t","expires_in":"-5"})"));
    CHECK_EQUAL(hal::Status::kCorrupt, decode(R"({"access_token":"t","expires_in":"12.5"})"));
    CHECK_EQUAL(hal::Status::kCorrupt, decode(R"({"access_token":"t","expires_in":null})"));
    CHECK_EQUAL(0U, grant.token_length);
}

TEST(TokenResponse, HugeLifetimesAreClamped) {
    CHECK_EQUAL(hal::Status::kOk, decode(R"({"access_token":"t","expires_in":"99999999999"})"));
    CHECK_EQUAL(net::oauth::kMaxLifetimeS, grant.expires_in_s);
}

TEST(TokenResponse, MissingEmptyOrNonStringTokenIsCorrupt) {
    CHECK_EQUAL(hal::Status::kCorrupt, decode(R"({"expires_in":"60"})"));
    CHECK_EQUAL(hal::Status::kCorrupt, decode(R"({"access_token":"","expires_in":"60"})"));
    CHECK_EQUAL(hal::Status::kCorrupt, decode(R"({"access_token":12,"expires_in":"60"})"));
}

TEST(TokenResponse, TokenLongerThanItsBufferIsTooLargeNotTruncated) {
    const std::string long_token(net::oauth::kMaxTokenLength + 1, 'a');
    CHECK_EQUAL(hal::Status::kTooLarge,
                decode(R"({"access_token":")" + long_token + R"(","expires_in":"60"})"));
    CHECK_EQUAL(0U, grant.token_length);
    const std::string max_token(net::oauth::kMaxTokenLength, 'b');
    CHECK_EQUAL(hal::Status::kOk,
                decode(R"({"access_token":")" + max_token + R"(","expires_in":"60"})"));
    CHECK_EQUAL(net::oauth::kMaxTokenLength, grant.token_length);
}

TEST(TokenResponse, BadIssuedAtIsCorrupt) {
    CHECK_EQUAL(hal::Status::kCorrupt, decode(with(R"(,"issued_at":"yesterday")")));
    CHECK_EQUAL(hal::Status::kOk, decode(with(R"(,"issued_at":null)")));
    CHECK_EQUAL(-1, grant.issued_at_ms);
}

TEST(TokenResponse, StatusOtherThanApprovedMeansBadCredentials) {
    CHECK_EQUAL(hal::Status::kBadCredentials, decode(with(R"(,"status":"revoked")")));
    CHECK_EQUAL(hal::Status::kOk, decode(with(R"(,"status":"approved")")));
}

TEST(TokenResponse, ErrorBodiesAndGarbageAreRefused) {
    CHECK_EQUAL(hal::Status::kCorrupt,
                decode(R"({"ErrorCode":"invalid_client","Error":"ClientId is Invalid"})"));
    CHECK_EQUAL(hal::Status::kCorrupt, decode("<html>502 Bad Gateway</html>"));
    CHECK_EQUAL(hal::Status::kCorrupt, decode(R"(["access_token","expires_in"])"));
    CHECK_EQUAL(hal::Status::kTooLarge, decode(std::string(net::oauth::kMaxResponseSize + 1, ' ')));
}

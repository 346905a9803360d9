// OAuthTokenSource over the real HttpClient against a scripted server: the request it
// sends, how it reads each answer, and that the secret never reaches the log.
#include <cstring>
#include <string>
#include <vector>

#include "firmware/token/oauth_token_source.h"
#include "hal/log.h"
#include "net/oauth/token_request.h"
#include "net/url/url.h"
#include "tests/http/scripted_socket.h"

#include <CppUTest/TestHarness.h>

namespace {

constexpr const char* kSecret = "s3cr+t/=value";

class FixedCredentials final : public firmware::token::CredentialStore {
  public:
    hal::Status read_credentials(hal::CharSpan id, size_t* id_length, hal::CharSpan secret,
                                 size_t* secret_length) override {
        ++reads;
        if (!provisioned) return hal::Status::kNotFound;
        *id_length = copy("device-client", id);
        *secret_length = copy(kSecret, secret);
        return hal::Status::kOk;
    }
    bool provisioned = true;
    int reads = 0;

  private:
    static size_t copy(const char* text, hal::CharSpan out) {
        const size_t n = std::strlen(text);
        std::memcpy(out.data(), text, n);
        return n;
    }
};

class RecordingLog final : public hal::Log {
  public:
    void write(hal::LogLevel, std::string_view module, std::string_view message) override {
        lines.push_back(std::string(module) + ": " + std::string(message));
    }
    std::vector<std::string> lines;
};

std::string response(int status, const std::string& body) {
    return "HTTP/1.1 " + std::to_string(status) +
           " X\r\nContent-Type: application/json\r\nContent-Length: " +
           std::to_string(body.size()) + "\r\n\r\n" + body;
}

const std::string kGoodBody =
    R"({"token_type":"BearerToken","issued_at":"1521039195424",)"
    R"("access_token":"haf2SDl07E9N7RluNQ4kJ1TkGgso","expires_in":"3599","status":"approved"})";

}  // namespace

TEST_GROUP(OAuthTokenSource) {
    test::FakeClock clock{0};
    http_test::ScriptedSocket socket{clock, 7, 42};
    net::url::Url origin = net::url::parse_url("https://api-prd.kpn.com").value();
    uint8_t work[1024];
    uint8_t answer[net::oauth::kMaxResponseSize];
    net::http::HttpClient http{socket, clock, origin, hal::ByteSpan(work)};
    FixedCredentials credentials;
    firmware::token::OAuthTokenSource source{http, net::oauth::kTokenPath, credentials,
                                             hal::ByteSpan(answer)};
    net::oauth::TokenGrant grant;
    RecordingLog log;

    void setup() override {
        hal::set_log(&log);
    }
    void teardown() override {
        hal::set_log(nullptr);
    }

    void serve(int status, const std::string& body) {
        socket.add({hal::Status::kOk, {{response(status, body)}}});
    }
    hal::Status ask() {
        return source.request(&grant, clock.now_ms() + 5000);
    }
};

TEST(OAuthTokenSource, PostsFormEncodedCredentialsToTheTokenEndpoint) {
    serve(200, kGoodBody);
    CHECK_EQUAL(hal::Status::kOk, ask());
    const std::string sent = socket.sent(0);
    STRCMP_CONTAINS(
        "POST /oauth/client_credential/accesstoken?grant_type=client_credentials HTTP/1.1\r\n",
        sent.c_str());
    STRCMP_CONTAINS("Host: api-prd.kpn.com\r\n", sent.c_str());
    STRCMP_CONTAINS("Content-Type: application/x-www-form-urlencoded\r\n", sent.c_str());
    STRCMP_CONTAINS("\r\n\r\nclient_id=device-client&client_secret=s3cr%2Bt%2F%3Dvalue",
                    sent.c_str());
    STRCMP_EQUAL("haf2SDl07E9N7RluNQ4kJ1TkGgso", grant.token);
    CHECK_EQUAL(3599U, grant.expires_in_s);
    CHECK_EQUAL(200, source.last_http_status());
}

TEST(OAuthTokenSource, RefusedCredentialsAreBadCredentials) {
    serve(401, R"({"ErrorCode":"invalid_client","Error":"ClientId is Invalid"})");
    CHECK_EQUAL(hal::Status::kBadCredentials, ask());
    CHECK_EQUAL(401, source.last_http_status());
    CHECK_EQUAL(0U, grant.token_length);
}

TEST(OAuthTokenSource, OverloadAndServerErrorsAreRetryLater) {
    // Two answers on one kept-alive connection.
    socket.add(
        {hal::Status::kOk, {{response(429, "{}")}, {response(503, "<html>unavailable</html>")}}});
    CHECK_EQUAL(hal::Status::kRetryLater, ask());
    CHECK_EQUAL(hal::Status::kRetryLater, ask());
    CHECK_EQUAL(1U, socket.connects());
}

TEST(OAuthTokenSource, AMalformedSuccessIsCorrupt) {
    serve(200, R"({"access_token":"x"})");
    CHECK_EQUAL(hal::Status::kCorrupt, ask());
}

TEST(OAuthTokenSource, AnErrorBodyLargerThanTheBufferStillReportsTheStatus) {
    serve(400, std::string(net::oauth::kMaxResponseSize + 100, 'x'));
    CHECK_EQUAL(hal::Status::kBadCredentials, ask());
}

TEST(OAuthTokenSource, UnprovisionedDeviceSendsNothing) {
    credentials.provisioned = false;
    serve(200, kGoodBody);
    CHECK_EQUAL(hal::Status::kBadCredentials, ask());
    CHECK_EQUAL(0U, socket.connects());
}

TEST(OAuthTokenSource, TheSecretNeverReachesTheLog) {
    // A hostile error body that echoes the request.
    socket.add(
        {hal::Status::kOk,
         {{response(400, std::string("client_secret=") + kSecret)}, {response(200, kGoodBody)}}});
    CHECK_EQUAL(hal::Status::kBadCredentials, ask());
    CHECK_EQUAL(hal::Status::kOk, ask());
    CHECK(!log.lines.empty());
    for (const std::string& line : log.lines) {
        CHECK_FALSE(line.find("s3cr") != std::string::npos);
        CHECK_FALSE(line.find("haf2SDl07E9N7RluNQ4kJ1TkGgso") != std::string::npos);
    }
}

// Token lifecycle end to end over HTTP: the second boot uses the kept token.
class MemoryStorage final : public firmware::token::TokenStorage {
  public:
    hal::Status load(firmware::token::KeptToken* out) override {
        if (!has) return hal::Status::kNotFound;
        *out = kept;
        return hal::Status::kOk;
    }
    hal::Status save(const firmware::token::KeptToken& token) override {
        kept = token;
        has = true;
        return hal::Status::kOk;
    }
    firmware::token::KeptToken kept;
    bool has = false;
};

TEST(OAuthTokenSource, ASecondBootMakesNoTokenRequest) {
    MemoryStorage storage;
    serve(200, kGoodBody);
    clock.set_wall_seconds(1521039195424 / 1000 + 5);
    {
        firmware::token::TokenKeeper first(storage, source, clock);
        first.boot();
        CHECK_TRUE(first.token(clock.now_ms() + 5000).ok());
        CHECK_EQUAL(1U, first.requests_made());
    }
    test::FakeClock rebooted{0, 1521039195424 / 1000 + 600};
    firmware::token::TokenKeeper second(storage, source, rebooted);
    second.boot();
    const hal::Result<std::string_view> token = second.token(5000);
    CHECK_TRUE(token.ok());
    STRCMP_EQUAL("haf2SDl07E9N7RluNQ4kJ1TkGgso", std::string(token.value()).c_str());
    CHECK_EQUAL(0U, second.requests_made());
    CHECK_EQUAL(1U, socket.connects());
}

#include "firmware/token/oauth_token_source.h"

#include "hal/log.h"
#include "hal/secure_wipe.h"
#include "net/oauth/token_request.h"

namespace firmware::token {
namespace {

constexpr const char* kLogModule = "oauth";

constexpr net::http::Header kAcceptJson[] = {{"Accept", "application/json"}};
constexpr net::http::QueryParam kGrantType[] = {{"grant_type", "client_credentials"}};

}  // namespace

OAuthTokenSource::OAuthTokenSource(net::http::HttpClient& http, std::string_view token_path,
                                   CredentialStore& credentials, hal::ByteSpan response)
    : http_(http), token_path_(token_path), credentials_(credentials), response_(response) {}

hal::Result<size_t> OAuthTokenSource::write_body(hal::CharSpan body) {
    char id[kMaxClientIdLength];
    char secret[kMaxClientSecretLength];
    size_t id_length = 0;
    size_t secret_length = 0;
    hal::Status status = credentials_.read_credentials(hal::CharSpan(id), &id_length,
                                                       hal::CharSpan(secret), &secret_length);
    hal::Result<size_t> written = status;
    if (status == hal::Status::kOk) {
        written = net::oauth::write_token_request_body(
            std::string_view(id, id_length), std::string_view(secret, secret_length), body);
    }
    hal::secure_wipe(secret, sizeof secret);
    hal::secure_wipe(id, sizeof id);
    if (written.status() == hal::Status::kNotFound) {
        HAL_LOG_ERROR(kLogModule, "no credentials provisioned");
        return hal::Status::kBadCredentials;
    }
    return written;
}

// The body is written into the answer's buffer: the HttpClient sends all of it before it
// stores any byte of the answer there (HttpClient::request_into). Both hold secrets, so
// the buffer is wiped afterwards.
hal::Status OAuthTokenSource::request(net::oauth::TokenGrant* out, hal::Millis deadline) {
    auto* body = reinterpret_cast<char*>(response_.data());
    const hal::Result<size_t> length = write_body(hal::CharSpan(body, response_.size()));
    hal::Status status = length.status();
    if (length.ok()) {
        status = exchange(hal::as_bytes(std::string_view(body, length.value())), out, deadline);
    }
    hal::secure_wipe(response_.data(), response_.size());
    return status;
}

hal::Status OAuthTokenSource::exchange(hal::ConstByteSpan body, net::oauth::TokenGrant* out,
                                       hal::Millis deadline) {
    net::http::Request request;
    request.method = net::http::Method::kPost;
    request.path = token_path_;
    request.query = hal::Span<const net::http::QueryParam>(kGrantType);
    request.headers = hal::Span<const net::http::Header>(kAcceptJson);
    request.content_type = net::oauth::kFormContentType;
    request.body = body;

    net::http::ResponseHead head;
    last_http_status_ = 0;
    const hal::Result<size_t> received = http_.request_into(request, response_, &head, deadline);
    last_http_status_ = head.status;
    const hal::Status by_http = net::oauth::status_for_token_http_status(head.status);
    if (head.status != 0 && by_http != hal::Status::kOk) {
        HAL_LOG_WARN(kLogModule, "token endpoint answered HTTP %u", unsigned{head.status});
        return by_http;
    }
    if (!received.ok()) return received.status();
    const std::string_view text(reinterpret_cast<const char*>(response_.data()), received.value());
    return net::oauth::decode_token_response(text, out);
}

}  // namespace firmware::token

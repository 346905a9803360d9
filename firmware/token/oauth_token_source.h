// OAuthTokenSource: the TokenSource of a real device. It reads the provisioned client
// id and secret, POSTs them form-encoded to the token endpoint (docs/protocol.md §4) over the
// given HttpClient (TLS), and decodes the answer. The secret exists in RAM only inside
// request(), in stack buffers wiped before it returns; it is never logged. Error bodies
// are logged as their HTTP status only (a body could echo the request).
#pragma once

#include <cstddef>
#include <string_view>

#include "firmware/token/token_keeper.h"
#include "hal/result.h"
#include "hal/span.h"
#include "net/http/http_client.h"
#include "net/oauth/oauth_config.h"

namespace firmware::token {

constexpr size_t kMaxClientIdLength = net::oauth::kMaxClientIdLength;
constexpr size_t kMaxClientSecretLength = net::oauth::kMaxClientSecretLength;
// The longest token request body: "client_id=" + "&client_secret=", every character of
// the longest id and secret escaped (3 bytes each).
constexpr size_t kMaxRequestBodyLength = 32 + 3 * (kMaxClientIdLength + kMaxClientSecretLength);

// Where the credentials live (the settings store on a device).
class CredentialStore {
  public:
    // Copies the client id and secret into the buffers (sized kMaxClientIdLength and
    // kMaxClientSecretLength); kNotFound when the device was never provisioned.
    virtual hal::Status read_credentials(hal::CharSpan id, size_t* id_length, hal::CharSpan secret,
                                         size_t* secret_length) = 0;

  protected:
    ~CredentialStore() = default;
};

class OAuthTokenSource final : public TokenSource {
  public:
    // token_path: the path of the token URL on the HttpClient's origin, e.g.
    // "/oauth/client_credential/accesstoken" (net::oauth::kTokenPath).
    // response: room for the request body (kMaxRequestBodyLength), then for the
    // endpoint's answer (net::oauth::kMaxResponseSize); wiped after each request. The API
    // client lends its capture buffer.
    OAuthTokenSource(net::http::HttpClient& http, std::string_view token_path,
                     CredentialStore& credentials, hal::ByteSpan response);

    // Errors: kBadCredentials (not provisioned, or 400/401/403), kRetryLater (429, 5xx),
    // kServiceError (other statuses), kCorrupt/kTooLarge (a bad 200 body), transport kinds
    // and kOutcomeUnknown from the HttpClient.
    hal::Status request(net::oauth::TokenGrant* out, hal::Millis deadline) override;

    // The HTTP status of the last answer (0 when none), for diagnostics.
    int last_http_status() const { return last_http_status_; }

  private:
    hal::Result<size_t> write_body(hal::CharSpan body);
    hal::Status exchange(hal::ConstByteSpan body, net::oauth::TokenGrant* out,
                         hal::Millis deadline);

    net::http::HttpClient& http_;
    std::string_view token_path_;
    CredentialStore& credentials_;
    hal::ByteSpan response_;
    int last_http_status_ = 0;
};

}  // namespace firmware::token

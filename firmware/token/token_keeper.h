// TokenKeeper: owns the access token's lifecycle (docs/protocol.md §4, docs/design.md §6).
// At boot it loads the token kept in flash; it asks the token endpoint for a new one
// only when the kept one is within its renewal margin or the API refused it (401), and
// saves every new token, so a reboot inside a token's life costs no request.
// Bad credentials are never retried in a loop: they stick until new ones are provisioned.
// No heap; the token lives in this object (a secret: never logged).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "firmware/token/token_config.h"  // kTokenRefusalBackoffMs
#include "hal/clock.h"
#include "hal/result.h"
#include "hal/time.h"
#include "net/oauth/token_response.h"

namespace firmware::token {

// What is kept in flash: the token and when it expires on the wall clock.
struct KeptToken {
    net::oauth::TokenGrant grant;
    int64_t expires_at_s = -1;  // epoch seconds; -1 when the wall clock was unknown
};

// Persistence seam (the settings store on a device; a fake in tests).
class TokenStorage {
  public:
    // kNotFound when nothing is kept.
    virtual hal::Status load(KeptToken* out) = 0;
    virtual hal::Status save(const KeptToken& token) = 0;

  protected:
    ~TokenStorage() = default;
};

// The token request seam (OAuth client credentials over HTTPS on a device).
class TokenSource {
  public:
    // Errors: kBadCredentials (400/401/403: do not retry), kRetryLater, transport kinds.
    virtual hal::Status request(net::oauth::TokenGrant* out, hal::Millis deadline) = 0;

  protected:
    ~TokenSource() = default;
};

class TokenKeeper {
  public:
    TokenKeeper(TokenStorage& storage, TokenSource& source, hal::Clock& clock);
    TokenKeeper(const TokenKeeper&) = delete;
    TokenKeeper& operator=(const TokenKeeper&) = delete;

    // Loads the kept token (if any) and schedules its renewal on this boot's clock.
    // A missing or unreadable token is not an error: the first token() requests one.
    void boot();

    // A token valid for the next API call, requesting a new one when due. The view lives
    // until the next call that renews. Errors: the source's (kBadCredentials sticks until
    // credentials_changed()), kRetryLater during the refusal backoff.
    hal::Result<std::string_view> token(hal::Millis deadline);

    // The API answered 401 with this token: renew before the next call.
    void refused();
    // The API accepted the token (clears the refusal streak).
    void accepted() { refusals_ = 0; }
    // New credentials were provisioned: forget a sticky kBadCredentials and the token.
    void credentials_changed();

    // True when the next token() will ask the token endpoint (the messenger renews as a
    // step of its own rather than inside an API call).
    bool renewal_due(hal::Millis now) const;
    bool has_token() const { return kept_.grant.token_length > 0; }
    hal::Millis renew_at() const { return renew_at_ms_; }
    // Token requests made since construction (the demo prints it: 0 after a reboot).
    uint32_t requests_made() const { return requests_; }

  private:
    hal::Status renew(hal::Millis deadline);
    void forget();  // wipes the token and marks it stale

    TokenStorage& storage_;
    TokenSource& source_;
    hal::Clock& clock_;
    // The token in use, as kept in flash. A renewal writes the answer straight into it (a
    // failed one leaves it empty and stale), so no second grant is ever on the stack.
    KeptToken kept_;
    hal::Millis renew_at_ms_ = 0;
    hal::Millis retry_after_ms_ = 0;
    uint32_t requests_ = 0;
    uint8_t refusals_ = 0;
    bool stale_ = true;  // no usable token, or refused by the API
    bool bad_credentials_ = false;
};

}  // namespace firmware::token

// SettingsTokenStore: the token keeper's persistence and credential seams on top of the
// settings store in flash (firmware/settings). The token is kept encrypted there by the
// store; credentials are read only for the moment the token request needs them.
// The settings record has no lifetime field: it is rebuilt from expires_at - issued_at,
// and when that is unknown the renewal margin defaults to its cap (3 minutes).
#pragma once

#include "firmware/settings/settings.h"
#include "firmware/token/oauth_token_source.h"
#include "firmware/token/token_keeper.h"

namespace firmware::token {

class SettingsTokenStore final : public TokenStorage, public CredentialStore {
  public:
    explicit SettingsTokenStore(settings::Settings& settings) : settings_(settings) {}

    hal::Status load(KeptToken* out) override;
    hal::Status save(const KeptToken& token) override;
    hal::Status read_credentials(hal::CharSpan id, size_t* id_length, hal::CharSpan secret,
                                 size_t* secret_length) override;

  private:
    settings::Settings& settings_;
};

}  // namespace firmware::token

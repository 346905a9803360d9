#include "firmware/token/settings_token_store.h"

#include <cstring>

#include "net/oauth/oauth_config.h"

namespace firmware::token {
namespace {

uint32_t lifetime_of(const settings::Token& token) {
    if (token.issued_at_ms < 0 || token.expires_at_s < 0) return net::oauth::kMaxLifetimeS;
    const int64_t lifetime = token.expires_at_s - token.issued_at_ms / 1000;
    if (lifetime <= 0 || lifetime > int64_t{net::oauth::kMaxLifetimeS}) {
        return net::oauth::kMaxLifetimeS;
    }
    return static_cast<uint32_t>(lifetime);
}

hal::Status copy_text(std::string_view text, hal::CharSpan out, size_t* length) {
    if (text.size() > out.size()) return hal::Status::kBufferTooSmall;
    std::memcpy(out.data(), text.data(), text.size());
    *length = text.size();
    return hal::Status::kOk;
}

}  // namespace

hal::Status SettingsTokenStore::load(KeptToken* out) {
    settings::Token token;
    HAL_TRY(settings_.read_token(token));
    const std::string_view text = token.access_token.view();
    if (text.empty() || text.size() > net::oauth::kMaxTokenLength) return hal::Status::kCorrupt;
    *out = KeptToken{};
    std::memcpy(out->grant.token, text.data(), text.size());
    out->grant.token_length = text.size();
    out->grant.issued_at_ms = token.issued_at_ms;
    out->grant.expires_in_s = lifetime_of(token);
    out->expires_at_s = token.expires_at_s;
    return hal::Status::kOk;
}

hal::Status SettingsTokenStore::save(const KeptToken& kept) {
    settings::Token token;
    HAL_TRY(token.access_token.assign(kept.grant.token_view()));
    token.expires_at_s = kept.expires_at_s;
    token.issued_at_ms = kept.grant.issued_at_ms;
    return settings_.write_token(token);
}

hal::Status SettingsTokenStore::read_credentials(hal::CharSpan id, size_t* id_length,
                                                 hal::CharSpan secret, size_t* secret_length) {
    settings::Credentials credentials;
    HAL_TRY(settings_.read_credentials(credentials));
    HAL_TRY(copy_text(credentials.client_id.view(), id, id_length));
    return copy_text(credentials.client_secret.view(), secret, secret_length);
}

}  // namespace firmware::token

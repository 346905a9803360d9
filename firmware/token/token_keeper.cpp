#include "firmware/token/token_keeper.h"

#include "hal/log.h"
#include "net/oauth/token_expiry.h"

namespace firmware::token {
namespace {
constexpr const char* kLogModule = "token";
}  // namespace

TokenKeeper::TokenKeeper(TokenStorage& storage, TokenSource& source, hal::Clock& clock)
    : storage_(storage), source_(source), clock_(clock) {}

void TokenKeeper::boot() {
    KeptToken kept;
    const hal::Status loaded = storage_.load(&kept);
    if (loaded != hal::Status::kOk || kept.grant.token_length == 0) {
        if (loaded != hal::Status::kNotFound) {
            HAL_LOG_WARN(kLogModule, "kept token unreadable (%s)", hal::to_string(loaded));
        }
        stale_ = true;
        return;
    }
    grant_ = kept.grant;
    renew_at_ms_ = net::oauth::renew_deadline_after_boot(kept.expires_at_s, clock_.wall_seconds(),
                                                         clock_.now_ms(), grant_.expires_in_s);
    stale_ = false;
    HAL_LOG_INFO(kLogModule, "using the token kept in flash");
}

bool TokenKeeper::renewal_due(hal::Millis now) const {
    return stale_ || hal::deadline_passed(now, renew_at_ms_);
}

hal::Result<std::string_view> TokenKeeper::token(hal::Millis deadline) {
    if (bad_credentials_) return hal::Status::kBadCredentials;
    const hal::Millis now = clock_.now_ms();
    if (renewal_due(now)) {
        if (refusals_ > 1 && !hal::deadline_passed(now, retry_after_ms_)) {
            return hal::Status::kRetryLater;
        }
        HAL_TRY(renew(deadline));
    }
    return grant_.token_view();
}

hal::Status TokenKeeper::renew(hal::Millis deadline) {
    net::oauth::TokenGrant fresh;
    ++requests_;
    const hal::Status status = source_.request(&fresh, deadline);
    if (status == hal::Status::kBadCredentials) bad_credentials_ = true;
    if (status != hal::Status::kOk) {
        HAL_LOG_WARN(kLogModule, "token request failed (%s)", hal::to_string(status));
        return status;
    }
    const net::oauth::TokenSchedule schedule =
        net::oauth::schedule_for(fresh, clock_.wall_seconds(), clock_.now_ms());
    grant_ = fresh;
    renew_at_ms_ = schedule.renew_at_ms;
    stale_ = false;
    KeptToken kept{fresh, schedule.expires_at_s};
    const hal::Status saved = storage_.save(kept);
    if (saved != hal::Status::kOk) {
        // The token still works for this boot; the next boot just asks again.
        HAL_LOG_WARN(kLogModule, "could not keep the token (%s)", hal::to_string(saved));
    }
    HAL_LOG_INFO(kLogModule, "new token, valid %u s", static_cast<unsigned>(fresh.expires_in_s));
    return hal::Status::kOk;
}

void TokenKeeper::refused() {
    stale_ = true;
    if (refusals_ < UINT8_MAX) ++refusals_;
    retry_after_ms_ = clock_.now_ms() + kTokenRefusalBackoffMs;
}

void TokenKeeper::credentials_changed() {
    bad_credentials_ = false;
    refusals_ = 0;
    stale_ = true;
    grant_ = net::oauth::TokenGrant{};
}

}  // namespace firmware::token

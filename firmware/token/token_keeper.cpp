#include "firmware/token/token_keeper.h"

#include "hal/log.h"
#include "hal/secure_wipe.h"
#include "net/oauth/token_expiry.h"

namespace firmware::token {
namespace {
constexpr const char* kLogModule = "token";
}  // namespace

TokenKeeper::TokenKeeper(TokenStorage& storage, TokenSource& source, hal::Clock& clock)
    : storage_(storage), source_(source), clock_(clock) {}

void TokenKeeper::boot() {
    const hal::Status loaded = storage_.load(&kept_);
    if (loaded != hal::Status::kOk || kept_.grant.token_length == 0) {
        if (loaded != hal::Status::kNotFound) {
            HAL_LOG_WARN(kLogModule, "kept token unreadable (%s)", hal::to_string(loaded));
        }
        forget();
        return;
    }
    renew_at_ms_ = net::oauth::renew_deadline_after_boot(kept_.expires_at_s, clock_.wall_seconds(),
                                                         clock_.now_ms(), kept_.grant.expires_in_s);
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
    return kept_.grant.token_view();
}

// The old token is due for renewal and is never handed out again, so the answer is
// decoded straight over it.
hal::Status TokenKeeper::renew(hal::Millis deadline) {
    ++requests_;
    forget();
    const hal::Status status = source_.request(&kept_.grant, deadline);
    if (status == hal::Status::kBadCredentials) bad_credentials_ = true;
    if (status != hal::Status::kOk) {
        forget();  // a failed answer may have left part of a token
        HAL_LOG_WARN(kLogModule, "token request failed (%s)", hal::to_string(status));
        return status;
    }
    const net::oauth::TokenSchedule schedule =
        net::oauth::schedule_for(kept_.grant, clock_.wall_seconds(), clock_.now_ms());
    kept_.expires_at_s = schedule.expires_at_s;
    renew_at_ms_ = schedule.renew_at_ms;
    stale_ = false;
    const hal::Status saved = storage_.save(kept_);
    if (saved != hal::Status::kOk) {
        // The token still works for this boot; the next boot just asks again.
        HAL_LOG_WARN(kLogModule, "could not keep the token (%s)", hal::to_string(saved));
    }
    HAL_LOG_INFO(kLogModule, "new token, valid %u s",
                 static_cast<unsigned>(kept_.grant.expires_in_s));
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
    forget();
}

static_assert(KeptToken{}.expires_at_s == -1 && KeptToken{}.grant.issued_at_ms == -1,
              "forget() restores every default that is not zero");

void TokenKeeper::forget() {
    hal::secure_wipe(&kept_, sizeof kept_);
    kept_.grant.issued_at_ms = -1;  // the defaults that are not zero
    kept_.expires_at_s = -1;
    stale_ = true;
}

}  // namespace firmware::token

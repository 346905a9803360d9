#include "net/oauth/token_expiry.h"

#include "net/oauth/oauth_config.h"

namespace net::oauth {
namespace {

constexpr uint32_t kMsPerSecond = 1000;

// Seconds from now until renewal, never negative, never past kMaxLifetimeS.
uint32_t seconds_until_renewal(int64_t expires_at_s, int64_t now_s, uint32_t lifetime_s) {
    const int64_t renew_at = expires_at_s - int64_t{renew_margin_s(lifetime_s)};
    if (renew_at <= now_s) return 0;
    const int64_t left = renew_at - now_s;
    return left > int64_t{kMaxLifetimeS} ? kMaxLifetimeS : static_cast<uint32_t>(left);
}

// Where the lifetime starts: the server's issued_at when it agrees with our clock
// within kMaxClockSkewS (it then accounts for time in flight), else receipt time.
int64_t lifetime_start_s(const TokenGrant& grant, int64_t wall_now_s) {
    if (grant.issued_at_ms < 0) return wall_now_s;
    const int64_t issued_s = grant.issued_at_ms / kMsPerSecond;
    const int64_t skew = issued_s > wall_now_s ? issued_s - wall_now_s : wall_now_s - issued_s;
    return skew <= kMaxClockSkewS ? issued_s : wall_now_s;
}

}  // namespace

uint32_t renew_margin_s(uint32_t lifetime_s) {
    const uint32_t percent = static_cast<uint32_t>(uint64_t{lifetime_s} * kRenewPercent / 100);
    return percent < kRenewMaxMarginS ? percent : kRenewMaxMarginS;
}

TokenSchedule schedule_for(const TokenGrant& grant, hal::Result<int64_t> wall_now,
                           hal::Millis mono_now) {
    const uint32_t lifetime = grant.expires_in_s;
    TokenSchedule schedule{-1, mono_now + (lifetime - renew_margin_s(lifetime)) * kMsPerSecond};
    if (!wall_now.ok()) return schedule;
    schedule.expires_at_s = lifetime_start_s(grant, wall_now.value()) + int64_t{lifetime};
    schedule.renew_at_ms =
        mono_now +
        seconds_until_renewal(schedule.expires_at_s, wall_now.value(), lifetime) * kMsPerSecond;
    return schedule;
}

hal::Millis renew_deadline_after_boot(int64_t expires_at_s, hal::Result<int64_t> wall_now,
                                      hal::Millis mono_now, uint32_t lifetime_s) {
    if (expires_at_s < 0 || !wall_now.ok()) {
        // Unknown: keep using it; the service's 401 is the signal to renew.
        return mono_now + kMaxLifetimeS * kMsPerSecond;
    }
    return mono_now +
           seconds_until_renewal(expires_at_s, wall_now.value(), lifetime_s) * kMsPerSecond;
}

}  // namespace net::oauth

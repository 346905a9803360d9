// When to renew a token. The expiry is kept as wall-clock epoch seconds (it survives a
// reboot in the settings store) and, for the running session, as a renewal deadline on
// the monotonic 32-bit millisecond clock (wrap-safe, hal/time.h).
// Expiry = issued_at/1000 + expires_in when the device trusts its wall clock and the
// server sent issued_at, otherwise receipt time + expires_in (docs/protocol.md §4).
#pragma once

#include <cstdint>

#include "hal/result.h"
#include "hal/time.h"
#include "net/oauth/token_response.h"

namespace net::oauth {

// Seconds before expiry at which a token of this lifetime is renewed:
// kRenewPercent of the lifetime, at most kRenewMaxMarginS.
uint32_t renew_margin_s(uint32_t lifetime_s);

struct TokenSchedule {
    int64_t expires_at_s;     // epoch seconds; -1 when the wall clock was unknown
    hal::Millis renew_at_ms;  // monotonic: renew at or after this instant
};

// wall_now: the device's wall clock (kUnavailable on a board without RTC).
// mono_now: the monotonic clock at receipt.
TokenSchedule schedule_for(const TokenGrant& grant, hal::Result<int64_t> wall_now,
                           hal::Millis mono_now);

// For a token loaded from flash after a reboot: its renewal deadline on this boot's
// monotonic clock. Unknown wall time (-1 expiry or clock) → use the token until the
// service refuses it (a 401 renews it). Already inside the margin → renew now.
hal::Millis renew_deadline_after_boot(int64_t expires_at_s, hal::Result<int64_t> wall_now,
                                      hal::Millis mono_now, uint32_t lifetime_s);

}  // namespace net::oauth

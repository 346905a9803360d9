#include "firmware/messenger/backoff.h"

namespace firmware::messenger {
namespace {

constexpr uint32_t kMaxDoublings = 31;

bool never_retried(hal::Status s) {
    return s == hal::Status::kBadCredentials || s == hal::Status::kAuthorizationRequired ||
           s == hal::Status::kBadRequest || s == hal::Status::kInvalidArgument ||
           s == hal::Status::kUnsupported || hal::is_tls_rejection(s);
}

}  // namespace

uint32_t full_jitter_ms(uint32_t attempt, uint32_t base_ms, uint32_t cap_ms, uint32_t random) {
    const uint32_t doublings = attempt < kMaxDoublings ? attempt : kMaxDoublings;
    const uint64_t ceiling = uint64_t{base_ms} << doublings;
    const uint64_t window = ceiling < cap_ms ? ceiling : cap_ms;
    return static_cast<uint32_t>(uint64_t{random} % (window + 1));
}

RetryPolicy::Decision RetryPolicy::after_failure(hal::Status status, int64_t retry_after_s,
                                                 uint32_t random) {
    if (never_retried(status)) return {false, 0};
    const uint32_t jitter = full_jitter_ms(attempt_, config_.base_ms, config_.cap_ms, random);
    if (attempt_ < UINT32_MAX) ++attempt_;
    if (retry_after_s < 0) return {true, jitter};
    const uint64_t asked_ms = static_cast<uint64_t>(retry_after_s) * 1000;
    const uint32_t capped = asked_ms < config_.retry_after_cap_ms ? static_cast<uint32_t>(asked_ms)
                                                                  : config_.retry_after_cap_ms;
    // The server's wish is a floor; jitter on top would only delay more, so use it as is.
    return {true, capped};
}

}  // namespace firmware::messenger

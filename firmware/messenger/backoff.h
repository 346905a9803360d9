// Backoff after failures (docs/design.md §4, docs/protocol.md §11): full jitter as a pure
// function of the attempt and a random number the caller injects (so tests are exact),
// and a RetryPolicy that decides, per Status kind, whether and when to try again:
// transient kinds back off, a server's Retry-After is honoured (capped), and bad
// credentials or bad requests are never retried in a loop.
#pragma once

#include <cstdint>

#include "hal/status.h"

namespace firmware::messenger {

struct BackoffConfig {
    uint32_t base_ms = 1000;                       // the first retry waits up to this
    uint32_t cap_ms = 5 * 60 * 1000;               // no wait longer than this (jitter included)
    uint32_t retry_after_cap_ms = 15 * 60 * 1000;  // a server's Retry-After is capped here
};

// Full jitter: a uniformly spread wait in [0, min(cap, base * 2^attempt)].
uint32_t full_jitter_ms(uint32_t attempt, uint32_t base_ms, uint32_t cap_ms, uint32_t random);

class RetryPolicy {
  public:
    explicit RetryPolicy(BackoffConfig config = BackoffConfig{}) : config_(config) {}

    struct Decision {
        bool retry;         // false: stop until something changes (credentials, input)
        uint32_t delay_ms;  // when retry: wait this long
    };

    // After a failed operation. retry_after_s: the server's Retry-After in seconds, or
    // negative when it sent none. random: from hal::Entropy (any 32-bit value).
    Decision after_failure(hal::Status status, int64_t retry_after_s, uint32_t random);
    // After a success: the next failure starts from the base again.
    void after_success() { attempt_ = 0; }

    uint32_t attempt() const { return attempt_; }

  private:
    BackoffConfig config_;
    uint32_t attempt_ = 0;
};

}  // namespace firmware::messenger

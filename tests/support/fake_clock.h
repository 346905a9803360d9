// FakeClock: a hal::Clock the test moves by hand. Optionally advances by a fixed step on
// every now_ms() call, so code that loops until a deadline terminates without sleeping.
#pragma once

#include <cstdint>

#include "hal/clock.h"

namespace test {

class FakeClock final : public hal::Clock {
  public:
    explicit FakeClock(hal::Millis start_ms = 0, int64_t wall_seconds = 1'700'000'000)
        : now_(start_ms), wall_(wall_seconds) {}

    hal::Millis now_ms() override {
        const hal::Millis now = now_;
        now_ += step_;
        return now;
    }
    hal::Result<int64_t> wall_seconds() override {
        if (!wall_known_) return hal::Status::kUnavailable;
        return wall_;
    }
    void set_wall_seconds(int64_t seconds) override {
        wall_ = seconds;
        wall_known_ = true;
    }

    void advance(hal::Millis ms) { now_ += ms; }
    void set_now(hal::Millis ms) { now_ = ms; }
    void set_step(hal::Millis ms) { step_ = ms; }
    void forget_wall() { wall_known_ = false; }

  private:
    hal::Millis now_;
    hal::Millis step_ = 0;
    int64_t wall_;
    bool wall_known_ = true;
};

}  // namespace test

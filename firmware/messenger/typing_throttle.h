// TypingThrottle: when to tell the service the user is typing (docs/protocol.md §9):
// startTyping at most once per 20 s while keys are pressed, stopTyping after 15 s
// without a key, and right after a message is sent. Pure logic on the monotonic clock.
#pragma once

#include <cstdint>

#include "hal/time.h"

namespace firmware::messenger {

struct TypingConfig {
    hal::Millis start_every_ms = 20000;
    hal::Millis stop_after_ms = 15000;
};

class TypingThrottle {
  public:
    enum class Event : uint8_t { kNone, kStart, kStop };

    explicit TypingThrottle(TypingConfig config = TypingConfig{}) : config_(config) {}

    // The user pressed a key.
    void key_pressed(hal::Millis now);
    // A message went out: typing is over.
    void message_sent();
    // What to send now, if anything; call sent() once it went out.
    Event due(hal::Millis now) const;
    void sent(Event event, hal::Millis now);
    // When due() may next say something (for the messenger's schedule); `now` if due.
    hal::Millis next_due(hal::Millis now) const;
    bool active() const { return announced_; }

  private:
    TypingConfig config_;
    hal::Millis last_key_ = 0;
    hal::Millis last_start_ = 0;
    bool typing_ = false;     // keys pressed recently
    bool announced_ = false;  // the service was told "start" and not yet "stop"
};

}  // namespace firmware::messenger

#include "firmware/messenger/typing_throttle.h"

namespace firmware::messenger {

void TypingThrottle::key_pressed(hal::Millis now) {
    last_key_ = now;
    typing_ = true;
}

void TypingThrottle::message_sent() {
    typing_ = false;
}

TypingThrottle::Event TypingThrottle::due(hal::Millis now) const {
    const bool idle = !typing_ || hal::deadline_passed(now, last_key_ + config_.stop_after_ms);
    if (announced_ && idle) return Event::kStop;
    if (!idle && (!announced_ || hal::deadline_passed(now, last_start_ + config_.start_every_ms))) {
        return Event::kStart;
    }
    return Event::kNone;
}

void TypingThrottle::sent(Event event, hal::Millis now) {
    if (event == Event::kStart) {
        announced_ = true;
        last_start_ = now;
    } else if (event == Event::kStop) {
        announced_ = false;
        typing_ = false;
    }
}

hal::Millis TypingThrottle::next_due(hal::Millis now) const {
    if (due(now) != Event::kNone) return now;
    if (!typing_) return now + config_.start_every_ms;  // nothing pending: any later time
    const hal::Millis stop_at = last_key_ + config_.stop_after_ms;
    if (!announced_) return now;
    const hal::Millis restart_at = last_start_ + config_.start_every_ms;
    return hal::deadline_passed(restart_at, stop_at) ? stop_at : restart_at;
}

}  // namespace firmware::messenger

// Messages for the kiosk's tests (tests/kiosk, and the whole app in tests/apps): an
// agent's reply at a given time.
#pragma once

#include <cstdint>

#include "net/parley/message.h"

namespace kiosk_test {

// 1'800'000'000 s is 08:00:00 UTC.
constexpr int64_t kEightOClock = 1'800'000'000;

// A text from agent `name` (nullptr: no agent object) at `time`.
inline net::parley::Message agent_message(const char* name, const char* text, int64_t time) {
    net::parley::Message m;
    m.id = 20001;
    m.type_id = 2;
    m.type = net::parley::MessageType::kAgent;
    m.time = time;
    m.has_text = true;
    m.text.assign(text);
    if (name != nullptr) {
        m.agent.present = true;
        m.agent.name.assign(name);
    }
    return m;
}

}  // namespace kiosk_test

// Messages for the kiosk's tests (tests/kiosk, and the whole app in tests/apps): an
// agent's reply at a given time.
#pragma once

#include <cstdint>
#include <string>

#include "firmware/messenger/messenger.h"
#include "net/parley/message.h"

namespace kiosk_test {

// 1'800'000'000 s is 08:00:00 UTC.
constexpr int64_t kEightOClock = 1'800'000'000;

// A received message as the messenger hands it over: its fields, and its text (which
// arrives before them, in pieces).
struct Incoming : net::parley::Message {
    std::string text;
};

// A text from agent `name` (nullptr: no agent object) at `time`.
inline Incoming agent_message(const char* name, const char* text, int64_t time) {
    Incoming m;
    m.id = 20001;
    m.type_id = 2;
    m.type = net::parley::MessageType::kAgent;
    m.time = time;
    m.has_text = true;
    m.text = text;
    m.text_bytes = static_cast<uint32_t>(m.text.size());
    if (name != nullptr) {
        m.agent.present = true;
        m.agent.name.assign(name);
    }
    return m;
}

// Hands `m` to `listener` as the messenger does: the text in pieces of `piece` bytes
// (ASCII texts only: the cut is not at character boundaries), then the message.
inline void deliver(firmware::messenger::MessengerListener& listener, const Incoming& m,
                    size_t piece = 7) {
    for (size_t at = 0; at < m.text.size(); at += piece)
        listener.on_message_text(std::string_view(m.text).substr(at, piece));
    listener.on_message(m);
}

}  // namespace kiosk_test

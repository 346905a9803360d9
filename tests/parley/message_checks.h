// Invariants every decoded Message must hold, whatever bytes it came from: each
// string NUL-terminated within its capacity and no longer than its length, counts
// within their arrays, enums within their ranges. Aborts otherwise (the fuzz targets
// use it: an abort is a finding).
#pragma once

#include <cstdlib>
#include <cstring>

#include "net/parley/message.h"

namespace parley_test {

template <size_t N>
void check_text(const net::text::BoundedText<N>& text) {
    if (text.length > N || text.data[text.length] != '\0') std::abort();
    if (std::strlen(text.data) > text.length) std::abort();
}

inline void check_message(const net::parley::Message& m) {
    using net::parley::kMaxButtons;
    using net::parley::kMaxQuickReplies;
    check_text(m.title);
    check_text(m.image);
    check_text(m.agent.id);
    check_text(m.agent.name);
    check_text(m.agent.avatar);
    check_text(m.media.id);
    check_text(m.media.mime_type);
    check_text(m.media.year);
    check_text(m.media.month);
    check_text(m.media.day);
    check_text(m.media.filename);
    check_text(m.media.description);
    if (m.button_count > kMaxButtons || m.quick_reply_count > kMaxQuickReplies) std::abort();
    for (size_t i = 0; i < m.button_count; ++i) {
        check_text(m.buttons[i].title);
        check_text(m.buttons[i].payload);
        if (m.buttons[i].type > net::parley::ButtonType::kReply) std::abort();
    }
    for (size_t i = 0; i < m.quick_reply_count; ++i)
        check_text(m.quick_replies[i]);
    if (m.type > net::parley::MessageType::kAgentSystem) std::abort();
    if (m.has_text == false && m.text_bytes != 0) std::abort();
}

}  // namespace parley_test

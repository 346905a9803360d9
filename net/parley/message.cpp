#include "net/parley/message.h"

namespace net::parley {
namespace {

bool agent_truncated(const Agent& a) {
    return a.id.truncated || a.name.truncated || a.avatar.truncated;
}

bool media_truncated(const Media& m) {
    return m.id.truncated || m.mime_type.truncated || m.year.truncated || m.month.truncated ||
           m.day.truncated || m.filename.truncated || m.description.truncated;
}

bool lists_truncated(const Message& m) {
    if (m.buttons_dropped || m.quick_replies_dropped) return true;
    for (size_t i = 0; i < m.button_count; ++i) {
        if (m.buttons[i].title.truncated || m.buttons[i].payload.truncated) return true;
    }
    for (size_t i = 0; i < m.quick_reply_count; ++i) {
        if (m.quick_replies[i].truncated) return true;
    }
    if (m.carousel_count > m.kept_carousel_items()) return true;
    for (size_t i = 0; i < m.kept_carousel_items(); ++i) {
        if (m.carousel[i].title.truncated || m.carousel[i].text.truncated) return true;
    }
    return false;
}

}  // namespace

bool Message::truncated() const {
    return title.truncated || image.truncated || agent_truncated(agent) || media_truncated(media) ||
           lists_truncated(*this);
}

}  // namespace net::parley

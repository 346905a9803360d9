#include "boards/host/console_format.h"

#include <ctime>

#include "hal/format.h"
#include "net/parley/legacy_image.h"
#include "net/text/utf8.h"

namespace boards::host {

std::string clock_time(int64_t unix_seconds) {
    if (unix_seconds <= 0) return "--:--";
    const std::time_t t = static_cast<std::time_t>(unix_seconds);
    std::tm local{};
    localtime_r(&t, &local);
    char text[8];
    std::strftime(text, sizeof text, "%H:%M", &local);
    return text;
}

std::string sender(const net::parley::Message& message) {
    if (message.agent.present && !message.agent.name.empty()) {
        return std::string(message.agent.name.view());
    }
    return message.type == net::parley::MessageType::kSystem ? "System" : "Service desk";
}

// Text from the service with every control character (C0, DEL, C1) shown as U+FFFD, so
// nothing it sends can drive the terminal; `multiline` keeps line breaks and tabs.
std::string printable(std::string_view text, bool multiline) {
    std::string out;
    out.reserve(text.size());
    for (size_t i = 0; i < text.size();) {
        const size_t control = net::text::control_character_length(text, i);
        const bool line_break_or_tab = control == 1 && (text[i] == '\n' || text[i] == '\t');
        if (control == 0 || (multiline && line_break_or_tab)) {
            out += text[i++];
            continue;
        }
        out += line_break_or_tab ? " " : "\xEF\xBF\xBD";
        i += control;
    }
    return out;
}

namespace {

std::string button_line(const net::parley::Button& b, const char* indent) {
    const char* tag = "[button] ";
    switch (b.type) {
        case net::parley::ButtonType::kReply:
            tag = "[reply] ";
            break;
        case net::parley::ButtonType::kWebUrl:
            tag = "[link] ";
            break;
        case net::parley::ButtonType::kPhoneNumber:
            tag = "[call] ";
            break;
        case net::parley::ButtonType::kUnknown:
            break;
    }
    std::string line = std::string(indent) + tag + printable(b.title.view(), false);
    if (b.type != net::parley::ButtonType::kReply && !b.payload.empty()) {
        line += (b.title.empty() ? "" : ": ") + printable(b.payload.view(), false);
    }
    return line + "\n";
}

std::string buttons_of(const net::parley::Message& m, uint8_t item, const char* indent) {
    std::string out;
    for (uint8_t i = 0; i < m.button_count; ++i) {
        if (m.buttons[i].item == item) out += button_line(m.buttons[i], indent);
    }
    return out;
}

}  // namespace

std::string date_time(int64_t unix_seconds) {
    if (unix_seconds <= 0) return "---------- --:--";
    const std::time_t t = static_cast<std::time_t>(unix_seconds);
    std::tm local{};
    localtime_r(&t, &local);
    char text[32];
    std::strftime(text, sizeof text, "%Y-%m-%d %H:%M", &local);
    return text;
}

std::string attachment_kind(std::string_view mime_type, bool legacy_image) {
    if (mime_type.empty() && legacy_image) return "image";
    return mime_type.substr(0, 6) == "image/" ? "image" : "file";
}

std::string format_attachment_saved(std::string_view kind, std::string_view name, uint64_t bytes,
                                    const std::string& saved_as) {
    char size[32];
    const size_t length = hal::format_rounded_size(hal::CharSpan(size), bytes);
    return "[" + std::string(kind) + ": " + std::string(name) + ", " +
           std::string(size, length < sizeof size ? length : sizeof size - 1) + ", saved to " +
           saved_as + "]\n";
}

std::string format_attachment_not_saved(std::string_view kind, std::string_view name,
                                        const std::string& why) {
    return "[" + std::string(kind) + ": " + std::string(name) + ", not saved: " + why + "]\n";
}

std::string format_message(const net::parley::Message& m, std::string_view text) {
    return format_message_as(m, text, sender(m) + " (" + clock_time(m.time) + ")");
}

std::string format_message_as(const net::parley::Message& m, std::string_view text,
                              const std::string& heading) {
    std::string out = printable(heading, false) + ": ";
    if (!m.title.empty()) out += "[" + printable(m.title.view(), false) + "] ";
    out += printable(text, true);
    if (m.media.present) {
        out += " [" + attachment_kind(m.media.mime_type.view(), false) + ": " +
               printable(m.media.filename.view(), false) + "]";
    } else if (!m.image.empty()) {
        out += " [image: " + printable(net::parley::image_file_name(m.image.view()), false) + "]";
    }
    out += "\n";
    out += buttons_of(m, 0, "    ");
    for (size_t i = 0; i < m.kept_carousel_items(); ++i) {
        const net::parley::CarouselItem& item = m.carousel[i];
        out += "    * " + printable(item.title.empty() ? "(untitled)" : item.title.view(), false);
        if (!item.text.empty()) out += ": " + printable(item.text.view(), false);
        out += "\n" + buttons_of(m, static_cast<uint8_t>(i + 1), "        ");
    }
    if (m.carousel_count > m.kept_carousel_items()) {
        out += "    (" + std::to_string(m.carousel_count - m.kept_carousel_items()) + " more)\n";
    }
    for (uint8_t i = 0; i < m.quick_reply_count; ++i) {
        out += "    - " + printable(m.quick_replies[i].view(), false) + "\n";
    }
    return out;
}

}  // namespace boards::host

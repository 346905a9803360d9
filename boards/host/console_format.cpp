#include "boards/host/console_format.h"

#include <ctime>

#include "hal/format.h"
#include "net/parley/legacy_image.h"

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
    std::string out = sender(m) + " (" + clock_time(m.time) + "): ";
    if (!m.title.empty()) out += "[" + std::string(m.title.view()) + "] ";
    out += std::string(text);
    if (m.media.present) {
        out += " [" + attachment_kind(m.media.mime_type.view(), false) + ": " +
               std::string(m.media.filename.view()) + "]";
    } else if (!m.image.empty()) {
        out += " [image: " + std::string(net::parley::image_file_name(m.image.view())) + "]";
    }
    out += "\n";
    for (uint8_t i = 0; i < m.quick_reply_count; ++i) {
        out +=
            "    /" + std::to_string(i + 1) + "  " + std::string(m.quick_replies[i].view()) + "\n";
    }
    for (uint8_t i = 0; i < m.button_count; ++i) {
        out += "    [" + std::string(m.buttons[i].title.view()) + "] " +
               std::string(m.buttons[i].payload.view()) + "\n";
    }
    return out;
}

}  // namespace boards::host

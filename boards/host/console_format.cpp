#include "boards/host/console_format.h"

#include <ctime>

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

std::string date_time(int64_t unix_seconds) {
    if (unix_seconds <= 0) return "---------- --:--";
    const std::time_t t = static_cast<std::time_t>(unix_seconds);
    std::tm local{};
    localtime_r(&t, &local);
    char text[32];
    std::strftime(text, sizeof text, "%Y-%m-%d %H:%M", &local);
    return text;
}

std::string format_message(const net::parley::Message& m, std::string_view text) {
    return format_message_as(m, text, sender(m) + " (" + clock_time(m.time) + ")");
}

std::string format_message_as(const net::parley::Message& m, std::string_view text,
                              const std::string& heading) {
    std::string out = heading + ": ";
    if (!m.title.empty()) out += "[" + std::string(m.title.view()) + "] ";
    out += std::string(text);
    if (m.media.present) {
        out += " [attachment: " + std::string(m.media.filename.view()) + "]";
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

// How the host apps print messages from the service desk: "Alice (14:03): text",
// with its buttons (reply buttons by title, links and phone numbers with their targets),
// its carousel items with their buttons, and its quick replies listed under it. The
// ticket app offers nothing to pick, so nothing is numbered. Control characters the
// service sent are shown as U+FFFD.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "net/parley/message.h"

namespace boards::host {

// "14:03" in local time, "--:--" when the message has no time.
std::string clock_time(int64_t unix_seconds);
// The sender's display name: the agent's name, "Service desk" when unnamed.
std::string sender(const net::parley::Message& message);
// `text` with control characters shown as U+FFFD (line breaks and tabs kept when
// `multiline`).
std::string printable(std::string_view text, bool multiline);
// "image" for an image/* type or a legacy image without one, "file" for any other (the
// kiosk's words, firmware/apps/kiosk/attachment.h).
std::string attachment_kind(std::string_view mime_type, bool legacy_image);
// "[image: photo.jpg, 34 KB, saved to DIR/photo.jpg]\n".
std::string format_attachment_saved(std::string_view kind, std::string_view name, uint64_t bytes,
                                    const std::string& saved_as);
// "[image: photo.jpg, not saved: why]\n".
std::string format_attachment_not_saved(std::string_view kind, std::string_view name,
                                        const std::string& why);
// All lines for one message (ends with '\n').
std::string format_message(const net::parley::Message& message, std::string_view text);

// "2026-12-05 14:03" in local time, "---------- --:--" when the message has no time
// (the history spans days, where the hour alone would not do).
std::string date_time(int64_t unix_seconds);
// The lines of format_message under another heading: "<heading>: text", then the
// quick replies and buttons.
std::string format_message_as(const net::parley::Message& message, std::string_view text,
                              const std::string& heading);

}  // namespace boards::host

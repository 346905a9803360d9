// The message object of docs/protocol.md §7 as a fixed-size value: every small string has a
// capacity from parley_config.h and is cut at a character boundary (and flagged) when
// longer. The first kMaxCarouselItems carousel items keep their title and text, and their
// buttons join the message's own (Button::item says whose); all are counted. The text is not part
// of it (it streams to the handler in pieces), so a Message is about 5 KB with the default sizes,
// whatever the text's length.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>

#include "net/parley/parley_config.h"
#include "net/text/bounded_text.h"

namespace net::parley {

// typeId: who wrote the message.
enum class MessageType : uint8_t {
    kUnknown = 0,
    kUser = 1,         // sent by this device's user
    kAgent = 2,        // an agent (person or bot)
    kSystem = 3,       // automatic/informational message from the system
    kUserSilent = 4,   // silent system message from the user
    kAgentSystem = 5,  // system message from the agent
};

// status: how far a message got (v1.9); kNone when the service did not say.
enum class DeliveryStatus : uint8_t {
    kNone = 0,
    kReceived = 2,   // received by the API
    kDelivered = 3,  // delivered to the device
    kRead = 4,       // read by the user
};

enum class ButtonType : uint8_t { kUnknown, kWebUrl, kPhoneNumber, kReply };

struct Agent {
    bool present = false;
    text::BoundedText<kMaxIdTextLength> id;  // the service sends an int or a string: kept as text
    text::BoundedText<kMaxNameLength> name;
    text::BoundedText<kMaxUrlLength> avatar;
    bool is_typing = false;
};

struct Media {
    bool present = false;
    text::BoundedText<kMaxIdTextLength> id;
    text::BoundedText<kMaxMimeTypeLength> mime_type;
    // Date parts of the download path, as sent (numbers are written in decimal).
    text::BoundedText<8> year;
    text::BoundedText<8> month;
    text::BoundedText<8> day;
    text::BoundedText<kMaxFilenameLength> filename;
    text::BoundedText<kMaxDescriptionLength> description;
};

struct Button {
    text::BoundedText<kMaxNameLength> title;
    text::BoundedText<kMaxUrlLength> payload;
    ButtonType type = ButtonType::kUnknown;
    uint8_t item = 0;  // 0: the message's own; k: carousel item k (carousel[k - 1])
};

// An element of "carousel" (message-like): what a screen lists of it. Its buttons are in
// Message::buttons with `item` set.
struct CarouselItem {
    text::BoundedText<kMaxNameLength> title;
    text::BoundedText<kMaxTitleLength> text;  // its "message"
};

struct Message {
    uint64_t id = 0;   // server id, increasing; the dedupe key
    int64_t time = 0;  // Unix seconds; 0 when absent
    MessageType type = MessageType::kUnknown;
    uint8_t type_id = 0;  // typeId as sent (0 when absent or out of range)
    DeliveryStatus status = DeliveryStatus::kNone;
    bool has_text = false;  // "message" was a string (null or absent for pure media)
    // The text itself is not kept: it reached the handler in pieces (MessageHandler::
    // on_text) before the message; this is its length in bytes of UTF-8.
    uint32_t text_bytes = 0;
    text::BoundedText<kMaxTitleLength> title;
    text::BoundedText<kMaxUrlLength> image;  // legacy image path
    Agent agent;
    Media media;
    uint8_t button_count = 0;
    uint8_t quick_reply_count = 0;
    bool buttons_dropped = false;        // more than kMaxButtons were sent
    bool quick_replies_dropped = false;  // more than kMaxQuickReplies were sent
    Button buttons[kMaxButtons];
    text::BoundedText<kMaxNameLength> quick_replies[kMaxQuickReplies];
    uint16_t carousel_count = 0;  // items in "carousel"; the first kMaxCarouselItems are kept
    std::array<CarouselItem, kMaxCarouselItems> carousel;

    // Carousel items kept (carousel[0 .. kept_carousel_items() - 1]).
    size_t kept_carousel_items() const {
        return carousel_count > kMaxCarouselItems ? kMaxCarouselItems : carousel_count;
    }

    // True when any string was cut or any list lost entries.
    bool truncated() const;
};

}  // namespace net::parley

#include "net/parley/message_decoder.h"

#include "net/json/json_integer.h"
#include "net/json/json_raw.h"
#include "net/text/ascii.h"
#include "net/text/number.h"

namespace net::parley {
namespace {

constexpr int64_t kMaxTypeId = 255;
// Carousel items are decoded at all (PARLEY_PARLEY_MAX_CAROUSEL_ITEMS > 0): each test of
// the item state starts with it, so a build that keeps none has none of that code.
constexpr bool kItems = kMaxCarouselItems > 0;

// The field a key names in `table`; the enum's zero (kNone) for any other key.
template <typename Entry, size_t N>
auto lookup(const Entry (&table)[N], std::string_view key) -> decltype(table[0].field) {
    for (const Entry& entry : table) {
        if (entry.key == key) return entry.field;
    }
    return {};
}

ButtonType button_type(std::string_view name) {
    if (name == "webUrl") return ButtonType::kWebUrl;
    if (name == "phoneNumber") return ButtonType::kPhoneNumber;
    if (name == "reply") return ButtonType::kReply;
    return ButtonType::kUnknown;
}

void set_kind(int64_t type_id, Message* m) {
    m->type_id = type_id > 0 && type_id <= kMaxTypeId ? static_cast<uint8_t>(type_id) : 0;
    const bool known = m->type_id >= static_cast<uint8_t>(MessageType::kUser) &&
                       m->type_id <= static_cast<uint8_t>(MessageType::kAgentSystem);
    m->type = known ? static_cast<MessageType>(m->type_id) : MessageType::kUnknown;
}

void set_status(int64_t status, Message* m) {
    const bool known = status >= static_cast<int64_t>(DeliveryStatus::kReceived) &&
                       status <= static_cast<int64_t>(DeliveryStatus::kRead);
    m->status = known ? static_cast<DeliveryStatus>(status) : DeliveryStatus::kNone;
}

void clear_agent(Agent* agent) {
    agent->present = false;
    agent->id.clear();
    agent->name.clear();
    agent->avatar.clear();
    agent->is_typing = false;
}

void clear_media(Media* media) {
    media->present = false;
    media->id.clear();
    media->mime_type.clear();
    media->year.clear();
    media->month.clear();
    media->day.clear();
    media->filename.clear();
    media->description.clear();
}

// The page's agent id: a string, or an integer written in decimal.
template <size_t N>
void read_id_text(json::RawValue value, text::BoundedText<N>* out) {
    if (value.read_text(out)) return;
    const hal::Result<int64_t> number = value.as_int64();
    char digits[text::kMaxDecimalLength];
    out->assign(number.ok() ? text::signed_decimal(number.value(), digits) : std::string_view());
}

}  // namespace

void MessageDecoder::begin() {
    clear_message(&scratch_);
    stream_.reset();
    depth_ = 0;
    member_ = Field::kNone;
    inner_ = Field::kNone;
    string_ = Field::kNone;
    string_started_ = false;
    seen_ = 0;
    inner_seen_ = 0;
    bad_root_ = false;
    have_id_ = false;
    button_open_ = false;
    item_ = 0;
    item_buttons_ = false;
    item_seen_ = 0;
    small_.clear();
}

void MessageDecoder::feed(std::string_view json) {
    stream_.feed(json);
}

json::ElementProgress MessageDecoder::feed_element(std::string_view bytes) {
    json::ElementProgress progress;
    progress.taken = stream_.feed_value(bytes);
    if (stream_.complete()) {
        progress.state = json::ElementProgress::State::kEnded;
    } else if (stream_.failed()) {
        progress.state = json::ElementProgress::State::kBroken;
        progress.depth = static_cast<uint32_t>(stream_.depth());
        progress.in_string = stream_.failed_in_string();
    }
    return progress;
}

void MessageDecoder::end() {
    hal::Status status = stream_.finish();
    if (status == hal::Status::kOk && (bad_root_ || !have_id_)) status = hal::Status::kCorrupt;
    if (status != hal::Status::kOk) {
        if (status != hal::Status::kTooLarge) status = hal::Status::kCorrupt;
        return handler_.on_skipped(have_id_ ? scratch_.id : 0, status);
    }
    handler_.on_message(scratch_);
}

bool MessageDecoder::first_time(Field field) {
    const bool item = field >= Field::kItemTitle;
    const bool inner = field >= Field::kAgentId;
    uint32_t& seen = item ? item_seen_ : inner ? inner_seen_ : seen_;
    const uint32_t bit = 1u << static_cast<uint8_t>(field);
    if ((seen & bit) != 0) return false;
    seen |= bit;
    return true;
}

// The field of the value that starts now, at depth_ (containers around it), with the
// bookkeeping of list elements; kNone for values nobody reads (and repeats).
MessageDecoder::Field MessageDecoder::value_field() {
    if (depth_ == 1) return first_time(member_) ? member_ : Field::kNone;
    if (depth_ == 2) {
        if (member_ == Field::kAgent || member_ == Field::kMedia) {
            return first_time(inner_) ? inner_ : Field::kNone;
        }
        if (member_ == Field::kCarousel && scratch_.carousel_count < UINT16_MAX) {
            ++scratch_.carousel_count;
        }
        if (member_ == Field::kQuickReplies) return Field::kQuickReply;
        return Field::kNone;
    }
    const bool message_button = depth_ == 3 && member_ == Field::kButtons && button_open_;
    return message_button || in_item_member() ? first_time(inner_) ? inner_ : Field::kNone
                                              : Field::kNone;
}

// The value starting now is a member of a kept carousel item (depth 3) or of one of its
// kept buttons (depth 5).
bool MessageDecoder::in_item_member() const {
    if (!kItems) return false;
    return (depth_ == 3 && item_ != 0) || (depth_ == 5 && item_buttons_ && button_open_);
}

void MessageDecoder::on_open(bool object) {
    if (depth_ == 0) {
        bad_root_ = !object;
    } else {
        const Field field = value_field();
        if (depth_ == 1) {
            const bool is_object_member = field == Field::kAgent || field == Field::kMedia;
            const bool is_list_member = field == Field::kButtons || field == Field::kQuickReplies ||
                                        field == Field::kCarousel;
            const bool right_type = object ? is_object_member : is_list_member;
            member_ = right_type ? field : Field::kNone;
            inner_seen_ = 0;
            if (member_ == Field::kAgent) scratch_.agent.present = true;
            if (member_ == Field::kMedia) scratch_.media.present = true;
        } else if (depth_ == 2 && member_ == Field::kButtons && object) {
            open_button(0);
        } else if (kItems) {
            open_in_carousel(field, object);
        }
    }
    ++depth_;
    inner_ = Field::kNone;
}

// A container opens below "carousel" (depth_ 2 and more; `field` is its value_field()).
void MessageDecoder::open_in_carousel(Field field, bool object) {
    if (depth_ == 2 && member_ == Field::kCarousel && object) {
        // value_field() counted it: carousel_count is its 1-based index.
        item_ = scratch_.carousel_count <= kMaxCarouselItems
                    ? static_cast<uint8_t>(scratch_.carousel_count)
                    : 0;
        item_seen_ = 0;
    } else if (depth_ == 3 && item_ != 0) {
        item_buttons_ = field == Field::kItemButtons && !object;
    } else if (depth_ == 4 && item_buttons_ && object) {
        open_button(item_);
    }
}

// An element of a buttons list (the message's, or carousel item `item`'s) starts: kept
// while there is room.
void MessageDecoder::open_button(uint8_t item) {
    button_open_ = scratch_.button_count < kMaxButtons;
    if (button_open_) {
        if (kItems) scratch_.buttons[scratch_.button_count].item = item;
        ++scratch_.button_count;
        inner_seen_ = 0;
    } else {
        scratch_.buttons_dropped = true;
    }
}

void MessageDecoder::on_close() {
    --depth_;
    if (depth_ == 2) button_open_ = false;
    if (kItems) {
        if (depth_ == 4) button_open_ = false;
        if (depth_ == 3) item_buttons_ = false;
        if (depth_ == 2) item_ = 0;
    }
    if (depth_ == 1) member_ = Field::kNone;
}

void MessageDecoder::on_key(std::string_view key) {
    struct KeyField {
        std::string_view key;
        Field field;
    };
    static constexpr KeyField kRoot[] = {
        {"id", Field::kId},
        {"time", Field::kTime},
        {"message", Field::kText},
        {"typeId", Field::kTypeId},
        {"status", Field::kStatus},
        {"title", Field::kTitle},
        {"image", Field::kImage},
        {"agent", Field::kAgent},
        {"media", Field::kMedia},
        {"buttons", Field::kButtons},
        {"quickReplies", Field::kQuickReplies},
        {"carousel", Field::kCarousel},
    };
    static constexpr KeyField kAgentKeys[] = {
        {"id", Field::kAgentId},
        {"name", Field::kAgentName},
        {"avatar", Field::kAgentAvatar},
        {"isTyping", Field::kAgentTyping},
    };
    static constexpr KeyField kMediaKeys[] = {
        {"id", Field::kMediaId},
        {"mimeType", Field::kMediaMime},
        {"year", Field::kMediaYear},
        {"month", Field::kMediaMonth},
        {"day", Field::kMediaDay},
        {"filename", Field::kMediaFilename},
        {"description", Field::kMediaDescription},
    };
    static constexpr KeyField kButtonKeys[] = {
        {"title", Field::kButtonTitle},
        {"payload", Field::kButtonPayload},
        {"type", Field::kButtonType},
    };
    static constexpr KeyField kItemKeys[] = {
        {"title", Field::kItemTitle},
        {"message", Field::kItemText},
        {"buttons", Field::kItemButtons},
    };
    if (depth_ == 1) {
        member_ = lookup(kRoot, key);
    } else if (depth_ == 2 && member_ == Field::kAgent) {
        inner_ = lookup(kAgentKeys, key);
    } else if (depth_ == 2 && member_ == Field::kMedia) {
        inner_ = lookup(kMediaKeys, key);
    } else if (depth_ == 3 && button_open_) {
        inner_ = lookup(kButtonKeys, key);
    } else if (kItems && depth_ == 3 && item_ != 0) {
        inner_ = lookup(kItemKeys, key);
    } else if (kItems && depth_ == 5 && item_buttons_ && button_open_) {
        inner_ = lookup(kButtonKeys, key);
    }
}

void MessageDecoder::on_string(std::string_view piece, bool last) {
    const bool first = !string_started_;
    if (first) {
        if (depth_ == 0) bad_root_ = true;
        string_ = depth_ == 0 ? Field::kNone : value_field();
        string_started_ = true;
        small_.clear();
    }
    string_piece(string_, piece, first, last);
    if (last) {
        string_started_ = false;
        string_ = Field::kNone;
    }
}

void MessageDecoder::string_piece(Field field, std::string_view piece, bool first, bool last) {
    switch (field) {
        case Field::kNone:
            return;
        case Field::kText:
            scratch_.has_text = true;
            scratch_.text_bytes += static_cast<uint32_t>(piece.size());
            if (!piece.empty()) handler_.on_text(piece);
            return;
        case Field::kQuickReply:
            if (first) {
                if (scratch_.quick_reply_count == kMaxQuickReplies) {
                    scratch_.quick_replies_dropped = true;
                    string_ = Field::kNone;
                    return;
                }
                ++scratch_.quick_reply_count;
            }
            scratch_.quick_replies[scratch_.quick_reply_count - 1].append(piece);
            return;
        case Field::kId:
        case Field::kTime:
        case Field::kTypeId:
        case Field::kStatus:
        case Field::kAgentTyping:
        case Field::kButtonType:
            small_.append(piece);
            if (last) whole_string(field, small_.view());
            return;
        default:
            return append(field, piece);
    }
}

// Numbers and words sent as strings, read once whole.
void MessageDecoder::whole_string(Field field, std::string_view text) {
    if (small_.truncated) return;  // longer than any value these fields take
    if (field == Field::kAgentTyping) {
        scratch_.agent.is_typing = text == "true" || text == "1";
        return;
    }
    if (field == Field::kButtonType) {
        scratch_.buttons[scratch_.button_count - 1].type = button_type(text);
        return;
    }
    const hal::Result<int64_t> value = json::parse_integer_text(text);
    if (value.ok()) integer(field, value.value());
}

void MessageDecoder::on_scalar(std::string_view token) {
    if (depth_ == 0) {
        bad_root_ = true;
        return;
    }
    const Field field = value_field();
    if (field == Field::kAgentTyping) {
        scratch_.agent.is_typing = token == "true" || token == "1";
        return;
    }
    // null and the booleans leave the field absent without a number's parse.
    const bool number = token[0] == '-' || text::is_digit(token[0]);
    if (field == Field::kNone || !number) return;
    const hal::Result<int64_t> value = json::integer_from_number(token);
    if (value.ok()) integer(field, value.value());  // else a fraction or too large: absent
}

// An integer (a JSON number, or a numeric string where the field takes one).
void MessageDecoder::integer(Field field, int64_t value) {
    char digits[text::kMaxDecimalLength];
    switch (field) {
        case Field::kId:
            have_id_ = value >= 0;
            scratch_.id = have_id_ ? static_cast<uint64_t>(value) : 0;
            return;
        case Field::kTime:
            scratch_.time = value;
            return;
        case Field::kTypeId:
            return set_kind(value, &scratch_);
        case Field::kStatus:
            return set_status(value, &scratch_);
        case Field::kAgentId:
        case Field::kMediaId:
        case Field::kMediaYear:
        case Field::kMediaMonth:
        case Field::kMediaDay:  // ids and date parts are kept as text, in decimal
            return append(field, text::signed_decimal(value, digits));
        default:
            return;  // a number where a string belongs counts as absent
    }
}

void MessageDecoder::append(Field field, std::string_view piece) {
    Message& m = scratch_;
    switch (field) {
        case Field::kTitle:
            return m.title.append(piece);
        case Field::kImage:
            return m.image.append(piece);
        case Field::kAgentId:
            return m.agent.id.append(piece);
        case Field::kAgentName:
            return m.agent.name.append(piece);
        case Field::kAgentAvatar:
            return m.agent.avatar.append(piece);
        case Field::kMediaId:
            return m.media.id.append(piece);
        case Field::kMediaMime:
            return m.media.mime_type.append(piece);
        case Field::kMediaYear:
            return m.media.year.append(piece);
        case Field::kMediaMonth:
            return m.media.month.append(piece);
        case Field::kMediaDay:
            return m.media.day.append(piece);
        case Field::kMediaFilename:
            return m.media.filename.append(piece);
        case Field::kMediaDescription:
            return m.media.description.append(piece);
        case Field::kButtonTitle:
            return m.buttons[m.button_count - 1].title.append(piece);
        case Field::kButtonPayload:
            return m.buttons[m.button_count - 1].payload.append(piece);
        case Field::kItemTitle:
        case Field::kItemText:
            if constexpr (kItems) {
                CarouselItem& item = m.carousel[item_ - 1];
                if (field == Field::kItemTitle) {
                    item.title.append(piece);
                } else {
                    item.text.append(piece);
                }
            }
            return;
        default:
            return;
    }
}

void clear_message(Message* m) {
    m->id = 0;
    m->time = 0;
    m->type = MessageType::kUnknown;
    m->type_id = 0;
    m->status = DeliveryStatus::kNone;
    m->has_text = false;
    m->text_bytes = 0;
    m->title.clear();
    m->image.clear();
    clear_agent(&m->agent);
    clear_media(&m->media);
    m->button_count = 0;
    m->quick_reply_count = 0;
    m->buttons_dropped = false;
    m->quick_replies_dropped = false;
    m->carousel_count = 0;
    for (Button& button : m->buttons) {
        button.title.clear();
        button.payload.clear();
        button.type = ButtonType::kUnknown;
        if (kItems) button.item = 0;
    }
    for (CarouselItem& item : m->carousel) {
        item.title.clear();
        item.text.clear();
    }
    for (auto& reply : m->quick_replies)
        reply.clear();
}

hal::Status decode_agent(std::string_view json, Agent* out) {
    clear_agent(out);
    HAL_TRY(json::validate(json));
    const json::RawValue value(json);
    if (!value.is_object()) return hal::Status::kCorrupt;
    out->present = true;
    read_id_text(value["id"], &out->id);
    value["name"].read_text(&out->name);
    value["avatar"].read_text(&out->avatar);
    out->is_typing = flag_from_json(value["isTyping"].raw());
    return hal::Status::kOk;
}

bool flag_from_json(std::string_view raw) {
    return raw == "true" || raw == "1" || raw == "\"true\"" || raw == "\"1\"";
}

}  // namespace net::parley

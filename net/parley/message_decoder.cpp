#include "net/parley/message_decoder.h"

#include "net/json/json_member_lookup.h"
#include "net/text/number.h"

namespace net::parley {
namespace {

using json::Value;

constexpr int64_t kMaxTypeId = 255;

// A string value, or an integer written in decimal (ids arrive both ways). `digits`
// holds the decimal form; empty for anything else.
std::string_view text_of(Value value, char (&digits)[text::kMaxDecimalLength]) {
    const hal::Result<std::string_view> text = value.as_string();
    if (text.ok()) return text.value();
    const hal::Result<int64_t> number = value.as_int64();
    if (!number.ok()) return {};
    return text::signed_decimal(number.value(), digits);
}

template <size_t N>
void read_text(Value value, text::BoundedText<N>* out) {
    char digits[text::kMaxDecimalLength];
    out->assign(text_of(value, digits));
}

// Strings only: a title or a path that arrives as a number is not one.
template <size_t N>
void read_string(Value value, text::BoundedText<N>* out) {
    out->assign(value.as_string().value_or(std::string_view()));
}

int64_t read_integer(Value value, int64_t fallback) {
    return value.as_int64().value_or(fallback);
}

ButtonType button_type(Value value) {
    const std::string_view name = value.as_string().value_or(std::string_view());
    if (name == "webUrl") return ButtonType::kWebUrl;
    if (name == "phoneNumber") return ButtonType::kPhoneNumber;
    if (name == "reply") return ButtonType::kReply;
    return ButtonType::kUnknown;
}

// `raw` is the agent object's text, for the isTyping flag (a JSON boolean).
void read_agent(Value value, std::string_view raw, Agent* agent) {
    agent->present = value.is_object();
    if (!agent->present) return;
    read_text(value["id"], &agent->id);
    read_string(value["name"], &agent->name);
    read_string(value["avatar"], &agent->avatar);
    agent->is_typing =
        flag_from_json(json::find_member(raw, "isTyping").value_or(std::string_view()));
}

void read_media(Value value, Media* media) {
    media->present = value.is_object();
    if (!media->present) return;
    read_text(value["id"], &media->id);
    read_string(value["mimeType"], &media->mime_type);
    read_text(value["year"], &media->year);
    read_text(value["month"], &media->month);
    read_text(value["day"], &media->day);
    read_string(value["filename"], &media->filename);
    read_string(value["description"], &media->description);
}

void read_buttons(Value list, Message* m) {
    for (size_t i = 0; i < list.size(); ++i) {
        const Value item = list.at(i);
        if (!item.is_object()) continue;
        if (m->button_count == kMaxButtons) {
            m->buttons_dropped = true;
            return;
        }
        Button& button = m->buttons[m->button_count++];
        read_string(item["title"], &button.title);
        read_string(item["payload"], &button.payload);
        button.type = button_type(item["type"]);
    }
}

void read_quick_replies(Value list, Message* m) {
    for (size_t i = 0; i < list.size(); ++i) {
        const hal::Result<std::string_view> reply = list.at(i).as_string();
        if (!reply.ok()) continue;
        if (m->quick_reply_count == kMaxQuickReplies) {
            m->quick_replies_dropped = true;
            return;
        }
        m->quick_replies[m->quick_reply_count++].assign(reply.value());
    }
}

void read_kind(Value root, Message* m) {
    const int64_t type_id = read_integer(root["typeId"], 0);
    m->type_id = type_id > 0 && type_id <= kMaxTypeId ? static_cast<uint8_t>(type_id) : 0;
    const bool known = m->type_id >= static_cast<uint8_t>(MessageType::kUser) &&
                       m->type_id <= static_cast<uint8_t>(MessageType::kAgentSystem);
    m->type = known ? static_cast<MessageType>(m->type_id) : MessageType::kUnknown;
    const int64_t status = read_integer(root["status"], 0);
    const bool known_status = status >= static_cast<int64_t>(DeliveryStatus::kReceived) &&
                              status <= static_cast<int64_t>(DeliveryStatus::kRead);
    m->status = known_status ? static_cast<DeliveryStatus>(status) : DeliveryStatus::kNone;
}

void read_body(Value root, std::string_view json, Message* m) {
    const hal::Result<std::string_view> text = root["message"].as_string();
    m->has_text = text.ok();
    if (text.ok()) m->text.assign(text.value());
    read_string(root["title"], &m->title);
    read_string(root["image"], &m->image);
    read_agent(root["agent"], json::find_member(json, "agent").value_or(std::string_view()),
               &m->agent);
    read_media(root["media"], &m->media);
    read_buttons(root["buttons"], m);
    read_quick_replies(root["quickReplies"], m);
    const size_t carousel = root["carousel"].size();
    m->carousel_count = static_cast<uint16_t>(carousel > UINT16_MAX ? UINT16_MAX : carousel);
}

hal::Status parse_object(std::string_view json, json::JsonDocument& doc) {
    HAL_TRY(doc.parse(json));
    return doc.root().is_object() ? hal::Status::kOk : hal::Status::kCorrupt;
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

}  // namespace

void clear_message(Message* m) {
    m->id = 0;
    m->time = 0;
    m->type = MessageType::kUnknown;
    m->type_id = 0;
    m->status = DeliveryStatus::kNone;
    m->has_text = false;
    m->text.clear();
    m->title.clear();
    m->image.clear();
    clear_agent(&m->agent);
    clear_media(&m->media);
    m->button_count = 0;
    m->quick_reply_count = 0;
    m->buttons_dropped = false;
    m->quick_replies_dropped = false;
    m->carousel_count = 0;
}

hal::Status decode_message(std::string_view json, json::JsonDocument& doc, Message* out) {
    clear_message(out);
    HAL_TRY(parse_object(json, doc));
    const Value root = doc.root();
    const hal::Result<int64_t> id = root["id"].as_int64();
    if (!id.ok() || id.value() < 0) return hal::Status::kCorrupt;
    out->id = static_cast<uint64_t>(id.value());
    out->time = read_integer(root["time"], 0);
    read_kind(root, out);
    read_body(root, json, out);
    return hal::Status::kOk;
}

hal::Status decode_agent(std::string_view json, json::JsonDocument& doc, Agent* out) {
    clear_agent(out);
    HAL_TRY(parse_object(json, doc));
    read_agent(doc.root(), json, out);
    return hal::Status::kOk;
}

bool flag_from_json(std::string_view raw) {
    return raw == "true" || raw == "1" || raw == "\"true\"" || raw == "\"1\"";
}

}  // namespace net::parley

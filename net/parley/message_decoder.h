// MessageDecoder: decodes one message object (docs/protocol.md §7) as its JSON streams in,
// with net::json::JsonStream. The small fields (id, time, kind, agent, media, buttons,
// quick replies, title, image, carousel items) are kept in a Message, each bounded as before; the
// text
// ("message") is never held: it goes to MessageHandler::on_text in pieces as it is
// decoded, so a text of any length and any escaping costs the same RAM.
//
// Lenient where the service varies: ids and numbers may be JSON numbers or numeric
// strings, agent ids ints or strings, every field but "id" may be absent or null, unknown
// fields are ignored, a field of the wrong type counts as absent, a repeated field counts
// once (the first). Strict where it matters: a message needs a non-negative integer "id".
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "hal/status.h"
#include "net/json/json_page_splitter.h"
#include "net/json/json_stream.h"
#include "net/parley/message.h"
#include "net/text/bounded_text.h"

namespace net::parley {

class MessageHandler {
  public:
    // A piece of the current message's text, in order: valid UTF-8, never ending inside
    // a character. All of a message's pieces come before its on_message (or on_skipped).
    virtual void on_text(std::string_view /*piece*/) {}
    // One decoded message (everything but the text, whose length is text_bytes); the
    // reference is valid during the call only.
    virtual void on_message(const Message& message) = 0;
    // An element that was not delivered: kCorrupt (broken JSON, not a message object, no
    // valid id) or kTooLarge (nested too deeply, a number too long). Any pieces given to
    // on_text since the last on_message or on_skipped belonged to it: they are void.
    // `id` is the element's id when it had been read, else 0.
    virtual void on_skipped(uint64_t /*id*/, hal::Status /*reason*/) {}

  protected:
    ~MessageHandler() = default;
};

class MessageDecoder final : private json::StreamEvents {
  public:
    // `scratch` receives each message's fields in turn.
    MessageDecoder(Message& scratch, MessageHandler& handler)
        : scratch_(scratch), handler_(handler), stream_(*this) {}
    MessageDecoder(const MessageDecoder&) = delete;
    MessageDecoder& operator=(const MessageDecoder&) = delete;

    // One message object, in pieces: begin(), feed() as often as needed, end(). end()
    // hands the message to on_message, or reports it to on_skipped.
    void begin();
    void feed(std::string_view json);
    void end();
    // feed() for a message that is an element of a longer body: takes its bytes up to the
    // message's end and says where that is, or where the parser broke
    // (json::ElementSink::parse_element).
    json::ElementProgress feed_element(std::string_view bytes);

  private:
    // What the value being read is, by where it is.
    enum class Field : uint8_t {
        kNone,
        kId,
        kTime,
        kText,
        kTypeId,
        kStatus,
        kTitle,
        kImage,
        kAgent,
        kMedia,
        kButtons,
        kQuickReplies,
        kCarousel,
        // agent members
        kAgentId,
        kAgentName,
        kAgentAvatar,
        kAgentTyping,
        // media members
        kMediaId,
        kMediaMime,
        kMediaYear,
        kMediaMonth,
        kMediaDay,
        kMediaFilename,
        kMediaDescription,
        // button members
        kButtonTitle,
        kButtonPayload,
        kButtonType,
        // an element of quickReplies
        kQuickReply,
        // members of a carousel item (its buttons' members are the button members)
        kItemTitle,
        kItemText,
        kItemButtons,
    };

    void on_open(bool object) override;
    void on_close() override;
    void on_key(std::string_view key) override;
    void on_string(std::string_view piece, bool last) override;
    void on_scalar(std::string_view token) override;

    Field value_field();  // what the value now starting is
    bool first_time(Field field);
    void string_piece(Field field, std::string_view piece, bool first, bool last);
    void whole_string(Field field, std::string_view text);
    void integer(Field field, int64_t value);
    void append(Field field, std::string_view piece);
    void open_button(uint8_t item);
    void open_in_carousel(Field field, bool object);
    bool in_item_member() const;

    Message& scratch_;
    MessageHandler& handler_;
    json::JsonStream stream_;
    uint32_t depth_ = 0;
    Field member_ = Field::kNone;  // the key at depth 1
    Field inner_ = Field::kNone;   // the key inside agent, media or a button
    Field string_ = Field::kNone;  // the string value being read
    bool string_started_ = false;
    uint32_t seen_ = 0;        // depth-1 fields read already (bit per Field)
    uint32_t inner_seen_ = 0;  // members of the current agent, media or button read already
    bool bad_root_ = false;    // the element is not an object
    bool have_id_ = false;
    bool button_open_ = false;  // the current element of buttons is being kept
    // The carousel item being read, when it is kept (1-based; 0: none), whether its
    // "buttons" list is open, and its members read already.
    uint8_t item_ = 0;
    bool item_buttons_ = false;
    uint32_t item_seen_ = 0;
    // Short strings read whole before they are interpreted (numeric ids, typeId as
    // text, button types, flags).
    text::BoundedText<32> small_;
};

// Decodes an agent object (the page's top-level "agent", captured whole), in place.
// kCorrupt when it is not a JSON object.
hal::Status decode_agent(std::string_view json, Agent* out);

// Resets every field of `message` without a temporary.
void clear_message(Message* message);

// A flag as the service sends it (raw JSON text): true/false, 1/0 or the strings
// "true"/"1". True for the true forms, false for everything else.
bool flag_from_json(std::string_view raw);

}  // namespace net::parley

// Decodes one message object (docs/protocol.md §7) from its JSON text into a Message, with
// cJSON on the caller's arena. Lenient where the service varies: ids and numbers may be
// JSON numbers or numeric strings, agent ids ints or strings, every field but "id" may
// be absent or null, unknown fields are ignored, a field of the wrong type counts as
// absent. Strict where it matters: a message needs a non-negative integer "id".
#pragma once

#include <string_view>

#include "hal/status.h"
#include "net/json/json_document.h"
#include "net/parley/message.h"

namespace net::parley {

// Fills `out` (cleared first, in place: a Message is never copied through the stack).
// Errors: kCorrupt (not JSON, not an object, no valid id), kTooLarge (over the arena or
// too deep), kOutOfMemory (the arena filled up). `out` holds no message after an error.
hal::Status decode_message(std::string_view json, json::JsonDocument& doc, Message* out);

// Decodes an agent object (the page's top-level "agent"). Errors as above, kCorrupt
// when it is not an object.
hal::Status decode_agent(std::string_view json, json::JsonDocument& doc, Agent* out);

// Resets every field of `message` without a temporary.
void clear_message(Message* message);

// A flag as the service sends it (raw JSON text): true/false, 1/0 or the strings
// "true"/"1". True for the true forms, false for everything else.
bool flag_from_json(std::string_view raw);

}  // namespace net::parley

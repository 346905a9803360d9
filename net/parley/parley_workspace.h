// ParleyWorkspace: every buffer the API client works in, in one caller-owned block the
// composition root places statically (docs/design.md §3). Sizes come from parley_config.h;
// none depends on the page size or on any message's length: messages stream through a
// MessageDecoder (its small fields into `message`, the text to the handler in pieces),
// and only small parts of a response are captured whole. One client at a time
// uses it.
#pragma once

#include <cstddef>
#include <cstdint>

#include "hal/span.h"
#include "net/parley/message.h"
#include "net/parley/parley_config.h"

namespace net::parley {

struct ParleyWorkspace {
    // One small part of a response (never a message) as it streams in, read in place
    // (net/json/json_raw.h). Free between API calls and during an API call's auth step:
    // the OAuth token exchange, which runs there before any of the call's response is
    // read, borrows it for the token answer (lendable()).
    char capture_area[kMaxPartJsonSize];

    hal::CharSpan capture() { return hal::CharSpan(capture_area); }
    hal::ByteSpan lendable() {
        return hal::ByteSpan(reinterpret_cast<uint8_t*>(capture_area), sizeof capture_area);
    }
    // The request path after the base path ("/messages/after:10743").
    char path[kMaxPathLength];
    // The small fields of the message being decoded, handed to MessageHandler::on_message.
    // Its bytes double as the request body buffer (body()): a body — a device
    // subscription, a media reference, a status update, an upload's multipart framing — is
    // built before a call whose answer holds no message, and a call that reads messages
    // sends no body. The decoder clears every field before it reads one.
    Message message;

    // Small JSON request bodies; the multipart framing of an upload.
    hal::CharSpan body() {
        return hal::CharSpan(reinterpret_cast<char*>(&message), kMaxRequestBodySize);
    }
};

static_assert(sizeof(Message) >= kMaxRequestBodySize,
              "a request body fits the bytes of the Message it shares them with");

}  // namespace net::parley

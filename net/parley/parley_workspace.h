// ParleyWorkspace: every buffer the API client works in, in one caller-owned block the
// composition root places statically (docs/design.md §3). Sizes come from parley_config.h;
// none depends on the page size or on any message's length: messages stream through a
// MessageDecoder (its small fields into `message`, the text to the handler in pieces),
// and only small parts of a response are captured whole for cJSON. One client at a time
// uses it.
#pragma once

#include <cstddef>
#include <cstdint>

#include "hal/span.h"
#include "net/parley/message.h"
#include "net/parley/parley_config.h"

namespace net::parley {

struct ParleyWorkspace {
    // Reading a response: cJSON's arena for one captured part (paging, agent,
    // notifications, small data), then the capture buffer for that part as it streams in
    // (never a message). One block, so that what runs in an API call's auth step — the
    // OAuth token exchange, before any of the call's response is read — can borrow all
    // of it (lendable()): the device's token answer and its cJSON arena live there.
    alignas(std::max_align_t) uint8_t parse_area[kJsonArenaSize + kMaxPartJsonSize];

    hal::ByteSpan json_arena() { return hal::ByteSpan(parse_area, kJsonArenaSize); }
    hal::CharSpan capture() {
        return hal::CharSpan(reinterpret_cast<char*>(parse_area + kJsonArenaSize),
                             kMaxPartJsonSize);
    }
    // Free between API calls and during an API call's auth step.
    hal::ByteSpan lendable() { return hal::ByteSpan(parse_area); }

    // Body bytes from the HTTP client on their way to the splitter or a sink.
    uint8_t chunk[kReadChunkSize];
    // Small JSON request bodies; the multipart framing of an upload.
    char body[kMaxRequestBodySize];
    // The request path after the base path ("/messages/after:10743").
    char path[kMaxPathLength];
    // "Bearer <token>" or "<account secret>:<device id>"; wiped after each request.
    char auth[kMaxAuthHeaderLength];
    // The small fields of the message being decoded, handed to MessageHandler::on_message.
    Message message;
};

}  // namespace net::parley

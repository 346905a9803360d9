// ParleyWorkspace: every buffer the API client works in, in one caller-owned block the
// composition root places statically (docs/design.md §3). Sizes come from parley_config.h;
// none depends on the page size or on any message's length: messages stream through a
// MessageDecoder (its small fields into `message`, the text to the handler in pieces),
// and only small parts of a response are captured whole for cJSON. One client at a time
// uses it.
#pragma once

#include <cstddef>
#include <cstdint>

#include "net/parley/message.h"
#include "net/parley/parley_config.h"

namespace net::parley {

struct ParleyWorkspace {
    // cJSON's arena for one captured part (paging, agent, notifications, small data).
    alignas(std::max_align_t) uint8_t json_arena[kJsonArenaSize];
    // One small part of a response (never a message), as it streams in.
    char capture[kMaxPartJsonSize];
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

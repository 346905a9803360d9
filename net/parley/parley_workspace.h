// ParleyWorkspace: every buffer the API client works in, in one caller-owned block the
// composition root places statically (docs/design.md §3). Sizes come from parley_config.h;
// with the defaults it is 48 KB on a Cortex-M4, 93% of it for decoding one message at a
// time (capture buffer 12 KB, JSON arena 16.5 KB, the Message itself 15 KB), whatever
// the page size. One client at a time uses it.
#pragma once

#include <cstddef>
#include <cstdint>

#include "net/parley/message.h"
#include "net/parley/parley_config.h"

namespace net::parley {

struct ParleyWorkspace {
    // cJSON's arena for one captured part (message element, paging, notifications).
    alignas(std::max_align_t) uint8_t json_arena[kJsonArenaSize];
    // One element of "data" or one watched top-level member, as it streams in.
    char capture[kMaxMessageJsonSize];
    // Body bytes from the HTTP client on their way to the splitter or a sink.
    uint8_t chunk[kReadChunkSize];
    // Small JSON request bodies; the multipart framing of an upload.
    char body[kMaxRequestBodySize];
    // The request path after the base path ("/messages/after:10743").
    char path[kMaxPathLength];
    // "Bearer <token>" or "<account secret>:<device id>"; wiped after each request.
    char auth[kMaxAuthHeaderLength];
    // The message being decoded, handed to MessageHandler::on_message.
    Message message;
};

}  // namespace net::parley

// Reads a request body source to its end in pieces of a fixed size, as the HTTP client
// would, and returns what it produced (tests of streamed bodies).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "hal/result.h"
#include "hal/span.h"
#include "net/http/body_stream.h"

namespace test {

// Drains a source in pieces of `piece` bytes.
inline std::string drain(net::http::BodySource& source, uint64_t length, size_t piece) {
    std::string out;
    std::string buffer(piece, '\0');
    while (out.size() < length) {
        const hal::Result<size_t> got =
            source.read(hal::ByteSpan(reinterpret_cast<uint8_t*>(&buffer[0]), piece));
        if (!got.ok() || got.value() == 0) break;
        out.append(buffer, 0, got.value());
    }
    return out;
}

}  // namespace test

// BodySource: the bytes of an entry's body (encoded header, media id, description, text)
// as one sequence read piece by piece, so an entry is programmed through a small staging
// buffer without ever being assembled whole in RAM. Past the body it reads 0xFF padding.
#pragma once

#include <cstdint>
#include <cstring>
#include <string_view>

#include "firmware/outbox/sector_format.h"
#include "hal/span.h"

namespace firmware::outbox {

class BodySource {
  public:
    BodySource(hal::ConstByteSpan header, std::string_view media_id, std::string_view description,
               std::string_view text)
        : parts_{header, hal::as_bytes(media_id), hal::as_bytes(description), hal::as_bytes(text)} {
    }

    // Copies `size` bytes starting at body byte `offset` into `out`.
    void copy(uint32_t offset, uint8_t* out, uint32_t size) const {
        for (const hal::ConstByteSpan& part : parts_) {
            if (size == 0) return;
            if (offset >= part.size()) {
                offset -= static_cast<uint32_t>(part.size());
                continue;
            }
            const uint32_t n = take(static_cast<uint32_t>(part.size()) - offset, size);
            std::memcpy(out, part.data() + offset, n);
            out += n;
            size -= n;
            offset = 0;
        }
        if (size > 0) std::memset(out, format::kErasedByte, size);
    }

  private:
    static uint32_t take(uint32_t available, uint32_t wanted) {
        return available < wanted ? available : wanted;
    }

    hal::ConstByteSpan parts_[4];
};

}  // namespace firmware::outbox

// Little-endian integers in byte buffers: the byte order of every multi-byte field the
// stores put on flash (firmware/settings, firmware/outbox). Callers guarantee the bytes exist.
#pragma once

#include <cstddef>
#include <cstdint>

namespace hal {

template <typename T>
inline void put_le(uint8_t* out, T value) {
    for (size_t i = 0; i < sizeof(T); ++i)
        out[i] = static_cast<uint8_t>(static_cast<uint64_t>(value) >> (8 * i));
}

template <typename T>
inline T get_le(const uint8_t* in) {
    uint64_t value = 0;
    for (size_t i = sizeof(T); i > 0; --i)
        value = (value << 8) | in[i - 1];
    return static_cast<T>(value);
}

}  // namespace hal

#include "net/text/bounded_text.h"

#include <cstring>

#include "net/text/utf8.h"

namespace net::text {

bool copy_bounded_text(std::string_view text, char* out, size_t capacity, uint16_t* length) {
    const size_t kept = utf8_prefix_length(text, capacity);
    if (kept > 0) std::memcpy(out, text.data(), kept);
    out[kept] = '\0';
    *length = static_cast<uint16_t>(kept);
    return kept < text.size();
}

}  // namespace net::text

// A clamped, non-throwing std::string_view::substr. The standard one checks its offset
// and throws std::out_of_range, which even with -fno-exceptions links libstdc++'s throw
// helpers (and through them malloc) into a device image; this one clamps like
// hal::Span::subspan and compiles to two comparisons.
#pragma once

#include <cstddef>
#include <string_view>

namespace net::text {

constexpr std::string_view slice(std::string_view text, size_t offset,
                                 size_t count = std::string_view::npos) {
    if (offset > text.size()) offset = text.size();
    const size_t left = text.size() - offset;
    return std::string_view(text.data() + offset, count < left ? count : left);
}

}  // namespace net::text

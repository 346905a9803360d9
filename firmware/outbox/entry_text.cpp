#include "firmware/outbox/entry_text.h"

#include <cstring>

#include "firmware/outbox/log_io.h"

namespace firmware::outbox {

size_t EntryText::size() const {
    const StoredText& stored = entry_.stored_text;
    return stored.on_flash() ? stored.size : entry_.text.size();
}

hal::Result<size_t> EntryText::read(size_t offset, hal::CharSpan out) const {
    const size_t total = size();
    if (offset >= total) return size_t{0};
    const size_t left = total - offset;
    const size_t n = left < out.size() ? left : out.size();
    if (n == 0) return size_t{0};
    const StoredText& stored = entry_.stored_text;
    if (!stored.on_flash()) {
        std::memcpy(out.data(), entry_.text.data() + offset, n);
        return n;
    }
    const auto from = static_cast<uint32_t>(offset);
    const hal::ByteSpan bytes(reinterpret_cast<uint8_t*>(out.data()), n);
    const LogLayout& layout = *stored.layout;
    HAL_TRY(read_log(*stored.flash, layout, layout.advance(stored.at, from), bytes));
    if (stored.fix_at >= from && stored.fix_at - from < n)
        bytes[stored.fix_at - from] ^= stored.fix_mask;
    return n;
}

}  // namespace firmware::outbox

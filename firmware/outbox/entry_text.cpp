#include "firmware/outbox/entry_text.h"

#include <cstring>

#include "firmware/outbox/log_io.h"

namespace firmware::outbox {

hal::Result<size_t> EntryText::read(size_t offset, hal::CharSpan out) const {
    if (offset >= size_) return size_t{0};
    const size_t left = size_ - offset;
    const size_t n = left < out.size() ? left : out.size();
    if (n == 0) return size_t{0};
    if (flash_ == nullptr) {
        std::memcpy(out.data(), ram_.data() + offset, n);
        return n;
    }
    const auto from = static_cast<uint32_t>(offset);
    const hal::ByteSpan bytes(reinterpret_cast<uint8_t*>(out.data()), n);
    HAL_TRY(read_log(*flash_, layout_, layout_.advance(at_, from), bytes));
    if (fix_at_ != kNoFix && fix_at_ >= from && fix_at_ - from < n)
        bytes[fix_at_ - from] ^= fix_mask_;
    return n;
}

}  // namespace firmware::outbox

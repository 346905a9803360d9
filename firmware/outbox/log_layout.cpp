#include "firmware/outbox/log_layout.h"

namespace firmware::outbox {

LogPosition LogLayout::advance(LogPosition at, uint32_t size) const {
    if (size <= room(at)) return LogPosition{at.sector, at.offset + size};
    size -= room(at);
    const uint32_t whole = (size - 1) / room_per_sector();   // sectors filled completely
    const uint32_t left = size - whole * room_per_sector();  // 1 .. room_per_sector
    return LogPosition{at.sector + 1 + whole, header_size_ + left};
}

}  // namespace firmware::outbox

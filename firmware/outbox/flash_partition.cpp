#include "firmware/outbox/flash_partition.h"

namespace firmware::outbox {
namespace {

bool fits_parent(const hal::FlashGeometry& parent, uint32_t first, uint32_t count) {
    return count > 0 && first < parent.sector_count && count <= parent.sector_count - first;
}

}  // namespace

FlashPartition::FlashPartition(hal::Flash& parent, uint32_t first_sector, uint32_t sector_count)
    : parent_(parent),
      first_sector_(first_sector),
      geometry_(parent.geometry()),
      valid_(fits_parent(geometry_, first_sector, sector_count)) {
    geometry_.sector_count = valid_ ? sector_count : 0;
}

hal::Status FlashPartition::erase(uint32_t sector) {
    if (!valid_ || sector >= geometry_.sector_count) return hal::Status::kInvalidArgument;
    return parent_.erase(first_sector_ + sector);
}

hal::Status FlashPartition::program(uint32_t address, hal::ConstByteSpan data) {
    if (!valid_) return hal::Status::kInvalidArgument;
    HAL_TRY(hal::check_flash_range(geometry_, address, data.size()));
    return parent_.program(base() + address, data);
}

hal::Status FlashPartition::read(uint32_t address, hal::ByteSpan out) {
    if (!valid_) return hal::Status::kInvalidArgument;
    const hal::FlashGeometry bytewise{geometry_.sector_size, geometry_.sector_count, 1};
    HAL_TRY(hal::check_flash_range(bytewise, address, out.size()));
    return parent_.read(base() + address, out);
}

}  // namespace firmware::outbox

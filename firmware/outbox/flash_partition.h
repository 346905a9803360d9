// FlashPartition: a run of whole sectors of a parent hal::Flash seen as a device of its
// own (sector 0 = the parent's first_sector), so the outbox and the settings store can
// share one part. Checks bounds; adds no buffering, no heap.
#pragma once

#include <cstdint>

#include "hal/flash.h"

namespace firmware::outbox {

class FlashPartition final : public hal::Flash {
  public:
    // A partition that does not lie inside the parent is invalid: every call is
    // kInvalidArgument and its geometry has no sectors (so a store refuses to mount).
    FlashPartition(hal::Flash& parent, uint32_t first_sector, uint32_t sector_count);

    bool valid() const { return valid_; }
    hal::FlashGeometry geometry() const override { return geometry_; }
    hal::Status erase(uint32_t sector) override;
    hal::Status program(uint32_t address, hal::ConstByteSpan data) override;
    hal::Status read(uint32_t address, hal::ByteSpan out) override;

  private:
    uint32_t base() const { return first_sector_ * geometry_.sector_size; }

    hal::Flash& parent_;
    uint32_t first_sector_;
    hal::FlashGeometry geometry_;
    bool valid_;
};

}  // namespace firmware::outbox

// LogLayout: where the bytes of the outbox log are. The log is a stream of entries over a
// ring of sectors; the n-th sector it opens (virtual index n) is physical sector n % count,
// behind its header. A LogPosition names a byte of the stream. Pure arithmetic.
#pragma once

#include <cstdint>

#include "hal/flash.h"

namespace firmware::outbox {

// Virtual sector indices stay below this, so that index + sector_count never wraps; a log
// that would need more (2^31 sector openings: far beyond any part's endurance) is full.
constexpr uint32_t kMaxSectorIndex = 0x7FFFFFFFu;

struct LogPosition {
    uint32_t sector = 0;  // virtual sector index
    uint32_t offset = 0;  // byte in that sector: header_size .. sector_size
};

constexpr bool operator==(const LogPosition& a, const LogPosition& b) {
    return a.sector == b.sector && a.offset == b.offset;
}

constexpr uint32_t align_up(uint32_t size, uint32_t unit) {
    return (size + unit - 1) / unit * unit;
}

class LogLayout {
  public:
    LogLayout() = default;
    // `header_size`: the sector header for this program unit (sector_format.h).
    LogLayout(const hal::FlashGeometry& geometry, uint32_t header_size)
        : geometry_(geometry), header_size_(header_size) {}

    const hal::FlashGeometry& geometry() const { return geometry_; }
    uint32_t unit() const { return geometry_.program_unit; }
    uint32_t sector_size() const { return geometry_.sector_size; }
    uint32_t sector_count() const { return geometry_.sector_count; }
    uint32_t header_size() const { return header_size_; }
    // Stream bytes one sector holds.
    uint32_t room_per_sector() const { return geometry_.sector_size - header_size_; }
    uint32_t align(uint32_t size) const { return align_up(size, geometry_.program_unit); }

    uint32_t slot(uint32_t sector) const { return sector % geometry_.sector_count; }
    uint32_t sector_address(uint32_t sector) const { return slot(sector) * geometry_.sector_size; }
    uint32_t address(LogPosition at) const { return sector_address(at.sector) + at.offset; }
    // Bytes left in `at`'s sector from `at` on.
    uint32_t room(LogPosition at) const { return geometry_.sector_size - at.offset; }
    LogPosition sector_start(uint32_t sector) const { return LogPosition{sector, header_size_}; }

    // `at` moved forward by `size` stream bytes, skipping sector headers. A position at
    // the very end of a sector stays there (offset == sector_size) rather than moving to
    // the next sector's start: that sector may never be opened.
    LogPosition advance(LogPosition at, uint32_t size) const;

  private:
    hal::FlashGeometry geometry_{1, 1, 1};
    uint32_t header_size_ = 0;
};

}  // namespace firmware::outbox

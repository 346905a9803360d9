// Flash: NOR flash as the hardware sees it.
// - The device is sector_count sectors of sector_size bytes; addresses are byte offsets.
// - erase(sector) sets every byte of the sector to 0xFF.
// - program(address, data) can only turn 1 bits into 0. A request that would need a
//   0 bit to become 1 is refused with kFlashNotErased and changes nothing.
//   address and size must be multiples of program_unit (1 on most NOR parts, 8 or 16
//   on MCU-internal flash); a request crossing the end of the device is kInvalidArgument.
// - read(address, out) returns the current bytes; any address and size inside the
//   device (no alignment needed).
// - A power cut during program leaves the range partly programmed ("torn"); during
//   erase, the sector holds arbitrary bytes. Stores above must survive both.
// Hardware faults are kFlashError. No call allocates.
#pragma once

#include <cstddef>
#include <cstdint>

#include "hal/span.h"
#include "hal/status.h"

namespace hal {

struct FlashGeometry {
    uint32_t sector_size;
    uint32_t sector_count;
    uint32_t program_unit;

    constexpr uint32_t total_size() const { return sector_size * sector_count; }
};

class Flash {
  public:
    virtual FlashGeometry geometry() const = 0;
    virtual Status erase(uint32_t sector) = 0;
    virtual Status program(uint32_t address, ConstByteSpan data) = 0;
    virtual Status read(uint32_t address, ByteSpan out) = 0;

  protected:
    ~Flash() = default;
};

// Shared precondition check for implementations: alignment, bounds.
inline Status check_flash_range(const FlashGeometry& g, uint32_t address, size_t size) {
    if (size > g.total_size() || address > g.total_size() - size) {
        return Status::kInvalidArgument;
    }
    if (g.program_unit > 1 && (address % g.program_unit != 0 || size % g.program_unit != 0)) {
        return Status::kInvalidArgument;
    }
    return Status::kOk;
}

}  // namespace hal

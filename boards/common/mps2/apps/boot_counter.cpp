#include "boards/common/mps2/apps/boot_counter.h"

namespace boards::mps2_an386 {
namespace {

constexpr uint32_t kChunkSize = 64;
constexpr uint32_t kBitsPerByte = 8;

struct Tally {
    uint32_t zero_bits = 0;
    bool found_free = false;
    uint32_t free_address = 0;  // the first byte with a 1 bit left
    uint8_t free_value = 0;
};

hal::Status tally(hal::Flash& flash, uint32_t start, uint32_t size, Tally& out) {
    uint8_t chunk[kChunkSize];
    for (uint32_t offset = 0; offset < size; offset += kChunkSize) {
        HAL_TRY(flash.read(start + offset, hal::ByteSpan(chunk)));
        for (uint32_t i = 0; i < kChunkSize; ++i) {
            out.zero_bits += kBitsPerByte - static_cast<uint32_t>(__builtin_popcount(chunk[i]));
            if (!out.found_free && chunk[i] != 0) {
                out.found_free = true;
                out.free_address = start + offset + i;
                out.free_value = chunk[i];
            }
        }
    }
    return hal::Status::kOk;
}

}  // namespace

hal::Result<uint32_t> count_boot(hal::Flash& flash) {
    const hal::FlashGeometry g = flash.geometry();
    const uint32_t sector = g.sector_count - 1;
    const uint32_t start = sector * g.sector_size;
    Tally t;
    HAL_TRY(tally(flash, start, g.sector_size, t));
    if (!t.found_free) {  // every bit used: start over
        HAL_TRY(flash.erase(sector));
        t = Tally{0, true, start, 0xFF};
    }
    // Clear the lowest 1 bit of the first byte that has one.
    const uint8_t next = static_cast<uint8_t>(t.free_value & (t.free_value - 1));
    HAL_TRY(flash.program(t.free_address, hal::ConstByteSpan(&next, 1)));
    return t.zero_bits + 1;
}

}  // namespace boards::mps2_an386

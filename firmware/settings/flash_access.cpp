#include "firmware/settings/flash_access.h"

#include <cstring>

#include "firmware/settings/record_format.h"
#include "hal/crc32.h"

namespace firmware::settings {
namespace {

// Bytes read per flash call while checking: small enough for any task's stack.
constexpr uint32_t kChunkSize = 32;

uint32_t chunk_at(uint32_t done, uint32_t size) {
    return size - done < kChunkSize ? size - done : kChunkSize;
}

}  // namespace

hal::Status program_verified(hal::Flash& flash, uint32_t address, hal::ConstByteSpan data) {
    HAL_TRY(flash.program(address, data));
    uint8_t chunk[kChunkSize];
    const uint32_t size = static_cast<uint32_t>(data.size());
    for (uint32_t done = 0; done < size; done += kChunkSize) {
        const uint32_t n = chunk_at(done, size);
        HAL_TRY(flash.read(address + done, hal::ByteSpan(chunk, n)));
        if (std::memcmp(chunk, data.data() + done, n) != 0) return hal::Status::kFlashError;
    }
    return hal::Status::kOk;
}

hal::Status erase_verified(hal::Flash& flash, uint32_t sector) {
    HAL_TRY(flash.erase(sector));
    const uint32_t sector_size = flash.geometry().sector_size;
    HAL_ASSIGN_OR_RETURN(const bool blank, is_erased(flash, sector * sector_size, sector_size));
    return blank ? hal::Status::kOk : hal::Status::kFlashError;
}

hal::Result<bool> is_erased(hal::Flash& flash, uint32_t address, uint32_t size) {
    uint8_t chunk[kChunkSize];
    for (uint32_t done = 0; done < size; done += kChunkSize) {
        const uint32_t n = chunk_at(done, size);
        HAL_TRY(flash.read(address + done, hal::ByteSpan(chunk, n)));
        for (uint32_t i = 0; i < n; ++i) {
            if (chunk[i] != format::kErasedByte) return false;
        }
    }
    return true;
}

hal::Result<uint32_t> crc_of_range(hal::Flash& flash, uint32_t address, uint32_t size,
                                   uint32_t crc) {
    uint8_t chunk[kChunkSize];
    for (uint32_t done = 0; done < size; done += kChunkSize) {
        const uint32_t n = chunk_at(done, size);
        HAL_TRY(flash.read(address + done, hal::ByteSpan(chunk, n)));
        crc = hal::crc32(hal::ConstByteSpan(chunk, n), crc);
    }
    return crc;
}

}  // namespace firmware::settings

#include "firmware/flash/verified_flash.h"

#include <cstring>

#include "hal/crc32.h"
#include "hal/le_bytes.h"

namespace firmware::flash {
namespace {

uint32_t chunk_at(uint32_t done, uint32_t size) {
    return size - done < kReadChunkBytes ? size - done : kReadChunkBytes;
}

}  // namespace

bool all_erased(hal::ConstByteSpan bytes) {
    for (const uint8_t byte : bytes) {
        if (byte != kErasedByte) return false;
    }
    return true;
}

hal::Result<bool> is_erased(hal::Flash& flash, uint32_t address, uint32_t size) {
    uint8_t chunk[kReadChunkBytes];
    for (uint32_t done = 0; done < size; done += kReadChunkBytes) {
        const uint32_t n = chunk_at(done, size);
        HAL_TRY(flash.read(address + done, hal::ByteSpan(chunk, n)));
        if (!all_erased(hal::ConstByteSpan(chunk, n))) return false;
    }
    return true;
}

hal::Result<uint32_t> crc_of_range(hal::Flash& flash, uint32_t address, uint32_t size,
                                   uint32_t crc) {
    uint8_t chunk[kReadChunkBytes];
    for (uint32_t done = 0; done < size; done += kReadChunkBytes) {
        const uint32_t n = chunk_at(done, size);
        HAL_TRY(flash.read(address + done, hal::ByteSpan(chunk, n)));
        crc = hal::crc32(hal::ConstByteSpan(chunk, n), crc);
    }
    return crc;
}

hal::Status program_verified(hal::Flash& flash, uint32_t address, hal::ConstByteSpan data) {
    HAL_TRY(flash.program(address, data));
    uint8_t chunk[kReadChunkBytes];
    const auto size = static_cast<uint32_t>(data.size());
    for (uint32_t done = 0; done < size; done += kReadChunkBytes) {
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

hal::Status erase_unless_blank(hal::Flash& flash, uint32_t sector) {
    const uint32_t sector_size = flash.geometry().sector_size;
    HAL_ASSIGN_OR_RETURN(const bool blank, is_erased(flash, sector * sector_size, sector_size));
    return blank ? hal::Status::kOk : erase_verified(flash, sector);
}

void encode_crc_slot(uint32_t crc, hal::ByteSpan slot) {
    for (uint8_t& byte : slot)
        byte = kErasedByte;
    hal::put_le<uint32_t>(slot.data(), crc);
}

uint32_t decode_crc(const uint8_t* in) {
    return hal::get_le<uint32_t>(in);
}

}  // namespace firmware::flash

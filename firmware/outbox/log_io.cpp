#include "firmware/outbox/log_io.h"

#include <cstring>

#include "firmware/outbox/outbox_config.h"
#include "firmware/outbox/sector_format.h"
#include "hal/crc32.h"

namespace firmware::outbox {
namespace {

uint32_t smaller(uint32_t a, uint32_t b) {
    return a < b ? a : b;
}

// Calls fn(address, done, size) for each piece of the stream range that lies in one
// sector, in order; stops at the first error.
template <typename Fn>
hal::Status for_each_piece(const LogLayout& layout, LogPosition at, uint32_t size, Fn&& fn) {
    uint32_t done = 0;
    while (done < size) {
        if (layout.room(at) == 0) at = layout.sector_start(at.sector + 1);
        const uint32_t n = smaller(size - done, layout.room(at));
        HAL_TRY(fn(layout.address(at), done, n));
        at.offset += n;
        done += n;
    }
    return hal::Status::kOk;
}

hal::Status compare_range(hal::Flash& flash, uint32_t address, const uint8_t* expected,
                          uint32_t size) {
    uint8_t chunk[kReadChunkBytes];
    for (uint32_t done = 0; done < size; done += kReadChunkBytes) {
        const uint32_t n = smaller(size - done, kReadChunkBytes);
        HAL_TRY(flash.read(address + done, hal::ByteSpan(chunk, n)));
        if (std::memcmp(chunk, expected + done, n) != 0) return hal::Status::kFlashError;
    }
    return hal::Status::kOk;
}

hal::Result<uint32_t> crc_of_range(hal::Flash& flash, uint32_t address, uint32_t size,
                                   uint32_t crc) {
    uint8_t chunk[kReadChunkBytes];
    for (uint32_t done = 0; done < size; done += kReadChunkBytes) {
        const uint32_t n = smaller(size - done, kReadChunkBytes);
        HAL_TRY(flash.read(address + done, hal::ByteSpan(chunk, n)));
        crc = hal::crc32(hal::ConstByteSpan(chunk, n), crc);
    }
    return crc;
}

}  // namespace

hal::Status read_log(hal::Flash& flash, const LogLayout& layout, LogPosition at,
                     hal::ByteSpan out) {
    const auto size = static_cast<uint32_t>(out.size());
    return for_each_piece(layout, at, size, [&](uint32_t address, uint32_t done, uint32_t n) {
        return flash.read(address, out.subspan(done, n));
    });
}

hal::Status program_log(hal::Flash& flash, const LogLayout& layout, LogPosition at,
                        hal::ConstByteSpan data) {
    const auto size = static_cast<uint32_t>(data.size());
    return for_each_piece(layout, at, size, [&](uint32_t address, uint32_t done, uint32_t n) {
        HAL_TRY(flash.program(address, data.subspan(done, n)));
        return compare_range(flash, address, data.data() + done, n);
    });
}

hal::Result<uint32_t> crc_of_log(hal::Flash& flash, const LogLayout& layout, LogPosition at,
                                 uint32_t size, uint32_t crc) {
    const hal::Status status =
        for_each_piece(layout, at, size, [&](uint32_t address, uint32_t, uint32_t n) {
            const hal::Result<uint32_t> piece = crc_of_range(flash, address, n, crc);
            crc = piece.value();
            return piece.status();
        });
    if (status != hal::Status::kOk) return status;
    return crc;
}

hal::Result<bool> is_erased(hal::Flash& flash, uint32_t address, uint32_t size) {
    uint8_t chunk[kReadChunkBytes];
    for (uint32_t done = 0; done < size; done += kReadChunkBytes) {
        const uint32_t n = smaller(size - done, kReadChunkBytes);
        HAL_TRY(flash.read(address + done, hal::ByteSpan(chunk, n)));
        for (uint32_t i = 0; i < n; ++i) {
            if (chunk[i] != format::kErasedByte) return false;
        }
    }
    return true;
}

hal::Status erase_if_needed(hal::Flash& flash, const LogLayout& layout, uint32_t slot) {
    const uint32_t address = slot * layout.sector_size();
    HAL_ASSIGN_OR_RETURN(const bool blank, is_erased(flash, address, layout.sector_size()));
    if (blank) return hal::Status::kOk;
    HAL_TRY(flash.erase(slot));
    HAL_ASSIGN_OR_RETURN(const bool erased, is_erased(flash, address, layout.sector_size()));
    return erased ? hal::Status::kOk : hal::Status::kFlashError;
}

}  // namespace firmware::outbox

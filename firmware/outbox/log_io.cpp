#include "firmware/outbox/log_io.h"

#include "firmware/flash/verified_flash.h"

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
        return flash::program_verified(flash, address, data.subspan(done, n));
    });
}

hal::Result<uint32_t> crc_of_log(hal::Flash& flash, const LogLayout& layout, LogPosition at,
                                 uint32_t size, uint32_t crc) {
    const hal::Status status =
        for_each_piece(layout, at, size, [&](uint32_t address, uint32_t, uint32_t n) {
            const hal::Result<uint32_t> piece = flash::crc_of_range(flash, address, n, crc);
            crc = piece.value();
            return piece.status();
        });
    if (status != hal::Status::kOk) return status;
    return crc;
}

}  // namespace firmware::outbox

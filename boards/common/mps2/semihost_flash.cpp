#include "boards/common/mps2/semihost_flash.h"

#include <cstring>

namespace boards::mps2_an386 {

hal::Status SemihostFlash::open(const char* path) {
    if (file_ >= 0) return hal::Status::kFailedPrecondition;
    file_ = semihost::open(path, semihost::OpenMode::kReadWriteBinary);
    if (file_ < 0) file_ = semihost::open(path, semihost::OpenMode::kWritePlusBinary);
    if (file_ < 0) return hal::Status::kFlashError;
    const int32_t length = semihost::file_length(file_);
    if (length < 0) return hal::Status::kFlashError;
    const auto have = static_cast<uint32_t>(length);
    if (have < kGeometry.total_size()) return fill_erased(have, kGeometry.total_size() - have);
    return hal::Status::kOk;
}

hal::Status SemihostFlash::erase(uint32_t sector) {
    if (file_ < 0) return hal::Status::kFailedPrecondition;
    if (sector >= kGeometry.sector_count) return hal::Status::kInvalidArgument;
    return fill_erased(sector * kSectorSize, kSectorSize);
}

hal::Status SemihostFlash::program(uint32_t address, hal::ConstByteSpan data) {
    if (file_ < 0) return hal::Status::kFailedPrecondition;
    HAL_TRY(hal::check_flash_range(kGeometry, address, data.size()));
    if (data.empty()) return hal::Status::kOk;
    HAL_TRY(check_programmable(address, data));
    if (!semihost::seek(file_, address) || !semihost::write(file_, data)) {
        return hal::Status::kFlashError;
    }
    return hal::Status::kOk;
}

hal::Status SemihostFlash::read(uint32_t address, hal::ByteSpan out) {
    if (file_ < 0) return hal::Status::kFailedPrecondition;
    if (out.size() > kGeometry.total_size() || address > kGeometry.total_size() - out.size()) {
        return hal::Status::kInvalidArgument;
    }
    if (out.empty()) return hal::Status::kOk;
    if (!semihost::seek(file_, address) || !semihost::read(file_, out)) {
        return hal::Status::kFlashError;
    }
    return hal::Status::kOk;
}

hal::Status SemihostFlash::fill_erased(uint32_t address, uint32_t size) {
    uint8_t erased[kChunkSize];
    std::memset(erased, 0xFF, sizeof erased);
    if (!semihost::seek(file_, address)) return hal::Status::kFlashError;
    for (uint32_t done = 0; done < size; done += kChunkSize) {
        const uint32_t n = size - done < kChunkSize ? size - done : kChunkSize;
        if (!semihost::write(file_, hal::ConstByteSpan(erased, n))) return hal::Status::kFlashError;
    }
    return hal::Status::kOk;
}

// A NOR cell only goes from 1 to 0: every 0 bit already there must stay 0 in `data`.
hal::Status SemihostFlash::check_programmable(uint32_t address, hal::ConstByteSpan data) {
    uint8_t current[kChunkSize];
    for (size_t done = 0; done < data.size(); done += kChunkSize) {
        const hal::ConstByteSpan want = data.subspan(done, kChunkSize);
        const hal::ByteSpan have(current, want.size());
        HAL_TRY(read(address + static_cast<uint32_t>(done), have));
        for (size_t i = 0; i < want.size(); ++i) {
            if ((want[i] & static_cast<uint8_t>(~have[i])) != 0) {
                return hal::Status::kFlashNotErased;
            }
        }
    }
    return hal::Status::kOk;
}

}  // namespace boards::mps2_an386

#include "port/posix/file_flash.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>

#include "port/posix/atomic_file.h"

namespace port::posix {
namespace {

constexpr uint8_t kErased = 0xFF;
constexpr size_t kCheckChunk = 256;  // bytes compared per pread while checking a program

// A blank device, created whole or not at all: a half-written image would later be
// reported as corrupt instead of simply being created again.
hal::Status create_erased(const char* path, uint32_t size) {
    AtomicFileWriter writer;
    HAL_TRY(writer.begin(path, 0600));
    HAL_TRY(writer.fill(size, kErased));
    return writer.commit();
}

// True when programming `wanted` over `current` needs no 0 bit to become 1.
bool programmable(hal::ConstByteSpan current, hal::ConstByteSpan wanted) {
    for (size_t i = 0; i < wanted.size(); ++i) {
        if ((wanted[i] & ~current[i] & 0xFF) != 0) return false;
    }
    return true;
}

}  // namespace

FileFlash::FileFlash(std::string_view path, hal::FlashGeometry geometry) : geometry_(geometry) {
    path_valid_ = copy_path(path, path_) == hal::Status::kOk;
}

bool FileFlash::geometry_valid() const {
    const hal::FlashGeometry& g = geometry_;
    if (g.sector_size == 0 || g.sector_count == 0 || g.sector_count > kMaxFlashSectors) {
        return false;
    }
    if (g.program_unit == 0 || g.sector_size % g.program_unit != 0) return false;
    // total_size() is 32-bit: the device must fit in the address space it is addressed by.
    return uint64_t{g.sector_size} * g.sector_count <= UINT32_MAX;
}

hal::Status FileFlash::open() {
    if (fd_ >= 0) return hal::Status::kFailedPrecondition;
    if (!path_valid_ || !geometry_valid()) return hal::Status::kInvalidArgument;

    int fd = ::open(path_, O_RDWR | O_CLOEXEC);
    if (fd < 0 && errno == ENOENT) {
        HAL_TRY(create_erased(path_, geometry_.total_size()));
        fd = ::open(path_, O_RDWR | O_CLOEXEC);
    }
    if (fd < 0) return hal::Status::kFlashError;

    struct stat info {};
    if (::fstat(fd, &info) != 0) {
        ::close(fd);
        return hal::Status::kFlashError;
    }
    if (!S_ISREG(info.st_mode) || static_cast<uint64_t>(info.st_size) != geometry_.total_size()) {
        ::close(fd);
        return hal::Status::kCorrupt;
    }
    fd_ = fd;
    return hal::Status::kOk;
}

void FileFlash::close() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
}

hal::Status FileFlash::erase(uint32_t sector) {
    if (fd_ < 0) return hal::Status::kFailedPrecondition;
    if (sector >= geometry_.sector_count) return hal::Status::kInvalidArgument;
    const uint64_t start = uint64_t{sector} * geometry_.sector_size;
    HAL_TRY(fill_at(fd_, start, geometry_.sector_size, kErased));
    HAL_TRY(sync());
    ++erase_counts_[sector];
    return hal::Status::kOk;
}

hal::Status FileFlash::program(uint32_t address, hal::ConstByteSpan data) {
    if (fd_ < 0) return hal::Status::kFailedPrecondition;
    HAL_TRY(hal::check_flash_range(geometry_, address, data.size()));
    if (data.empty()) return hal::Status::kOk;
    // The whole range is checked before the first byte is written: a refused program
    // must change nothing.
    HAL_TRY(check_erased_enough(address, data));
    HAL_TRY(write_exactly_at(fd_, address, data));
    return sync();
}

hal::Status FileFlash::read(uint32_t address, hal::ByteSpan out) {
    if (fd_ < 0) return hal::Status::kFailedPrecondition;
    const hal::FlashGeometry byte_aligned{geometry_.sector_size, geometry_.sector_count, 1};
    HAL_TRY(hal::check_flash_range(byte_aligned, address, out.size()));
    return read_exactly_at(fd_, address, out);
}

uint32_t FileFlash::erase_count(uint32_t sector) const {
    return sector < geometry_.sector_count && sector < kMaxFlashSectors ? erase_counts_[sector] : 0;
}

hal::Status FileFlash::check_erased_enough(uint32_t address, hal::ConstByteSpan data) {
    uint8_t current[kCheckChunk];
    for (size_t done = 0; done < data.size(); done += kCheckChunk) {
        const hal::ConstByteSpan wanted = data.subspan(done, kCheckChunk);
        const hal::ByteSpan now(current, wanted.size());
        HAL_TRY(read_exactly_at(fd_, uint64_t{address} + done, now));
        if (!programmable(now, wanted)) return hal::Status::kFlashNotErased;
    }
    return hal::Status::kOk;
}

// fdatasync, not fsync: the file's size never changes after open(), so its data is all
// that must reach the disk.
hal::Status FileFlash::sync() {
    return ::fdatasync(fd_) == 0 ? hal::Status::kOk : hal::Status::kFlashError;
}

}  // namespace port::posix

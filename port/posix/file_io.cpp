#include "port/posix/file_io.h"

#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace port::posix {
namespace {

// pread/pwrite take off_t; the project's flash sizes are 32-bit, so this never clips.
off_t as_offset(uint64_t offset) {
    return static_cast<off_t>(offset);
}

}  // namespace

hal::Status copy_path(std::string_view path, PathBuffer& out) {
    if (path.empty() || path.size() > kMaxPathLength) return hal::Status::kInvalidArgument;
    if (path.find('\0') != std::string_view::npos) return hal::Status::kInvalidArgument;
    std::memcpy(out, path.data(), path.size());
    out[path.size()] = '\0';
    return hal::Status::kOk;
}

hal::Status read_exactly_at(int fd, uint64_t offset, hal::ByteSpan out) {
    size_t done = 0;
    while (done < out.size()) {
        const ssize_t n =
            ::pread(fd, out.data() + done, out.size() - done, as_offset(offset + done));
        if (n > 0) {
            done += static_cast<size_t>(n);
        } else if (n == 0 || errno != EINTR) {
            return hal::Status::kFlashError;  // end of file inside the device, or I/O error
        }
    }
    return hal::Status::kOk;
}

hal::Status write_exactly_at(int fd, uint64_t offset, hal::ConstByteSpan data) {
    size_t done = 0;
    while (done < data.size()) {
        const ssize_t n =
            ::pwrite(fd, data.data() + done, data.size() - done, as_offset(offset + done));
        if (n > 0) {
            done += static_cast<size_t>(n);
        } else if (n == 0 || errno != EINTR) {
            return hal::Status::kFlashError;  // disk full, I/O error
        }
    }
    return hal::Status::kOk;
}

hal::Status fill_at(int fd, uint64_t offset, uint64_t size, uint8_t value) {
    uint8_t block[512];
    std::memset(block, value, sizeof block);
    for (uint64_t done = 0; done < size;) {
        const uint64_t chunk = size - done < sizeof block ? size - done : sizeof block;
        HAL_TRY(write_exactly_at(fd, offset + done, hal::ConstByteSpan(block, chunk)));
        done += chunk;
    }
    return hal::Status::kOk;
}

hal::Result<size_t> read_up_to(int fd, hal::ByteSpan out) {
    size_t done = 0;
    while (done < out.size()) {
        const ssize_t n = ::read(fd, out.data() + done, out.size() - done);
        if (n == 0) break;
        if (n > 0) {
            done += static_cast<size_t>(n);
        } else if (errno != EINTR) {
            return hal::Status::kFlashError;
        }
    }
    return done;
}

}  // namespace port::posix

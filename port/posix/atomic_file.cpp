#include "port/posix/atomic_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <cstring>

namespace port::posix {
namespace {

// A rename is only durable once the directory holding it is synced. Some file systems
// refuse fsync on directories; the file's own bytes are already safe, so that is not
// worth failing over.
void sync_parent_directory(const char* path) {
    PathBuffer directory{};
    const char* slash = std::strrchr(path, '/');
    if (slash == nullptr) {
        std::strcpy(directory, ".");
    } else if (slash == path) {
        std::strcpy(directory, "/");
    } else {
        const size_t length = static_cast<size_t>(slash - path);
        std::memcpy(directory, path, length);
        directory[length] = '\0';
    }
    const int fd = ::open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) return;
    (void)::fsync(fd);
    ::close(fd);
}

}  // namespace

hal::Status AtomicFileWriter::begin(const char* path, mode_t mode) {
    if (fd_ >= 0) return hal::Status::kFailedPrecondition;
    HAL_TRY(copy_path(path, path_));
    std::snprintf(temp_path_, sizeof temp_path_, "%s.tmp", path_);
    fd_ = ::open(temp_path_, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode);
    if (fd_ < 0) return hal::Status::kFlashError;
    size_ = 0;
    // O_CREAT's mode is filtered by the umask and ignored for an existing file.
    if (::fchmod(fd_, mode) != 0) {
        abandon();
        return hal::Status::kFlashError;
    }
    return hal::Status::kOk;
}

hal::Status AtomicFileWriter::write(hal::ConstByteSpan data) {
    if (fd_ < 0) return hal::Status::kFailedPrecondition;
    const hal::Status status = write_exactly_at(fd_, size_, data);
    if (status != hal::Status::kOk) abandon();
    size_ += data.size();
    return status;
}

hal::Status AtomicFileWriter::fill(uint64_t size, uint8_t value) {
    if (fd_ < 0) return hal::Status::kFailedPrecondition;
    const hal::Status status = fill_at(fd_, size_, size, value);
    if (status != hal::Status::kOk) abandon();
    size_ += size;
    return status;
}

hal::Status AtomicFileWriter::commit() {
    if (fd_ < 0) return hal::Status::kFailedPrecondition;
    if (::fsync(fd_) != 0) {
        abandon();
        return hal::Status::kFlashError;
    }
    ::close(fd_);
    fd_ = -1;
    if (::rename(temp_path_, path_) != 0) {
        ::unlink(temp_path_);
        return hal::Status::kFlashError;
    }
    sync_parent_directory(path_);
    return hal::Status::kOk;
}

void AtomicFileWriter::abandon() {
    if (fd_ < 0) return;
    ::close(fd_);
    fd_ = -1;
    ::unlink(temp_path_);
}

}  // namespace port::posix

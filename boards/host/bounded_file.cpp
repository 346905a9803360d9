#include "boards/host/bounded_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "hal/format.h"

namespace boards::host {
namespace {

constexpr size_t kReadChunk = 16 * 1024;

std::string quoted(const std::string& path) {
    return "'" + path + "'";
}

// Why a file of this type cannot be read as a document, or nullptr for a regular file.
const char* refused_type(mode_t mode) {
    if (S_ISREG(mode)) return nullptr;
    if (S_ISDIR(mode)) return "is a directory";
    if (S_ISFIFO(mode)) return "is a FIFO (named pipe), not a regular file";
    if (S_ISCHR(mode)) return "is a character device, not a regular file";
    if (S_ISBLK(mode)) return "is a block device, not a regular file";
    if (S_ISSOCK(mode)) return "is a socket, not a regular file";
    return "is not a regular file";
}

std::string errno_reason(const std::string& path, int error) {
    if (error == ENOENT) return quoted(path) + " does not exist";
    if (error == EACCES) return quoted(path) + " cannot be read (permission denied)";
    return quoted(path) + " cannot be read (" + std::strerror(error) + ")";
}

std::string too_large(const std::string& what, uint64_t size, uint64_t limit) {
    return what + " is " + describe_size(size) + ", over the limit of " + describe_size(limit);
}

std::string longer_than(const std::string& what, uint64_t limit) {
    return what + " is longer than the limit of " + describe_size(limit);
}

// Reads from `fd` until its end or until more than `max_bytes` arrived.
bool read_capped(int fd, const std::string& what, size_t max_bytes, std::string* out,
                 std::string* error) {
    out->clear();
    char chunk[kReadChunk];
    for (;;) {
        const size_t room = max_bytes + 1 - out->size();  // one spare byte shows "too large"
        const ssize_t n = ::read(fd, chunk, room < sizeof chunk ? room : sizeof chunk);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) {
            *error = what + " cannot be read (" + std::strerror(errno) + ")";
            return false;
        }
        if (n == 0) return true;
        out->append(chunk, static_cast<size_t>(n));
        if (out->size() > max_bytes) {
            *error = longer_than(what, max_bytes);
            out->clear();
            return false;
        }
    }
}

}  // namespace

std::string describe_size(uint64_t bytes) {
    char text[32];
    const size_t length = hal::format_size(hal::CharSpan(text), bytes);
    return std::string(text, length < sizeof text ? length : sizeof text - 1);
}

int open_bounded_file(const std::string& path, uint64_t max_bytes, uint64_t* size,
                      std::string* error) {
    if (path.empty()) {
        *error = "no file name given";
        return -1;
    }
    // O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer.
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
    if (fd < 0) {
        *error = errno_reason(path, errno);
        return -1;
    }
    struct stat info {};
    const char* refused = nullptr;
    if (::fstat(fd, &info) != 0) {
        *error = errno_reason(path, errno);
    } else if ((refused = refused_type(info.st_mode)) != nullptr) {
        *error = quoted(path) + " " + refused;
    } else if (static_cast<uint64_t>(info.st_size) > max_bytes) {
        *error = too_large(quoted(path), static_cast<uint64_t>(info.st_size), max_bytes);
    } else {
        const int flags = ::fcntl(fd, F_GETFL);
        if (flags >= 0) (void)::fcntl(fd, F_SETFL, flags & ~O_NONBLOCK);
        *size = static_cast<uint64_t>(info.st_size);
        return fd;
    }
    ::close(fd);
    return -1;
}

bool read_bounded_file(const std::string& path, size_t max_bytes, std::string* out,
                       std::string* error) {
    uint64_t size = 0;
    const int fd = open_bounded_file(path, max_bytes, &size, error);
    if (fd < 0) return false;
    const bool ok = read_capped(fd, quoted(path), max_bytes, out, error);
    ::close(fd);
    return ok;
}

bool read_bounded_stream(int fd, const char* name, size_t max_bytes, std::string* out,
                         std::string* error) {
    return read_capped(fd, name, max_bytes, out, error);
}

bool check_optional_file(const std::string& path, uint64_t max_bytes, std::string* error) {
    if (path.empty()) {
        *error = "no file name given";
        return false;
    }
    struct stat info {};
    if (::stat(path.c_str(), &info) != 0) {
        if (errno == ENOENT) return true;
        *error = errno_reason(path, errno);
        return false;
    }
    if (const char* refused = refused_type(info.st_mode)) {
        *error = quoted(path) + " " + refused;
        return false;
    }
    if (static_cast<uint64_t>(info.st_size) > max_bytes) {
        *error = too_large(quoted(path), static_cast<uint64_t>(info.st_size), max_bytes);
        return false;
    }
    return true;
}

}  // namespace boards::host

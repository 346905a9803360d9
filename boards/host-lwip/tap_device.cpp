#include "boards/host-lwip/tap_device.h"

#include <fcntl.h>
#include <linux/if_tun.h>
#include <net/if.h>
#include <poll.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <cstring>

namespace boards::host_lwip {

hal::Status TapDevice::open(const char* name) {
    if (fd_ >= 0) return hal::Status::kFailedPrecondition;
    if (name == nullptr || name[0] == '\0' || std::strlen(name) >= IFNAMSIZ) {
        return hal::Status::kInvalidArgument;
    }
    const int fd = ::open("/dev/net/tun", O_RDWR | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0) return hal::Status::kUnavailable;
    ifreq request{};
    request.ifr_flags = IFF_TAP | IFF_NO_PI;  // Ethernet frames, no 4-byte header
    std::memcpy(request.ifr_name, name, std::strlen(name));
    if (::ioctl(fd, TUNSETIFF, &request) != 0) {
        ::close(fd);
        return hal::Status::kUnavailable;
    }
    fd_ = fd;
    return hal::Status::kOk;
}

void TapDevice::close() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
}

bool TapDevice::wait_readable(hal::Millis max_wait_ms) {
    pollfd entry{fd_, POLLIN, 0};
    const int timeout = max_wait_ms > INT_MAX ? INT_MAX : static_cast<int>(max_wait_ms);
    // EINTR counts as "nothing yet": the caller's pump loop re-reads its clock.
    return ::poll(&entry, 1, timeout) > 0 && (entry.revents & POLLIN) != 0;
}

size_t TapDevice::read_frame(hal::ByteSpan out) {
    const ssize_t n = ::read(fd_, out.data(), out.size());
    return n > 0 ? static_cast<size_t>(n) : 0;  // EAGAIN: nothing waiting
}

hal::Status TapDevice::write_frame(hal::ConstByteSpan frame) {
    const ssize_t n = ::write(fd_, frame.data(), frame.size());
    return n == static_cast<ssize_t>(frame.size()) ? hal::Status::kOk : hal::Status::kNetworkError;
}

}  // namespace boards::host_lwip

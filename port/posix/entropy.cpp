#include "port/posix/entropy.h"

#include <sys/random.h>

#include <cerrno>
#include <cstddef>

namespace port::posix {

hal::Status GetrandomEntropy::fill(hal::ByteSpan out) {
    size_t done = 0;
    // getrandom may return fewer bytes than asked (large requests, signals): loop.
    while (done < out.size()) {
        const ssize_t n = ::getrandom(out.data() + done, out.size() - done, GRND_NONBLOCK);
        if (n > 0) {
            done += static_cast<size_t>(n);
        } else if (n == 0 || errno != EINTR) {
            // EAGAIN: pool not initialised yet; ENOSYS: kernel too old. Either way, no bytes.
            return hal::Status::kUnavailable;
        }
    }
    return hal::Status::kOk;
}

}  // namespace port::posix

#include "port/posix/tcp_socket.h"

#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <cstdio>
#include <cstring>

namespace port::posix {
namespace {

using hal::Millis;
using hal::Status;

// poll() takes an int; a hal interval may be larger (up to 2^31 - 1 is still an int).
int poll_timeout(Millis left) {
    return left > INT_MAX ? INT_MAX : static_cast<int>(left);
}

bool is_retryable(int error) {
    return error == EINTR || error == EAGAIN || error == EWOULDBLOCK;
}

// errno of a failed socket call -> the project's vocabulary.
Status status_from_errno(int error) {
    switch (error) {
        case EPIPE:  // we wrote after the peer's orderly shutdown: the stream ended cleanly
            return Status::kClosed;
        case EMFILE:
        case ENFILE:
        case ENOBUFS:
        case ENOMEM:  // descriptor table or kernel buffers exhausted
            return Status::kOutOfMemory;
        default:  // ECONNREFUSED, ECONNRESET, ENETUNREACH, EHOSTUNREACH, ETIMEDOUT, ...
            return Status::kNetworkError;
    }
}

Status status_from_gai(int code) {
    // EAI_NONAME, EAI_AGAIN, EAI_FAIL, EAI_NODATA, ...: the name did not resolve (now).
    return code == EAI_MEMORY ? Status::kOutOfMemory : Status::kNameResolution;
}

// getaddrinfo needs a NUL-terminated name; a string_view need not be one.
Status copy_host(std::string_view host, char (&out)[TcpSocket::kMaxHostLength + 1]) {
    if (host.empty() || host.size() > TcpSocket::kMaxHostLength) return Status::kInvalidArgument;
    if (host.find('\0') != std::string_view::npos) return Status::kInvalidArgument;
    std::memcpy(out, host.data(), host.size());
    out[host.size()] = '\0';
    return Status::kOk;
}

// kOk once `fd` reports one of `events` (or an error for the next call to collect);
// kTimeout when the deadline passes first. Re-reads the clock after every wake-up so
// that a signal or an early return never shortens or stretches the wait.
Status wait_ready(int fd, short events, hal::Clock& clock, Millis deadline) {
    for (;;) {
        pollfd entry{fd, events, 0};
        const int n = ::poll(&entry, 1, poll_timeout(hal::remaining(clock.now_ms(), deadline)));
        if (n > 0) return Status::kOk;
        if (n < 0 && errno != EINTR) return status_from_errno(errno);
        if (n == 0 && hal::deadline_passed(clock.now_ms(), deadline)) return Status::kTimeout;
    }
}

// Starts a non-blocking connect; kOk means "connected or in progress".
Status start_connect(int fd, const addrinfo& address) {
    if (::connect(fd, address.ai_addr, address.ai_addrlen) == 0) return Status::kOk;
    // EINTR: the connection carries on asynchronously, exactly like EINPROGRESS.
    if (errno == EINPROGRESS || errno == EINTR) return Status::kOk;
    return status_from_errno(errno);
}

Status finish_connect(int fd, hal::Clock& clock, Millis deadline) {
    HAL_TRY(wait_ready(fd, POLLOUT, clock, deadline));
    int error = 0;
    socklen_t length = sizeof error;
    if (::getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &length) != 0) error = errno;
    return error == 0 ? Status::kOk : status_from_errno(error);
}

// Requests go out as soon as they are written: we send whole records, so Nagle's
// algorithm only adds a round trip of latency. A failure here costs speed, not function.
void set_no_delay(int fd) {
    const int on = 1;
    (void)::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &on, sizeof on);
}

// A connected, non-blocking descriptor for one resolved address, or why not.
hal::Result<int> open_connection(const addrinfo& address, hal::Clock& clock, Millis deadline) {
    const int fd = ::socket(address.ai_family, address.ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC,
                            address.ai_protocol);
    if (fd < 0) return status_from_errno(errno);
    Status status = start_connect(fd, address);
    if (status == Status::kOk) status = finish_connect(fd, clock, deadline);
    if (status != Status::kOk) {
        ::close(fd);
        return status;
    }
    set_no_delay(fd);
    return fd;
}

}  // namespace

Status TcpSocket::connect(std::string_view host, uint16_t port, Millis deadline) {
    if (is_connected()) return Status::kFailedPrecondition;
    close();  // releases a stream that already failed

    char name[kMaxHostLength + 1];
    HAL_TRY(copy_host(host, name));
    char service[8];
    std::snprintf(service, sizeof service, "%u", static_cast<unsigned>(port));

    addrinfo hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_NUMERICSERV;
    addrinfo* list = nullptr;
    const int code = ::getaddrinfo(name, service, &hints, &list);
    if (code != 0) return status_from_gai(code);

    // One unreachable address (say, IPv6 on an IPv4-only network) must not hide the
    // next one; a passed deadline ends the whole attempt.
    Status status = Status::kNameResolution;
    for (const addrinfo* address = list; address != nullptr; address = address->ai_next) {
        const hal::Result<int> fd = open_connection(*address, clock_, deadline);
        status = fd.status();
        if (fd.ok()) fd_ = fd.value();
        if (status == Status::kOk || status == Status::kTimeout) break;
    }
    ::freeaddrinfo(list);
    return status;
}

hal::Result<size_t> TcpSocket::send(hal::ConstByteSpan data, Millis deadline) {
    if (fd_ < 0) return Status::kFailedPrecondition;
    if (data.empty()) return Status::kInvalidArgument;
    for (;;) {
        // The call first, poll() only when it would block: a socket with room takes the
        // bytes in one system call. MSG_NOSIGNAL: a closed peer must be a Status, not a
        // SIGPIPE that kills the process.
        const ssize_t n = ::send(fd_, data.data(), data.size(), MSG_NOSIGNAL);
        if (n > 0) return static_cast<size_t>(n);
        if (n < 0 && !is_retryable(errno)) return fail(status_from_errno(errno));
        // Full, interrupted or a spurious wake-up: wait, but never past the deadline.
        if (hal::deadline_passed(clock_.now_ms(), deadline)) return size_t{0};
        const Status ready = wait_ready(fd_, POLLOUT, clock_, deadline);
        if (ready == Status::kTimeout) return size_t{0};
        if (ready != Status::kOk) return fail(ready);
    }
}

hal::Result<size_t> TcpSocket::recv(hal::ByteSpan out, Millis deadline) {
    if (fd_ < 0) return Status::kFailedPrecondition;
    if (out.empty()) return Status::kInvalidArgument;
    for (;;) {
        // The call first, poll() only when nothing is waiting.
        const ssize_t n = ::recv(fd_, out.data(), out.size(), 0);
        if (n > 0) return static_cast<size_t>(n);
        if (n == 0) return fail(Status::kClosed);  // orderly end of stream
        if (!is_retryable(errno)) return fail(status_from_errno(errno));
        if (hal::deadline_passed(clock_.now_ms(), deadline)) return size_t{0};
        const Status ready = wait_ready(fd_, POLLIN, clock_, deadline);
        if (ready == Status::kTimeout) return size_t{0};
        if (ready != Status::kOk) return fail(ready);
    }
}

void TcpSocket::close() {
    // No retry on EINTR: Linux releases the descriptor either way, and retrying could
    // close a descriptor another part of the process has just been given.
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
    broken_ = false;
}

Status TcpSocket::fail(Status status) {
    broken_ = true;
    return status;
}

}  // namespace port::posix

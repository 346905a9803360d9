#include "tests/port_posix/port_posix_fixtures.h"

#include <arpa/inet.h>
#include <ftw.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace port_posix_test {
namespace {

int remove_entry(const char* path, const struct stat*, int, FTW*) {
    return ::remove(path);
}

// Binds `fd` to the loopback address of `family`, port 0.
bool bind_loopback(int fd, int family) {
    if (family == AF_INET6) {
        sockaddr_in6 address{};
        address.sin6_family = AF_INET6;
        address.sin6_addr = in6addr_loopback;
        return ::bind(fd, reinterpret_cast<const sockaddr*>(&address), sizeof address) == 0;
    }
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    return ::bind(fd, reinterpret_cast<const sockaddr*>(&address), sizeof address) == 0;
}

uint16_t bound_port(int fd) {
    sockaddr_storage address{};
    socklen_t length = sizeof address;
    if (::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) != 0) return 0;
    if (address.ss_family == AF_INET6) {
        return ntohs(reinterpret_cast<const sockaddr_in6*>(&address)->sin6_port);
    }
    return ntohs(reinterpret_cast<const sockaddr_in*>(&address)->sin_port);
}

}  // namespace

TempDir::TempDir() {
    std::snprintf(path_, sizeof path_, "/tmp/parley-port-XXXXXX");
    if (::mkdtemp(path_) == nullptr) std::abort();  // nothing sensible to test without it
}

TempDir::~TempDir() {
    ::nftw(path_, remove_entry, 8, FTW_DEPTH | FTW_PHYS);
}

bool Listener::open(int family, int backlog, int receive_buffer) {
    close();
    fd_ = ::socket(family, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd_ < 0) return false;
    if (receive_buffer > 0) {
        ::setsockopt(fd_, SOL_SOCKET, SO_RCVBUF, &receive_buffer, sizeof receive_buffer);
    }
    if (!bind_loopback(fd_, family) || ::listen(fd_, backlog) != 0) {
        close();
        return false;
    }
    port_ = bound_port(fd_);
    return port_ != 0;
}

int Listener::accept_one(int timeout_ms) {
    pollfd entry{fd_, POLLIN, 0};
    if (::poll(&entry, 1, timeout_ms) != 1) return -1;
    return ::accept4(fd_, nullptr, nullptr, SOCK_CLOEXEC);
}

void Listener::close() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
    port_ = 0;
}

uint16_t closed_port() {
    Listener listener;
    if (!listener.open(AF_INET)) return 0;
    return listener.port();  // released by the destructor; nobody listens there any more
}

void write_all_raw(int fd, const void* data, size_t size) {
    const char* bytes = static_cast<const char*>(data);
    while (size > 0) {
        const ssize_t n = ::send(fd, bytes, size, MSG_NOSIGNAL);
        if (n <= 0) return;
        bytes += n;
        size -= static_cast<size_t>(n);
    }
}

size_t read_raw(int fd, void* out, size_t size, int timeout_ms) {
    pollfd entry{fd, POLLIN, 0};
    if (::poll(&entry, 1, timeout_ms) != 1) return 0;
    const ssize_t n = ::recv(fd, out, size, 0);
    return n > 0 ? static_cast<size_t>(n) : 0;
}

void reset_and_close(int fd) {
    const linger hard{1, 0};
    ::setsockopt(fd, SOL_SOCKET, SO_LINGER, &hard, sizeof hard);
    ::close(fd);
}

hal::Status send_all(hal::Socket& socket, hal::Clock& clock, hal::ConstByteSpan data,
                     hal::Millis deadline) {
    while (!data.empty()) {
        const hal::Result<size_t> sent = socket.send(data, deadline);
        if (!sent.ok()) return sent.status();
        if (sent.value() == 0 && hal::deadline_passed(clock.now_ms(), deadline)) {
            return hal::Status::kTimeout;
        }
        data = data.subspan(sent.value());
    }
    return hal::Status::kOk;
}

hal::Status recv_exactly(hal::Socket& socket, hal::Clock& clock, hal::ByteSpan out,
                         hal::Millis deadline) {
    while (!out.empty()) {
        const hal::Result<size_t> got = socket.recv(out, deadline);
        if (!got.ok()) return got.status();
        if (got.value() == 0 && hal::deadline_passed(clock.now_ms(), deadline)) {
            return hal::Status::kTimeout;
        }
        out = out.subspan(got.value());
    }
    return hal::Status::kOk;
}

}  // namespace port_posix_test

#include "tests/hal_conformance/loopback_peers.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstring>

#include "tests/port_posix/port_posix_fixtures.h"

namespace conformance_test {
namespace {

constexpr int kSilentReceiveBuffer = 4096;
constexpr size_t kMaxConnections = 64;

int listen_loopback(uint16_t& port, int receive_buffer) {
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) return -1;
    const int on = 1;
    ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);
    if (receive_buffer > 0) {
        ::setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &receive_buffer, sizeof receive_buffer);
    }
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t length = sizeof address;
    if (::bind(fd, reinterpret_cast<const sockaddr*>(&address), sizeof address) != 0 ||
        ::listen(fd, 16) != 0 ||
        ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
        ::close(fd);
        return -1;
    }
    port = ntohs(address.sin_port);
    return fd;
}

struct Connection {
    int fd;
    int role;
};

}  // namespace

bool LoopbackPeers::start() {
    for (int role = 0; role < kRoles; ++role) {
        listeners_[role] =
            listen_loopback(ports_[role], role == kSilent ? kSilentReceiveBuffer : 0);
        if (listeners_[role] < 0) return false;
    }
    closed_port_ = port_posix_test::closed_port();
    if (closed_port_ == 0 || ::pipe2(wake_, O_CLOEXEC) != 0) return false;
    thread_ = std::thread([this] { serve(); });
    return true;
}

void LoopbackPeers::stop() {
    if (thread_.joinable()) {
        const char byte = 'q';
        (void)!::write(wake_[1], &byte, 1);
        thread_.join();
    }
    for (int& fd : listeners_) {
        if (fd >= 0) ::close(fd);
        fd = -1;
    }
    for (int& fd : wake_) {
        if (fd >= 0) ::close(fd);
        fd = -1;
    }
}

hal::conformance::SocketPeer LoopbackPeers::peer() const {
    return {"127.0.0.1",    ports_[kEcho], ports_[kSilent],       ports_[kBye],
            ports_[kReset], closed_port_,  "no-such-host.invalid"};
}

// One poll loop: the wake pipe, the listeners, and the echo and reset connections. Silent
// connections are held without being polled (their data is never read).
void LoopbackPeers::serve() {
    Connection connections[kMaxConnections];
    size_t count = 0;
    pollfd fds[1 + kRoles + kMaxConnections];
    for (;;) {
        fds[0] = {wake_[0], POLLIN, 0};
        for (int role = 0; role < kRoles; ++role)
            fds[1 + role] = {listeners_[role], POLLIN, 0};
        for (size_t i = 0; i < count; ++i) {
            const bool polled = connections[i].role != kSilent;
            fds[1 + kRoles + i] = {polled ? connections[i].fd : -1, POLLIN, 0};
        }
        if (::poll(fds, 1 + kRoles + count, -1) < 0) continue;
        if (fds[0].revents != 0) break;
        for (size_t i = 0; i < count;) {
            const pollfd& entry = fds[1 + kRoles + i];
            if (entry.fd < 0 || entry.revents == 0) {
                ++i;
                continue;
            }
            Connection& c = connections[i];
            uint8_t buffer[65536];
            const ssize_t n = ::recv(c.fd, buffer, c.role == kReset ? 1 : sizeof buffer, 0);
            if (n > 0 && c.role == kEcho) {
                port_posix_test::write_all_raw(c.fd, buffer, static_cast<size_t>(n));
                ++i;
                continue;
            }
            if (c.role == kReset && n > 0) {
                port_posix_test::reset_and_close(c.fd);
            } else {
                ::close(c.fd);
            }
            connections[i] = connections[--count];  // its pollfd is stale now: next round
            break;
        }
        for (int role = 0; role < kRoles; ++role) {
            if (fds[1 + role].revents == 0) continue;
            const int fd = ::accept4(listeners_[role], nullptr, nullptr, SOCK_CLOEXEC);
            if (fd < 0) continue;
            if (role == kBye) {
                port_posix_test::write_all_raw(fd, "bye", 3);
                ::close(fd);
            } else if (count < kMaxConnections) {
                connections[count++] = {fd, role};
            } else {
                ::close(fd);
            }
        }
    }
    for (size_t i = 0; i < count; ++i)
        ::close(connections[i].fd);
}

}  // namespace conformance_test

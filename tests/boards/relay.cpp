// relay: one guest connection to one server on the host's loopback, for QEMU's user-mode
// network (tests/boards/board-net.sh):
//   -nic user,restrict=on,guestfwd=tcp:IP:PORT-cmd:relay HOST HOST_PORT
// QEMU (libslirp) starts it once per connection the guest opens to IP:PORT, with that
// connection as stdin, stdout and stderr; it copies bytes both ways until each side has
// closed, passing half-closes on (TLS's close_notify, then FIN). relay.py does the same;
// this one starts in a millisecond where a Python interpreter takes 50 ms to most of a
// second on a loaded machine, once per TLS connection of the board.
// Nothing is ever written to stderr: it is the guest's connection.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstdint>
#include <cstdlib>

namespace {

constexpr int kGuest = 0;  // stdin and stdout: the guest's connection

int connect_to(const char* host, const char* port_text) {
    char* end = nullptr;
    const long port = std::strtol(port_text, &end, 10);
    if (end == port_text || *end != '\0' || port <= 0 || port > 65535) {
        return -1;
    }
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(static_cast<std::uint16_t>(port));
    if (inet_pton(AF_INET, host, &address.sin_addr) != 1) {
        return -1;
    }
    const int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        return -1;
    }
    // NOLINTNEXTLINE(cppcoreguidelines-pro-type-reinterpret-cast): the sockets API
    if (connect(fd, reinterpret_cast<const sockaddr*>(&address), sizeof address) != 0) {
        close(fd);
        return -1;
    }
    return fd;
}

bool write_all(int fd, const char* data, ssize_t size) {
    while (size > 0) {
        const ssize_t n = write(fd, data, static_cast<size_t>(size));
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            return false;
        }
        data += n;
        size -= n;
    }
    return true;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 3) {
        return 2;
    }
    const int server = connect_to(argv[1], argv[2]);
    if (server < 0) {
        return 1;
    }
    std::array<pollfd, 2> fds{pollfd{kGuest, POLLIN, 0}, pollfd{server, POLLIN, 0}};
    const std::array<int, 2> peer{server, 1};  // guest -> server, server -> guest (stdout)
    std::array<char, 65536> buffer{};
    int open_sides = 2;
    while (open_sides > 0) {
        if (poll(fds.data(), fds.size(), -1) < 0) {
            if (errno == EINTR) {
                continue;
            }
            return 1;
        }
        for (size_t i = 0; i < fds.size(); ++i) {
            if (fds[i].fd < 0 || fds[i].revents == 0) {
                continue;
            }
            const ssize_t n = read(fds[i].fd, buffer.data(), buffer.size());
            if (n < 0 && errno == EINTR) {
                continue;
            }
            if (n > 0) {
                if (!write_all(peer[i], buffer.data(), n)) {
                    return 1;
                }
                continue;
            }
            fds[i].fd = -1;  // EOF (or an error): pass the half-close on
            --open_sides;
            shutdown(peer[i], SHUT_WR);
        }
    }
    return 0;
}

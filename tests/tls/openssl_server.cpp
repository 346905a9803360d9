#include "tests/tls/openssl_server.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstring>

namespace test {
namespace {

constexpr int kStartTimeoutMs = 10000;

int bind_loopback(uint16_t* port) {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0) return -1;
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof addr;
    if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
        ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
        ::close(fd);
        return -1;
    }
    *port = ntohs(addr.sin_port);
    return fd;
}

// Reads the child's output until a line says ACCEPT or the time runs out.
bool wait_for_accept(int fd) {
    std::string seen;
    const auto start = std::chrono::steady_clock::now();
    for (;;) {
        const auto waited = std::chrono::duration_cast<std::chrono::milliseconds>(
                                std::chrono::steady_clock::now() - start)
                                .count();
        if (waited >= kStartTimeoutMs) return false;
        pollfd p{fd, POLLIN, 0};
        if (::poll(&p, 1, static_cast<int>(kStartTimeoutMs - waited)) <= 0) return false;
        char buf[256];
        const ssize_t n = ::read(fd, buf, sizeof buf);
        if (n <= 0) return false;
        seen.append(buf, static_cast<size_t>(n));
        if (seen.find("ACCEPT") != std::string::npos) return true;
    }
}

}  // namespace

uint16_t free_loopback_port() {
    uint16_t port = 0;
    const int fd = bind_loopback(&port);
    if (fd >= 0) ::close(fd);
    return port;
}

OpensslServer::OpensslServer(const std::vector<std::string>& args) {
    port_ = free_loopback_port();
    int pipe_fds[2];
    if (port_ == 0 || ::pipe(pipe_fds) != 0) return;
    std::vector<std::string> argv_s = {"openssl", "s_server", "-accept",
                                       "127.0.0.1:" + std::to_string(port_)};
    argv_s.insert(argv_s.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (auto& a : argv_s)
        argv.push_back(a.data());
    argv.push_back(nullptr);

    pid_ = ::fork();
    if (pid_ == 0) {
        ::dup2(pipe_fds[1], STDOUT_FILENO);
        ::dup2(pipe_fds[1], STDERR_FILENO);
        ::close(pipe_fds[0]);
        ::close(pipe_fds[1]);
        ::execvp("openssl", argv.data());
        ::_exit(127);
    }
    ::close(pipe_fds[1]);
    out_fd_ = pipe_fds[0];
    started_ = pid_ > 0 && wait_for_accept(out_fd_);
}

OpensslServer::~OpensslServer() {
    if (pid_ > 0) {
        ::kill(pid_, SIGTERM);
        int status = 0;
        ::waitpid(pid_, &status, 0);
    }
    if (out_fd_ >= 0) ::close(out_fd_);
}

SilentListener::SilentListener() {
    fd_ = bind_loopback(&port_);
    if (fd_ >= 0 && ::listen(fd_, 4) != 0) {
        ::close(fd_);
        fd_ = -1;
        port_ = 0;
    }
}

SilentListener::~SilentListener() {
    if (fd_ >= 0) ::close(fd_);
}

}  // namespace test

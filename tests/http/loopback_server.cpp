#include "tests/http/loopback_server.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <cstring>
#include <thread>

namespace http_test {
namespace {

constexpr int kPollMs = 50;
constexpr size_t kReadChunk = 4096;

bool wait_readable(int fd, const std::atomic<bool>& stop) {
    while (!stop.load()) {
        pollfd entry{fd, POLLIN, 0};
        if (::poll(&entry, 1, kPollMs) > 0) return true;
    }
    return false;
}

// After shutdown(SHUT_WR): waits until the peer's stack acknowledged our FIN (the socket
// leaves FIN_WAIT1), which is when the client can read the end of stream. Bounded: a
// peer that never answers is given up on after kFinAckMs.
constexpr int kFinAckMs = 5000;

void wait_fin_acknowledged(int fd, const std::atomic<bool>& stop) {
    const auto give_up = std::chrono::steady_clock::now() + std::chrono::milliseconds(kFinAckMs);
    while (!stop.load() && std::chrono::steady_clock::now() < give_up) {
        tcp_info info{};
        socklen_t size = sizeof info;
        if (::getsockopt(fd, IPPROTO_TCP, TCP_INFO, &info, &size) != 0) return;
        if (info.tcpi_state != TCP_FIN_WAIT1) return;
        std::this_thread::sleep_for(std::chrono::microseconds(200));
    }
}

size_t content_length(const std::string& head) {
    const char* key = "Content-Length: ";
    const size_t at = head.find(key);
    return at == std::string::npos
               ? 0
               : std::strtoul(head.c_str() + at + std::strlen(key), nullptr, 10);
}

}  // namespace

LoopbackServer::LoopbackServer(std::vector<CannedResponse> responses)
    : responses_(std::move(responses)) {
    listener_ = ::socket(AF_INET, SOCK_STREAM, 0);
    const int one = 1;
    ::setsockopt(listener_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ::bind(listener_, reinterpret_cast<sockaddr*>(&address), sizeof address);
    ::listen(listener_, 4);
    socklen_t size = sizeof address;
    ::getsockname(listener_, reinterpret_cast<sockaddr*>(&address), &size);
    port_ = ntohs(address.sin_port);
    thread_ = std::thread([this] { run(); });
}

LoopbackServer::~LoopbackServer() {
    stop_.store(true);
    thread_.join();
    ::close(listener_);
}

std::string LoopbackServer::received() {
    std::lock_guard<std::mutex> lock(mutex_);
    return received_;
}

// Reads one request (head and Content-Length body); false when the client left.
bool LoopbackServer::read_request(int fd) {
    std::string request;
    size_t needed = SIZE_MAX;
    while (request.size() < needed) {
        if (!wait_readable(fd, stop_)) return false;
        char chunk[kReadChunk];
        const ssize_t n = ::recv(fd, chunk, sizeof chunk, 0);
        if (n <= 0) return false;
        request.append(chunk, static_cast<size_t>(n));
        const size_t end = request.find("\r\n\r\n");
        if (end != std::string::npos) needed = end + 4 + content_length(request.substr(0, end));
    }
    std::lock_guard<std::mutex> lock(mutex_);
    received_ += request;
    return true;
}

void LoopbackServer::serve(int fd, size_t& next) {
    while (next < responses_.size() && read_request(fd)) {
        const CannedResponse& r = responses_[next++];
        ::send(fd, r.response.data(), r.response.size(), MSG_NOSIGNAL);
        if (r.close_after) break;
    }
    ::shutdown(fd, SHUT_WR);
    wait_fin_acknowledged(fd, stop_);
    ::close(fd);
    {
        std::lock_guard<std::mutex> lock(mutex_);
        closed_.fetch_add(1);
    }
    closed_changed_.notify_all();
}

bool LoopbackServer::wait_closed(int count, int timeout_ms) {
    std::unique_lock<std::mutex> lock(mutex_);
    return closed_changed_.wait_for(lock, std::chrono::milliseconds(timeout_ms),
                                    [&] { return closed_.load() >= count; });
}

void LoopbackServer::run() {
    size_t next = 0;
    while (next < responses_.size() && wait_readable(listener_, stop_)) {
        const int fd = ::accept(listener_, nullptr, nullptr);
        if (fd < 0) continue;
        accepted_.fetch_add(1);
        serve(fd, next);
    }
}

}  // namespace http_test

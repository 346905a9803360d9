// LoopbackServer: a tiny HTTP server on 127.0.0.1 in a thread, built from raw POSIX
// calls (so the code under test never tests itself). It answers requests in order with
// canned responses and can close the connection after any of them.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace http_test {

struct CannedResponse {
    std::string response;
    bool close_after = false;  // the server closes the connection once it is sent
};

class LoopbackServer {
  public:
    explicit LoopbackServer(std::vector<CannedResponse> responses);
    ~LoopbackServer();
    LoopbackServer(const LoopbackServer&) = delete;
    LoopbackServer& operator=(const LoopbackServer&) = delete;

    uint16_t port() const { return port_; }
    int connections_accepted() const { return accepted_.load(); }
    int connections_closed() const { return closed_.load(); }
    // Waits until `count` connections are closed, each only once the client's TCP stack
    // acknowledged the server's FIN (so the client can see the end of stream); false
    // after `timeout_ms`.
    bool wait_closed(int count, int timeout_ms);
    // Every request received so far, in order, concatenated.
    std::string received();

  private:
    void run();
    bool read_request(int fd);
    void serve(int fd, size_t& next);

    std::vector<CannedResponse> responses_;
    int listener_ = -1;
    uint16_t port_ = 0;
    std::atomic<int> accepted_{0};
    std::atomic<int> closed_{0};
    std::atomic<bool> stop_{false};
    std::mutex mutex_;
    std::condition_variable closed_changed_;
    std::string received_;
    std::thread thread_;
};

}  // namespace http_test

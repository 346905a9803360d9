// OpensslServer: runs `openssl s_server` on 127.0.0.1 as an independent TLS peer for
// the tests, on a free port, and stops it when the object goes away.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <string>
#include <vector>

namespace test {

class OpensslServer {
  public:
    // args: extra s_server arguments (protocol, certificate, key, -www, ...).
    // Waits until the server prints ACCEPT; started() says whether it did.
    explicit OpensslServer(const std::vector<std::string>& args);
    ~OpensslServer();
    OpensslServer(const OpensslServer&) = delete;
    OpensslServer& operator=(const OpensslServer&) = delete;

    bool started() const { return started_; }
    uint16_t port() const { return port_; }

  private:
    pid_t pid_ = -1;
    int out_fd_ = -1;
    uint16_t port_ = 0;
    bool started_ = false;
};

// A port on 127.0.0.1 that was free a moment ago.
uint16_t free_loopback_port();

// A TCP listener on 127.0.0.1 that never accepts or answers: connections complete in
// the kernel's backlog and then hear nothing.
class SilentListener {
  public:
    SilentListener();
    ~SilentListener();
    SilentListener(const SilentListener&) = delete;
    SilentListener& operator=(const SilentListener&) = delete;
    uint16_t port() const { return port_; }

  private:
    int fd_ = -1;
    uint16_t port_ = 0;
};

}  // namespace test

// PeerProcess: a server the lwIP tests talk to (tests/port_lwip/peers.py, openssl s_server),
// run as a child process inside the test's network namespace. Started with a marker
// that its output prints once it listens; stopped (SIGTERM, then reaped) on destruction,
// and killed by the kernel if the test process dies first. Allocates nothing.
#pragma once

#include <sys/types.h>

namespace lwip_test {

class PeerProcess {
  public:
    PeerProcess() = default;
    ~PeerProcess() { stop(); }
    PeerProcess(const PeerProcess&) = delete;
    PeerProcess& operator=(const PeerProcess&) = delete;

    // Runs argv (null-terminated; argv[0] is looked up in PATH) in directory `dir`
    // (nullptr: the current one) and waits until its output contains `ready`.
    // False when it could not start or did not get ready in time.
    bool start(const char* const* argv, const char* ready, const char* dir = nullptr);
    void stop();
    bool running() const { return pid_ > 0; }

  private:
    pid_t pid_ = -1;
    int output_fd_ = -1;  // the child's stdout and stderr, kept open so it never gets SIGPIPE
    int input_fd_ = -1;   // the child's stdin; closing it tells peers.py to exit
};

}  // namespace lwip_test

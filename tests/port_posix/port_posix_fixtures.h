// Helpers for the POSIX port tests: a scratch directory under /tmp, a loopback TCP
// listener built from raw POSIX calls (so the code under test never tests itself),
// and caller-level loops that turn a Socket's "0 = nothing yet" into kTimeout.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "hal/clock.h"
#include "hal/socket.h"
#include "hal/span.h"
#include "hal/status.h"
#include "hal/time.h"

namespace port_posix_test {

// mkdtemp("/tmp/parley-port-XXXXXX"), removed with everything in it on destruction.
class TempDir {
  public:
    TempDir();
    ~TempDir();
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;

    std::string file(const char* name) const { return std::string(path_) + "/" + name; }

  private:
    char path_[64];
};

// A TCP listener on 127.0.0.1 or ::1 with a kernel-chosen port.
class Listener {
  public:
    Listener() = default;
    ~Listener() { close(); }
    Listener(const Listener&) = delete;
    Listener& operator=(const Listener&) = delete;

    // False when the address family is not available on this host (no IPv6, say).
    // `receive_buffer` > 0 shrinks the buffer accepted connections inherit.
    bool open(int family, int backlog = 8, int receive_buffer = 0);
    uint16_t port() const { return port_; }

    // The accepted descriptor, or -1 if no connection arrived within `timeout_ms`.
    int accept_one(int timeout_ms);
    void close();

  private:
    int fd_ = -1;
    uint16_t port_ = 0;
};

// A loopback port on which nothing listens (bound, then released).
uint16_t closed_port();

// Raw helpers for the server side of a test.
void write_all_raw(int fd, const void* data, size_t size);
size_t read_raw(int fd, void* out, size_t size, int timeout_ms);
void reset_and_close(int fd);  // SO_LINGER {1, 0}: the peer sees ECONNRESET

// Caller-level loops, as the layers above would write them.
hal::Status send_all(hal::Socket& socket, hal::Clock& clock, hal::ConstByteSpan data,
                     hal::Millis deadline);
hal::Status recv_exactly(hal::Socket& socket, hal::Clock& clock, hal::ByteSpan out,
                         hal::Millis deadline);

}  // namespace port_posix_test

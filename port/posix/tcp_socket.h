// TcpSocket: hal::Socket over a POSIX TCP socket (IPv4 and IPv6), for host builds.
// Every call is bounded by its deadline through non-blocking I/O and poll(); the one
// exception is name resolution (getaddrinfo blocks, and allocates inside the C library).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "hal/clock.h"
#include "hal/result.h"
#include "hal/socket.h"
#include "hal/span.h"
#include "hal/status.h"
#include "hal/time.h"

namespace port::posix {

class TcpSocket final : public hal::Socket {
  public:
    // The longest host name connect() accepts (a DNS name is at most 253 characters).
    static constexpr size_t kMaxHostLength = hal::kMaxHostLength;

    explicit TcpSocket(hal::Clock& clock) : clock_(clock) {}
    ~TcpSocket() { close(); }
    TcpSocket(const TcpSocket&) = delete;
    TcpSocket& operator=(const TcpSocket&) = delete;

    // `host` is a name or a literal address without brackets ("::1", not "[::1]").
    // Tries every resolved address in order; a refused or unreachable address moves on
    // to the next one, a deadline that passes ends the attempt with kTimeout. A stream
    // that failed earlier (kClosed, kNetworkError) is released first, so a caller can
    // reconnect without calling close().
    hal::Status connect(std::string_view host, uint16_t port, hal::Millis deadline) override;

    // Empty buffers are kInvalidArgument (0 would read as "try again" forever);
    // not connected is kFailedPrecondition.
    hal::Result<size_t> send(hal::ConstByteSpan data, hal::Millis deadline) override;
    hal::Result<size_t> recv(hal::ByteSpan out, hal::Millis deadline) override;

    void close() override;

    // False once the peer closed or reset the stream, even before close() is called,
    // so that a caller deciding whether to reuse the connection sees the truth.
    bool is_connected() const override { return fd_ >= 0 && !broken_; }

  private:
    // Records that the stream is finished and passes `status` on.
    hal::Status fail(hal::Status status);

    hal::Clock& clock_;
    int fd_ = -1;
    bool broken_ = false;  // a hard error or end of stream was reported on fd_
};

}  // namespace port::posix

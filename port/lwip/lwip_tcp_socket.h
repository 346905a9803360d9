// LwipTcpSocket: hal::Socket over lwIP's raw TCP API without an RTOS. lwIP's callbacks
// copy received data into a fixed ring of TCP_WND bytes, and the window reopens only as
// the caller reads (backpressure); send copies into lwIP's send buffer. Every call pumps
// the stack (LwipStack::pump) until it can answer or its deadline passes.
// IPv4 only: names resolve through lwIP's DNS client, IPv4 literals directly; an IPv6
// literal is kUnsupported (LWIP_IPV6 is off in lwipopts.h). Nothing is allocated from the
// C heap; lwIP's pcbs and buffers come from its static pools (lwipopts.h).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "hal/result.h"
#include "hal/socket.h"
#include "hal/span.h"
#include "hal/status.h"
#include "hal/time.h"
#include "lwip/ip_addr.h"
#include "lwip/opt.h"
#include "port/lwip/byte_ring.h"
#include "port/lwip/lwip_stack.h"

struct tcp_pcb;
struct pbuf;

namespace port::lwip {

class LwipTcpSocket final : public hal::Socket {
  public:
    // The longest host name connect() accepts (a DNS name is at most 253 characters).
    static constexpr size_t kMaxHostLength = hal::kMaxHostLength;
    // Received bytes not yet read. Equal to the receive window, so whatever the peer may
    // send always fits, and lwIP never has to hold data back in its pool.
    static constexpr size_t kReceiveBufferSize = TCP_WND;

    explicit LwipTcpSocket(LwipStack& stack)
        : stack_(stack), ring_(hal::ByteSpan(receive_buffer_, kReceiveBufferSize)) {}
    ~LwipTcpSocket() { close(); }
    LwipTcpSocket(const LwipTcpSocket&) = delete;
    LwipTcpSocket& operator=(const LwipTcpSocket&) = delete;

    // `host` is a name or a dotted IPv4 literal. A stream that failed earlier (kClosed,
    // kNetworkError) is released first, so a caller can reconnect without close().
    // Errors: kInvalidArgument (empty, over-long or NUL-carrying host), kUnsupported (an
    // IPv6 literal), kNameResolution, kNetworkError (refused: the peer answered with a
    // reset), kTimeout (no answer before the deadline; the attempt is aborted),
    // kOutOfMemory (no pcb or buffer left in lwIP's pools), kFailedPrecondition.
    hal::Status connect(std::string_view host, uint16_t port, hal::Millis deadline) override;

    // Empty buffers are kInvalidArgument; not connected is kFailedPrecondition.
    // send returns once lwIP has taken a copy of at least one byte; errors: kNetworkError
    // (reset, or lwIP gave up retransmitting). recv hands out buffered bytes first and
    // reports the end of the stream (kClosed) or an error only after them.
    hal::Result<size_t> send(hal::ConstByteSpan data, hal::Millis deadline) override;
    hal::Result<size_t> recv(hal::ByteSpan out, hal::Millis deadline) override;

    // Sends FIN (a reset if received bytes were left unread, as a kernel would) and
    // leaves the rest of the close to lwIP; aborts instead when lwIP has no memory for
    // the FIN. Safe when not connected.
    void close() override;

    // False once the peer's end of stream has been read, or a reset or abort happened,
    // even before a call reports it: lwIP tells us as soon as it knows.
    bool is_connected() const override;

  private:
    enum class State : uint8_t {
        kIdle,        // no connection (never connected, or closed)
        kConnecting,  // SYN sent, waiting for the handshake
        kConnected,   // established; the peer may have sent FIN (peer_closed_)
        kFailed,      // reset or aborted: lwIP has freed the pcb; error_ says why
    };

    static int8_t on_connected(void* arg, tcp_pcb* pcb, int8_t err);
    static int8_t on_received(void* arg, tcp_pcb* pcb, pbuf* p, int8_t err);
    static void on_error(void* arg, int8_t err);

    hal::Status open(const ip_addr_t& address, uint16_t port);
    hal::Status await_connected(hal::Millis deadline);
    // Queues as much of `data` as lwIP's send buffer takes now; 0 when it is full.
    hal::Result<size_t> write_some(hal::ConstByteSpan data);
    size_t deliver(hal::ByteSpan out);
    void release_pcb();

    LwipStack& stack_;
    tcp_pcb* pcb_ = nullptr;
    State state_ = State::kIdle;
    hal::Status error_ = hal::Status::kOk;
    bool peer_closed_ = false;  // FIN received: no more bytes after those in ring_
    uint8_t receive_buffer_[kReceiveBufferSize];
    ByteRing ring_;
};

}  // namespace port::lwip

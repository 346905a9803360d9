#include "port/lwip/lwip_tcp_socket.h"

#include <cstring>
#include <type_traits>

#include "lwip/err.h"
#include "lwip/ip_addr.h"
#include "lwip/pbuf.h"
#include "lwip/tcp.h"
#include "port/lwip/lwip_resolver.h"

namespace port::lwip {

// The header spells lwIP's callback types without including lwIP's TCP headers.
static_assert(std::is_same_v<err_t, int8_t>, "err_t is assumed to be int8_t");
// tcp_recved() takes a u16_t, and one read never returns more than the ring holds.
static_assert(LwipTcpSocket::kReceiveBufferSize <= 0xFFFF, "the ring must fit tcp_recved");
static_assert(LwipTcpSocket::kReceiveBufferSize >= TCP_WND,
              "the ring must hold a full window, or lwIP holds refused data in its pool");

namespace {

using hal::Millis;
using hal::Status;

// Why lwIP ended a connection (the pcb is already freed when we hear it).
Status status_from_err(err_t err) {
    switch (err) {
        case ERR_CLSD:  // closed in LAST_ACK: an orderly end
            return Status::kClosed;
        case ERR_MEM:
            return Status::kOutOfMemory;
        default:  // ERR_RST (reset or refused), ERR_ABRT (lwIP gave up retransmitting)
            return Status::kNetworkError;
    }
}

// lwIP needs a NUL-terminated name; a string_view need not be one.
Status copy_host(std::string_view host, char (&out)[LwipTcpSocket::kMaxHostLength + 1]) {
    if (host.empty() || host.size() > LwipTcpSocket::kMaxHostLength) {
        return Status::kInvalidArgument;
    }
    if (host.find('\0') != std::string_view::npos) return Status::kInvalidArgument;
    std::memcpy(out, host.data(), host.size());
    out[host.size()] = '\0';
    return Status::kOk;
}

size_t min_size(size_t a, size_t b) {
    return a < b ? a : b;
}

}  // namespace

Status LwipTcpSocket::connect(std::string_view host, uint16_t port, Millis deadline) {
    if (is_connected()) return Status::kFailedPrecondition;
    close();  // releases a stream that already failed or ended

    char name[kMaxHostLength + 1];
    HAL_TRY(copy_host(host, name));
    // Only IPv6 literals contain a colon (a port never comes with the host here).
    if (host.find(':') != std::string_view::npos) return Status::kUnsupported;

    const hal::Result<ip_addr_t> address = resolve_ipv4(stack_, name, deadline);
    if (!address.ok()) return address.status();
    HAL_TRY(open(address.value(), port));
    return await_connected(deadline);
}

// Creates the pcb and sends SYN.
Status LwipTcpSocket::open(const ip_addr_t& address, uint16_t port) {
    pcb_ = tcp_new_ip_type(IPADDR_TYPE_V4);
    if (pcb_ == nullptr) return Status::kOutOfMemory;
    tcp_arg(pcb_, this);
    tcp_recv(pcb_, on_received);
    tcp_err(pcb_, on_error);
    // Records go out whole as soon as they are written; Nagle would only add latency.
    tcp_nagle_disable(pcb_);
    state_ = State::kConnecting;
    const err_t err = tcp_connect(pcb_, &address, port, on_connected);
    if (err == ERR_OK) return Status::kOk;
    release_pcb();
    // ERR_RTE: no interface routes there; ERR_MEM/ERR_BUF: no buffer for the SYN.
    return err == ERR_RTE ? Status::kNetworkError : Status::kOutOfMemory;
}

Status LwipTcpSocket::await_connected(Millis deadline) {
    while (state_ == State::kConnecting) {
        if (hal::deadline_passed(stack_.clock().now_ms(), deadline)) {
            release_pcb();  // an unanswered SYN: abort, so lwIP stops retransmitting it
            return Status::kTimeout;
        }
        stack_.pump(deadline);
    }
    if (state_ == State::kConnected) return Status::kOk;
    const Status status = error_;  // refused (reset) or aborted
    close();
    return status;
}

hal::Result<size_t> LwipTcpSocket::send(hal::ConstByteSpan data, Millis deadline) {
    if (state_ == State::kIdle) return Status::kFailedPrecondition;
    if (data.empty()) return Status::kInvalidArgument;
    // One turn first, without waiting: a reset or ACKs that have arrived count now, as
    // they would in a kernel that handles the network on its own.
    stack_.pump(stack_.clock().now_ms());
    for (;;) {
        if (state_ == State::kFailed) return error_;
        const hal::Result<size_t> queued = write_some(data);
        if (!queued.ok() || queued.value() > 0) return queued;
        // The send buffer is full of unacknowledged data: let ACKs in, until the deadline.
        if (hal::deadline_passed(stack_.clock().now_ms(), deadline)) return size_t{0};
        stack_.pump(deadline);
    }
}

hal::Result<size_t> LwipTcpSocket::write_some(hal::ConstByteSpan data) {
    if (tcp_sndqueuelen(pcb_) >= TCP_SND_QUEUELEN) return size_t{0};
    // tcp_write takes a u16_t length, and never more than the free send buffer.
    size_t n = min_size(min_size(data.size(), tcp_sndbuf(pcb_)), 0xFFFF);
    while (n > 0) {
        const err_t err = tcp_write(pcb_, data.data(), static_cast<u16_t>(n), TCP_WRITE_FLAG_COPY);
        if (err == ERR_OK) {
            // Best effort: what is not sent now goes out with lwIP's timers or next ACK.
            (void)tcp_output(pcb_);
            return n;
        }
        if (err != ERR_MEM) return Status::kNetworkError;  // ERR_CONN: not writable any more
        // Out of lwIP heap or queue entries for this much: try one segment's worth, then
        // wait for ACKs to free some.
        n = n > TCP_MSS ? TCP_MSS : 0;
    }
    return size_t{0};
}

hal::Result<size_t> LwipTcpSocket::recv(hal::ByteSpan out, Millis deadline) {
    if (state_ == State::kIdle) return Status::kFailedPrecondition;
    if (out.empty()) return Status::kInvalidArgument;
    bool pumped = false;
    for (;;) {
        if (!ring_.empty()) return deliver(out);
        if (state_ == State::kFailed) return error_;
        if (peer_closed_) return Status::kClosed;
        if (pumped && hal::deadline_passed(stack_.clock().now_ms(), deadline)) {
            return size_t{0};
        }
        stack_.pump(deadline);
        pumped = true;
    }
}

// Hands out buffered bytes and reopens the window by as much (backpressure: the peer may
// only send what the ring has room for).
size_t LwipTcpSocket::deliver(hal::ByteSpan out) {
    const size_t n = ring_.read(out);
    if (pcb_ == nullptr) return n;
    tcp_recved(pcb_, static_cast<u16_t>(n));
    // Acknowledge what the application took now, not on lwIP's delayed-ACK timer (up to
    // 250 ms): a peer whose Nagle algorithm holds back its next small segment until this
    // ACK (a response written as head, then body) would stall for that long each time.
    if (tcp_is_flag_set(pcb_, TF_ACK_DELAY)) {
        tcp_set_flags(pcb_, TF_ACK_NOW);
        (void)tcp_output(pcb_);
    }
    return n;
}

void LwipTcpSocket::close() {
    if (pcb_ != nullptr) {
        if (state_ == State::kConnecting) {
            release_pcb();
        } else {
            tcp_arg(pcb_, nullptr);
            tcp_recv(pcb_, nullptr);  // lwIP then discards (and acknowledges) late data
            tcp_err(pcb_, nullptr);
            // A closing pcb gives way to a new connection when the pool runs out
            // (tcp_alloc kills lower-priority pcbs): MEMP_NUM_TCP_PCB stays at 2.
            tcp_setprio(pcb_, TCP_PRIO_MIN);
            if (tcp_close(pcb_) != ERR_OK) tcp_abort(pcb_);  // no memory for the FIN
        }
    }
    pcb_ = nullptr;
    state_ = State::kIdle;
    error_ = Status::kOk;
    peer_closed_ = false;
    ring_.clear();
}

bool LwipTcpSocket::is_connected() const {
    return state_ == State::kConnected && !(peer_closed_ && ring_.empty());
}

// Aborts the pcb without hearing about it: tcp_abort calls the error callback.
void LwipTcpSocket::release_pcb() {
    if (pcb_ != nullptr) {
        tcp_arg(pcb_, nullptr);
        tcp_err(pcb_, nullptr);
        tcp_recv(pcb_, nullptr);
        tcp_abort(pcb_);
    }
    pcb_ = nullptr;
    state_ = State::kIdle;
}

err_t LwipTcpSocket::on_connected(void* arg, tcp_pcb* /*pcb*/, err_t /*err*/) {
    // lwIP 2.2 only ever passes ERR_OK here; failures arrive through on_error.
    static_cast<LwipTcpSocket*>(arg)->state_ = State::kConnected;
    return ERR_OK;
}

err_t LwipTcpSocket::on_received(void* arg, tcp_pcb* /*pcb*/, pbuf* p, err_t err) {
    auto* self = static_cast<LwipTcpSocket*>(arg);
    if (p == nullptr) {  // FIN: the peer sends no more
        self->peer_closed_ = true;
        return ERR_OK;
    }
    if (err != ERR_OK) {  // not produced by lwIP 2.2; drop rather than guess
        pbuf_free(p);
        return ERR_OK;
    }
    // Refusing keeps the data in lwIP, which offers it again later; with the ring as big
    // as the window this does not happen.
    if (p->tot_len > self->ring_.space()) return ERR_MEM;
    for (const pbuf* q = p; q != nullptr; q = q->next) {
        self->ring_.write(hal::ConstByteSpan(static_cast<const uint8_t*>(q->payload), q->len));
    }
    pbuf_free(p);
    return ERR_OK;
}

void LwipTcpSocket::on_error(void* arg, err_t err) {
    // lwIP has freed the pcb already: forget it, never touch it again.
    auto* self = static_cast<LwipTcpSocket*>(arg);
    self->pcb_ = nullptr;
    self->state_ = State::kFailed;
    self->error_ = status_from_err(err);
}

}  // namespace port::lwip

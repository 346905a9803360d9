// FaultSocket: a hal::Socket decorator that injects one fault at one call index of its
// layer (connect, send and recv all count), for the transport fault sweep. The clock is
// a SweepClock, so a "stall past the deadline" costs no real time: the clock jumps.
// Test code: may allocate.
#pragma once

#include <cstdint>

#include "hal/clock.h"
#include "hal/socket.h"

namespace sweep {

// Real monotonic and wall time plus an offset the sweep moves forward: backoff waits,
// poll intervals and stalls pass at once.
class SweepClock final : public hal::Clock {
  public:
    explicit SweepClock(hal::Clock& real) : real_(real) {}
    hal::Millis now_ms() override { return real_.now_ms() + offset_ms_; }
    hal::Result<int64_t> wall_seconds() override;
    void set_wall_seconds(int64_t) override {}
    void advance(hal::Millis ms) { offset_ms_ += ms; }

  private:
    hal::Clock& real_;
    hal::Millis offset_ms_ = 0;
};

enum class Layer : uint8_t { kTcp, kHttp };  // under TLS, above TLS
const char* to_string(Layer layer);

enum class FaultKind : uint8_t {
    kNone,
    kError,      // the call fails: network error
    kTimeout,    // the call fails: timeout
    kShortIo,    // send or recv moves 1 byte (connect: no fault)
    kPeerClose,  // the peer closed (FIN): the connection is gone, kClosed
    kReset,      // the connection is reset: gone, kNetworkError
    kStall,      // nothing happens until past the call's deadline
};
constexpr FaultKind kAllKinds[] = {FaultKind::kError,     FaultKind::kTimeout, FaultKind::kShortIo,
                                   FaultKind::kPeerClose, FaultKind::kReset,   FaultKind::kStall};
const char* to_string(FaultKind kind);

// Which call of which layer fails, how, and what each layer saw; shared by the sockets
// of every boot of one session.
struct FaultPlan {
    Layer layer = Layer::kTcp;
    uint32_t index = 0;
    FaultKind kind = FaultKind::kNone;
    bool fired = false;
    uint32_t calls[2] = {0, 0};  // per layer
    // The largest amount by which a call of this layer returned after its deadline.
    hal::Millis worst_overrun_ms = 0;
    // Instead of `index`: the fault hits the first recv of `layer` after the n-th
    // `POST …/messages` request head went out through it (1-based; 0: use `index`) — the
    // wait for the answer to a message the service has, or will have, stored.
    uint32_t recv_after_message_post = 0;
    uint32_t message_posts = 0;  // request heads seen, for recv_after_message_post
    // A connection was closed or replaced since the session last let the simulator
    // settle (sweep_session.cpp): it may still be working on a request sent on it.
    bool connection_ended = false;
};

class FaultSocket final : public hal::Socket {
  public:
    FaultSocket(hal::Socket& inner, SweepClock& clock, FaultPlan& plan, Layer layer)
        : inner_(inner), clock_(clock), plan_(plan), layer_(layer) {}
    ~FaultSocket() { plan_.connection_ended = true; }  // a restart drops it
    FaultSocket(const FaultSocket&) = delete;
    FaultSocket& operator=(const FaultSocket&) = delete;

    hal::Status connect(std::string_view host, uint16_t port, hal::Millis deadline) override;
    hal::Result<size_t> send(hal::ConstByteSpan data, hal::Millis deadline) override;
    hal::Result<size_t> recv(hal::ByteSpan out, hal::Millis deadline) override;
    void close() override {
        plan_.connection_ended = true;
        inner_.close();
    }
    bool is_connected() const override { return inner_.is_connected(); }

  private:
    // The fault for this call, if it is the one (counts the call).
    FaultKind take(bool is_recv = false);
    // A fault that ends the call without the inner socket; kOk: make the call.
    hal::Status fail(FaultKind kind, hal::Millis deadline);
    void note_return(hal::Millis deadline);

    hal::Socket& inner_;
    SweepClock& clock_;
    FaultPlan& plan_;
    Layer layer_;
};

}  // namespace sweep

// ScriptedSocket: a hal::Socket for tests that plays a scripted server. Each connect
// takes the next ScriptedConnection; each of its exchanges serves a canned response
// once the client has sent something after the previous response was served, in
// fragments whose sizes come from a seeded generator. It records what was sent, and
// can fail a connect, stop accepting bytes, cut a response, or close while idle.
// Advances the FakeClock to the deadline whenever it has nothing to give.
#pragma once

#include <cstddef>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "hal/socket.h"
#include "tests/support/fake_clock.h"

namespace http_test {

// What the server does once it has served a response and the client is quiet.
enum class Idle {
    kOpen,    // nothing to say: recv returns 0 at its deadline
    kClosed,  // the server closed: recv reports kClosed
    kReset,   // the server reset: recv reports kNetworkError
};

struct ScriptedExchange {
    std::string response;
    Idle then = Idle::kOpen;
};

struct ScriptedConnection {
    hal::Status connect_status = hal::Status::kOk;
    std::vector<ScriptedExchange> exchanges;
    // After this many request bytes have been accepted, send fails with send_failure.
    size_t accept_bytes = SIZE_MAX;
    hal::Status send_failure = hal::Status::kClosed;
    // After this many response bytes have been served, recv fails with cut_status.
    size_t serve_bytes = SIZE_MAX;
    hal::Status cut_status = hal::Status::kClosed;
};

class ScriptedSocket final : public hal::Socket {
  public:
    // `max_fragment`: 0 serves as much as fits each recv; otherwise each recv and send
    // moves a random 1..max_fragment bytes (seeded, so failures reproduce).
    explicit ScriptedSocket(test::FakeClock& clock, size_t max_fragment = 0, uint32_t seed = 1)
        : clock_(clock), max_fragment_(max_fragment), random_(seed) {}

    // Room for the per-connection records is reserved up front, so that connecting
    // allocates nothing inside an AllocGuard (host names up to 15 characters).
    void add(ScriptedConnection connection) {
        script_.push_back(std::move(connection));
        sent_.reserve(script_.size());
        sent_count_.reserve(script_.size());
        sent_checksum_.reserve(script_.size());
    }
    // Sent bytes are counted but not stored (for large uploads under AllocGuard).
    void stop_recording() { recording_ = false; }

    hal::Status connect(std::string_view host, uint16_t port, hal::Millis deadline) override;
    hal::Result<size_t> send(hal::ConstByteSpan data, hal::Millis deadline) override;
    hal::Result<size_t> recv(hal::ByteSpan out, hal::Millis deadline) override;
    void close() override { connected_ = false; }
    bool is_connected() const override { return connected_; }

    size_t connects() const { return connects_; }
    // What the client sent on the n-th connection (0-based).
    const std::string& sent(size_t n) const { return sent_.at(n); }
    uint64_t sent_count(size_t n) const { return sent_count_.at(n); }
    uint32_t sent_checksum(size_t n) const { return sent_checksum_.at(n); }
    std::string last_host() const { return host_; }
    uint16_t last_port() const { return port_; }

  private:
    ScriptedConnection& current() { return script_.at(connects_ - 1); }
    size_t fragment(size_t limit);
    hal::Result<size_t> idle(Idle then, hal::Millis deadline);
    void note_request();
    hal::Result<size_t> fail(hal::Status status);

    test::FakeClock& clock_;
    size_t max_fragment_;
    std::mt19937 random_;
    std::vector<ScriptedConnection> script_;
    std::vector<std::string> sent_;
    std::vector<uint64_t> sent_count_;
    std::vector<uint32_t> sent_checksum_;
    std::string host_;
    uint16_t port_ = 0;
    size_t connects_ = 0;
    bool connected_ = false;
    bool recording_ = true;
    // Progress on the current connection.
    size_t exchange_ = 0;  // the exchange being (or next to be) served
    size_t offset_ = 0;    // bytes of its response served
    bool armed_ = false;   // the client sent something for this exchange
    bool done_ = false;    // its whole response has been served
    size_t accepted_ = 0;  // request bytes accepted on this connection
    size_t served_ = 0;    // response bytes served on this connection
};

}  // namespace http_test

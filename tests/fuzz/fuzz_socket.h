// FuzzSocket: a hal::Socket whose server is a fuzz input. Every call (connect, send,
// recv) takes the next byte of a control script and does what it says: deliver response
// bytes (as much as fits, a fuzzed number, or one), say "nothing yet", let the deadline
// pass, accept part of a request, close, reset, fail a connect. The responses are
// segments, each a 16-bit little-endian length and that many bytes (a short last one
// takes what is left); a request sent, or a connection opened, after bytes of a segment
// were served moves on to the next segment, and a served segment leaves the server quiet
// until the next request. With the script used up every call succeeds in full (a probe,
// a recv whose deadline has already passed, then finds nothing); with the segments used
// up the server is quiet until the deadline. Every call moves the clock on by at least
// 1 ms, so loops bounded by a deadline end.
// It also checks the client's side of the socket contract (no I/O while not connected,
// no connect while connected, no empty buffers) and counts what a test needs to bound:
// calls, and request attempts that got bytes accepted.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "hal/socket.h"
#include "tests/support/fake_clock.h"

namespace fuzz {

// Reads an input byte by byte; past its end every read is `fallback`.
class ByteReader {
  public:
    ByteReader() = default;
    explicit ByteReader(hal::ConstByteSpan bytes) : bytes_(bytes) {}
    uint8_t next(uint8_t fallback = 0) { return at_ < bytes_.size() ? bytes_[at_++] : fallback; }
    bool empty() const { return at_ >= bytes_.size(); }

  private:
    hal::ConstByteSpan bytes_;
    size_t at_ = 0;
};

class FuzzSocket final : public hal::Socket {
  public:
    // Control byte meanings (the high 3 bits choose, the low 5 bits are an argument n).
    // connect: (byte & 7) 0..4 connects; 5 kNetworkError; 6 kTimeout at the deadline;
    //          7 kCertUntrusted.
    // send and recv: 0..1 all (that fits); 2 n+1 bytes; 3 one byte; 4 nothing yet (n+1
    //          ms pass); 5 nothing until the deadline; 6 kClosed; 7 kNetworkError (recv:
    //          kTlsError when n is odd).
    static constexpr uint8_t kAll = 0x00;
    static constexpr uint8_t kSome = 0x40;
    static constexpr uint8_t kOne = 0x60;
    static constexpr uint8_t kNothingYet = 0x80;
    static constexpr uint8_t kQuiet = 0xA0;
    static constexpr uint8_t kClose = 0xC0;
    static constexpr uint8_t kReset = 0xE0;

    FuzzSocket(test::FakeClock& clock, hal::ConstByteSpan control, hal::ConstByteSpan responses);

    // The client's working buffer: a send from its start that begins with `method` and a
    // space after bytes of the current attempt were accepted starts a new attempt.
    void watch_requests(const uint8_t* buffer, std::string_view method);

    hal::Status connect(std::string_view host, uint16_t port, hal::Millis deadline) override;
    hal::Result<size_t> send(hal::ConstByteSpan data, hal::Millis deadline) override;
    hal::Result<size_t> recv(hal::ByteSpan out, hal::Millis deadline) override;
    void close() override { connected_ = false; }
    bool is_connected() const override { return connected_; }

    uint64_t calls() const { return calls_; }
    // Request bytes accepted since watch_requests, and the attempts that got any.
    uint64_t accepted() const { return accepted_; }
    uint32_t attempts_with_bytes() const { return attempts_with_bytes_; }
    // The response segment being served (a view into the input).
    hal::ConstByteSpan segment() const { return segment_; }

  private:
    uint8_t tick();
    hal::Result<size_t> quiet(hal::Millis deadline);
    hal::Result<size_t> fail(hal::Status status);
    void note_request_start(hal::ConstByteSpan data);
    void next_segment();

    test::FakeClock& clock_;
    ByteReader control_;
    hal::ConstByteSpan responses_;  // the segments not yet begun
    hal::ConstByteSpan segment_;    // the current one
    size_t served_ = 0;             // bytes of segment_ served
    bool connected_ = false;
    uint64_t calls_ = 0;
    const uint8_t* request_buffer_ = nullptr;
    std::string_view method_;
    uint64_t accepted_ = 0;
    uint64_t attempt_accepted_ = 0;
    uint32_t attempts_with_bytes_ = 0;
};

}  // namespace fuzz

#include "tests/fuzz/fuzz_socket.h"

#include <cstdlib>
#include <cstring>

namespace fuzz {

using hal::Status;

namespace {

// A broken side of the socket contract is a bug of the client: stop the run there.
void require(bool condition) {
    if (!condition) std::abort();
}

constexpr uint8_t kArgumentMask = 0x1F;
constexpr uint8_t kKindMask = 0xE0;

}  // namespace

FuzzSocket::FuzzSocket(test::FakeClock& clock, hal::ConstByteSpan control,
                       hal::ConstByteSpan responses)
    : clock_(clock), control_(control), responses_(responses) {
    next_segment();
}

void FuzzSocket::next_segment() {
    const size_t length =
        responses_.size() < 2 ? 0 : (responses_[0] | static_cast<size_t>(responses_[1]) << 8);
    responses_ = responses_.subspan(2);
    segment_ = responses_.first(length);
    responses_ = responses_.subspan(length);
    served_ = 0;
}

void FuzzSocket::watch_requests(const uint8_t* buffer, std::string_view method) {
    request_buffer_ = buffer;
    method_ = method;
    accepted_ = 0;
    attempt_accepted_ = 0;
    attempts_with_bytes_ = 0;
}

// Each call costs at least 1 ms: no loop of calls outlives its deadline by much.
uint8_t FuzzSocket::tick() {
    ++calls_;
    clock_.advance(1);
    return control_.next(kAll);
}

Status FuzzSocket::connect(std::string_view host, uint16_t port, hal::Millis deadline) {
    require(!connected_);
    require(!host.empty() && port != 0);
    switch (tick() & 7) {
        case 5:
            return Status::kNetworkError;
        case 6:
            clock_.set_now(hal::later_of(clock_.now_ms(), deadline));
            return Status::kTimeout;
        case 7:
            return Status::kCertUntrusted;
        default:
            connected_ = true;
            attempt_accepted_ = 0;
            if (served_ > 0) next_segment();
            return Status::kOk;
    }
}

hal::Result<size_t> FuzzSocket::quiet(hal::Millis deadline) {
    clock_.set_now(hal::later_of(clock_.now_ms(), deadline));
    return size_t{0};
}

hal::Result<size_t> FuzzSocket::fail(Status status) {
    connected_ = false;
    return status;
}

void FuzzSocket::note_request_start(hal::ConstByteSpan data) {
    if (request_buffer_ == nullptr || data.data() != request_buffer_ || attempt_accepted_ == 0) {
        return;
    }
    const std::string_view text = hal::as_chars(data);
    if (text.size() > method_.size() && text.substr(0, method_.size()) == method_ &&
        text[method_.size()] == ' ') {
        attempt_accepted_ = 0;
    }
}

hal::Result<size_t> FuzzSocket::send(hal::ConstByteSpan data, hal::Millis deadline) {
    require(connected_ && !data.empty());
    const uint8_t control = tick();
    const size_t argument = control & kArgumentMask;
    size_t n = data.size();
    switch (control & kKindMask) {
        case kSome:
            n = argument + 1 < n ? argument + 1 : n;
            break;
        case kOne:
            n = 1;
            break;
        case kNothingYet:
            clock_.advance(static_cast<hal::Millis>(argument + 1));
            return size_t{0};
        case kQuiet:
            return quiet(deadline);
        case kClose:
            return fail(Status::kClosed);
        case kReset:
            return fail(Status::kNetworkError);
        default:
            break;
    }
    note_request_start(data);
    if (served_ > 0) next_segment();  // a new request: its answer is the next segment
    if (attempt_accepted_ == 0) ++attempts_with_bytes_;
    attempt_accepted_ += n;
    accepted_ += n;
    return n;
}

hal::Result<size_t> FuzzSocket::recv(hal::ByteSpan out, hal::Millis deadline) {
    require(connected_ && !out.empty());
    const bool probe = hal::deadline_passed(clock_.now_ms(), deadline);
    const uint8_t control = tick();
    const size_t argument = control & kArgumentMask;
    size_t n = out.size();
    switch (control & kKindMask) {
        case kSome:
            n = argument + 1;
            break;
        case kOne:
            n = 1;
            break;
        case kNothingYet:
            clock_.advance(static_cast<hal::Millis>(argument + 1));
            return size_t{0};
        case kQuiet:
            return quiet(deadline);
        case kClose:
            return fail(Status::kClosed);
        case kReset:
            return fail((argument & 1) != 0 ? Status::kTlsError : Status::kNetworkError);
        default:
            if (probe) return size_t{0};  // an idle server says nothing
            break;
    }
    const size_t left = segment_.size() - served_;
    if (left == 0) return quiet(deadline);
    if (n > out.size()) n = out.size();
    if (n > left) n = left;
    std::memcpy(out.data(), segment_.data() + served_, n);
    served_ += n;
    return n;
}

}  // namespace fuzz

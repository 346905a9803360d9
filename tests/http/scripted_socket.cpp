#include "tests/http/scripted_socket.h"

#include <cstring>

namespace http_test {

using hal::Status;

hal::Status ScriptedSocket::connect(std::string_view host, uint16_t port, hal::Millis deadline) {
    (void)deadline;
    if (connected_) return Status::kFailedPrecondition;
    if (connects_ >= script_.size()) return Status::kNetworkError;  // nobody listens
    host_ = std::string(host);
    port_ = port;
    ++connects_;
    sent_.emplace_back();
    sent_count_.push_back(0);
    sent_checksum_.push_back(0);
    exchange_ = 0;
    offset_ = 0;
    armed_ = false;
    done_ = false;
    accepted_ = 0;
    served_ = 0;
    const Status status = current().connect_status;
    connected_ = status == Status::kOk;
    return status;
}

size_t ScriptedSocket::fragment(size_t limit) {
    if (max_fragment_ == 0 || limit == 0) return limit;
    std::uniform_int_distribution<size_t> pick(1, max_fragment_);
    const size_t n = pick(random_);
    return n < limit ? n : limit;
}

hal::Result<size_t> ScriptedSocket::fail(Status status) {
    connected_ = false;
    return status;
}

// The first bytes after a served response ask for the next one.
void ScriptedSocket::note_request() {
    if (armed_ && done_) {
        ++exchange_;
        offset_ = 0;
        done_ = false;
    }
    armed_ = true;
}

hal::Result<size_t> ScriptedSocket::send(hal::ConstByteSpan data, hal::Millis deadline) {
    (void)deadline;
    if (data.empty()) return Status::kInvalidArgument;
    if (!connected_) return Status::kFailedPrecondition;
    ScriptedConnection& c = current();
    if (accepted_ >= c.accept_bytes) return fail(c.send_failure);
    size_t n = fragment(data.size());
    if (n > c.accept_bytes - accepted_) n = c.accept_bytes - accepted_;
    if (recording_) sent_.back().append(reinterpret_cast<const char*>(data.data()), n);
    uint32_t& sum = sent_checksum_.back();
    for (size_t i = 0; i < n; ++i)
        sum = sum * 31 + data[i];
    sent_count_.back() += n;
    accepted_ += n;
    note_request();
    return n;
}

hal::Result<size_t> ScriptedSocket::idle(Idle then, hal::Millis deadline) {
    switch (then) {
        case Idle::kClosed:
            return fail(Status::kClosed);
        case Idle::kReset:
            return fail(Status::kNetworkError);
        case Idle::kOpen:
            break;
    }
    clock_.set_now(hal::later_of(clock_.now_ms(), deadline));
    return size_t{0};
}

hal::Result<size_t> ScriptedSocket::recv(hal::ByteSpan out, hal::Millis deadline) {
    if (out.empty()) return Status::kInvalidArgument;
    if (!connected_) return Status::kFailedPrecondition;
    ScriptedConnection& c = current();
    if (served_ >= c.serve_bytes) return fail(c.cut_status);
    // Nothing asked for, or more asked for than scripted: a quiet server.
    if (!armed_ || exchange_ >= c.exchanges.size()) return idle(Idle::kOpen, deadline);
    const ScriptedExchange& e = c.exchanges[exchange_];
    const size_t left = e.response.size() - offset_;
    if (left == 0) {
        done_ = true;
        return idle(e.then, deadline);
    }
    size_t n = fragment(out.size() < left ? out.size() : left);
    if (n > c.serve_bytes - served_) n = c.serve_bytes - served_;
    std::memcpy(out.data(), e.response.data() + offset_, n);
    offset_ += n;
    served_ += n;
    done_ = offset_ == e.response.size();
    return n;
}

}  // namespace http_test

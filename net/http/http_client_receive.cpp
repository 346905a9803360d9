// The receiving half of HttpClient: reads into the working buffer, feeds the parser,
// and hands body bytes to read_body, a sink or a caller buffer.
#include <cstring>

#include "net/http/http_client.h"

namespace net::http {

using hal::Status;

hal::ConstByteSpan HttpClient::pending() const {
    return hal::ConstByteSpan(buffer_.data() + pending_begin_, pending_end_ - pending_begin_);
}

// Refills the buffer from the socket. kOk with nothing new means "nothing yet" (or the
// response just ended with the stream); the deadline passing is kTimeout — also while
// bytes still flow, so a peer that trickles cannot hold the client past its deadline.
Status HttpClient::receive(hal::Millis deadline) {
    if (hal::deadline_passed(clock_.now_ms(), deadline)) {
        transport_failed_ = true;
        return Status::kTimeout;
    }
    const hal::Result<size_t> got = socket_.recv(buffer_, deadline);
    if (got.ok() && got.value() > 0) {
        pending_begin_ = 0;
        pending_end_ = got.value();
        received_any_ = true;
        return Status::kOk;
    }
    if (got.ok() && !hal::deadline_passed(clock_.now_ms(), deadline)) return Status::kOk;
    const Status failure = got.ok() ? Status::kTimeout : got.status();
    // The end of the stream is how a body without length ends.
    const Status end = failure == Status::kClosed ? parser_.finish() : failure;
    transport_failed_ = end != Status::kOk && end == failure;
    return end;
}

Status HttpClient::read_head(hal::Millis deadline) {
    while (!parser_.head_complete()) {
        const hal::Result<hal::ConstByteSpan> run = next_body_run(0, deadline);
        if (!run.ok()) return run.status();
    }
    learn_time(parser_.head());
    return Status::kOk;
}

// A device without a wall clock (no RTC) takes it from the first Date header it gets
// over this connection (docs/design.md §2): token expiry and certificate dates need it. A
// clock that already knows the time is left alone.
void HttpClient::learn_time(const ResponseHead& head) {
    if (head.has_date && head.date > 0 && !clock_.wall_seconds().ok()) {
        clock_.set_wall_seconds(head.date);
    }
}

// Advances the response by one step: parses pending bytes, receiving first when there
// are none. Returns the body bytes found (a view into the buffer), possibly none.
hal::Result<hal::ConstByteSpan> HttpClient::next_body_run(size_t max_body, hal::Millis deadline) {
    if (pending().empty()) HAL_TRY(receive(deadline));
    if (parser_.done() || pending().empty()) return hal::ConstByteSpan();
    const hal::Result<ParseStep> step = parser_.feed(pending(), max_body);
    if (!step.ok()) return step.status();
    pending_begin_ += step.value().consumed;
    return step.value().body;
}

hal::Result<size_t> HttpClient::read_body(hal::ByteSpan out, hal::Millis deadline) {
    if (out.empty()) return Status::kInvalidArgument;
    if (phase_ == Phase::kEnded) return size_t{0};
    if (phase_ != Phase::kBody) return Status::kFailedPrecondition;
    size_t produced = 0;
    // Waits only while nothing has been produced; then returns what is buffered.
    while (produced < out.size() && !parser_.done() && (produced == 0 || !pending().empty())) {
        const hal::Result<hal::ConstByteSpan> run = next_body_run(out.size() - produced, deadline);
        if (!run.ok()) return fail_exchange(run.status());
        if (run.value().empty()) continue;
        std::memcpy(out.data() + produced, run.value().data(), run.value().size());
        produced += run.value().size();
    }
    if (parser_.done()) finish_exchange();
    return produced;
}

hal::Result<hal::ConstByteSpan> HttpClient::read_body_view(hal::Millis deadline) {
    if (phase_ == Phase::kEnded) return hal::ConstByteSpan();
    if (phase_ != Phase::kBody) return Status::kFailedPrecondition;
    while (!parser_.done()) {
        const hal::Result<hal::ConstByteSpan> run = next_body_run(SIZE_MAX, deadline);
        if (!run.ok()) return fail_exchange(run.status());
        if (!run.value().empty()) return run.value();  // the end is seen on the next call
    }
    finish_exchange();
    return hal::ConstByteSpan();
}

hal::Result<ResponseHead> HttpClient::request(const Request& request, BodySink& sink,
                                              hal::Millis deadline) {
    const hal::Result<ResponseHead> head = begin(request, deadline);
    if (!head.ok()) return head;
    const Status accepted = sink.begin(head.value().body_info());
    if (accepted != Status::kOk) {
        close();
        return accepted;
    }
    while (phase_ == Phase::kBody && !parser_.done()) {
        const hal::Result<hal::ConstByteSpan> run = next_body_run(SIZE_MAX, deadline);
        if (!run.ok()) return fail_exchange(run.status());
        if (run.value().empty()) continue;
        const Status taken = sink.write(run.value());
        if (taken != Status::kOk) {
            close();
            return taken;
        }
    }
    if (phase_ == Phase::kBody) finish_exchange();
    return head;
}

hal::Result<size_t> HttpClient::request_into(const Request& request, hal::ByteSpan body_out,
                                             ResponseHead* head, hal::Millis deadline) {
    const hal::Result<ResponseHead> started = start(request, body_out.size(), deadline);
    if (!started.ok()) return started.status();
    if (head != nullptr) *head = started.value();
    const ResponseHead& h = started.value();
    // A response without a body (HEAD, 204, 304) has ended already, whatever its length.
    if (phase_ == Phase::kBody && h.has_content_length && !h.chunked &&
        h.content_length > body_out.size()) {
        close();
        return Status::kTooLarge;
    }
    size_t filled = 0;
    while (phase_ == Phase::kBody && !parser_.done()) {
        // Past a full buffer, asking for one more byte lets the parser's limit speak.
        const size_t room = filled < body_out.size() ? body_out.size() - filled : 1;
        const hal::Result<hal::ConstByteSpan> run = next_body_run(room, deadline);
        if (!run.ok()) return fail_exchange(run.status());
        if (run.value().empty()) continue;
        std::memcpy(body_out.data() + filled, run.value().data(), run.value().size());
        filled += run.value().size();
    }
    if (phase_ == Phase::kBody) finish_exchange();
    return filled;
}

}  // namespace net::http

// Connection management and the exchange as a whole: reuse, probing, the one retry,
// failure classification. Sending is in http_client_send.cpp, receiving in
// http_client_receive.cpp.
#include "net/http/http_client.h"

#include <cstring>

#include "hal/log.h"

namespace net::http {
namespace {

using hal::Status;

constexpr const char* kLogModule = "http";
constexpr int kMaxAttempts = 2;  // the first try and at most one retry

bool is_connection_loss(Status status) {
    return status == Status::kClosed || status == Status::kNetworkError;
}

}  // namespace

HttpClient::HttpClient(hal::Socket& socket, hal::Clock& clock, const url::Url& origin,
                       hal::ByteSpan buffer)
    : socket_(socket), clock_(clock), host_(origin.host), port_(origin.port), buffer_(buffer) {
    // Cannot fail for a parsed Url (its host is at most kMaxHostLength); if it did, the
    // empty Host value makes every request kInvalidArgument.
    host_header_length_ = url::write_host_header(origin, hal::CharSpan(host_header_)).value_or(0);
}

hal::Result<ResponseHead> HttpClient::begin(const Request& request, hal::Millis deadline) {
    return start(request, kMaxStreamedBodySize, deadline);
}

hal::Result<ResponseHead> HttpClient::start(const Request& request, uint64_t body_limit,
                                            hal::Millis deadline) {
    if (phase_ == Phase::kBody) close();  // the previous body was not read to its end
    phase_ = Phase::kNone;
    for (int attempt_number = 1;; ++attempt_number) {
        const Status status = attempt(request, body_limit, deadline);
        if (status == Status::kOk) {
            phase_ = Phase::kBody;
            if (parser_.done()) finish_exchange();
            return parser_.head();
        }
        if (!connection_used_) return status;  // refused before any I/O: nothing to undo
        close();
        if (attempt_number == kMaxAttempts || !may_retry(request, status) ||
            !restart_body(request)) {
            return classify(status);
        }
        HAL_LOG_DEBUG(kLogModule, "reused connection lost (%s), retrying on a new one",
                      hal::to_string(status));
    }
}

// One try: the request staged (caller errors surface here, before any I/O), a
// connection reused or opened, the request out, the response head in.
Status HttpClient::attempt(const Request& request, uint64_t body_limit, hal::Millis deadline) {
    sent_any_ = false;
    received_any_ = false;
    source_read_ = false;
    transport_failed_ = false;
    connection_used_ = false;
    reused_ = false;
    pending_begin_ = 0;
    pending_end_ = 0;
    parser_.reset(request.method == Method::kHead, body_limit);
    parser_.skip_success_date(clock_.wall_seconds().ok());  // learn_time needs no date
    const hal::Result<Staged> staged = stage_request(request);
    if (!staged.ok()) return staged.status();
    connection_used_ = true;
    const hal::Result<bool> reused = open_connection(deadline);
    if (!reused.ok()) return reused.status();
    reused_ = reused.value();
    const Status sent = send_request(request, staged.value(), deadline);
    // The staged head may carry a bearer token and the body a client secret: do not
    // leave them in the working buffer.
    std::memset(buffer_.data(), 0, staged.value().size);
    HAL_TRY(sent);
    return read_head(deadline);
}

// Only a connection that died under us qualifies, and only when a second try cannot
// make the server act twice: nothing was sent, or the request is a GET/HEAD that got
// no answer at all.
bool HttpClient::may_retry(const Request& request, Status status) const {
    if (!reused_ || !transport_failed_ || !is_connection_loss(status) || received_any_) {
        return false;
    }
    return !sent_any_ || is_retry_safe(request.method);
}

// A streamed body whose first piece was read (it goes out with the head) must start over
// for a retry: possible only when the caller gave a way to rewind it.
bool HttpClient::restart_body(const Request& request) {
    if (!source_read_) return true;
    return request.body_rewind != nullptr && request.body_rewind->rewind() == Status::kOk;
}

// Reuses the connection when allowed and still alive, else opens a new one.
// Returns whether the connection is a reused one.
hal::Result<bool> HttpClient::open_connection(hal::Millis deadline) {
    if (reusable_ && socket_.is_connected() && connection_alive()) return true;
    close();
    HAL_TRY(socket_.connect(host_, port_, deadline));
    ++connections_opened_;
    return false;
}

// An idle keep-alive connection has nothing to say: a read that returns at once with
// no data means alive; end of stream, an error or stray bytes mean it is unusable.
bool HttpClient::connection_alive() {
    uint8_t probe[1];
    const hal::Result<size_t> got = socket_.recv(hal::ByteSpan(probe), clock_.now_ms());
    const bool alive = got.ok() && got.value() == 0;
    if (!alive) HAL_LOG_DEBUG(kLogModule, "idle connection is gone, reconnecting");
    return alive;
}

void HttpClient::close() {
    socket_.close();
    reusable_ = false;
    phase_ = Phase::kNone;
}

void HttpClient::finish_exchange() {
    phase_ = Phase::kEnded;
    // Bytes after the end of the response are a protocol error: do not reuse.
    reusable_ = parser_.head().keep_alive && pending().empty();
    if (!reusable_) socket_.close();
}

Status HttpClient::fail_exchange(Status status) {
    close();
    return classify(status);
}

Status HttpClient::classify(Status status) const {
    return (transport_failed_ && sent_any_) ? Status::kOutcomeUnknown : status;
}

}  // namespace net::http

// HttpClient: HTTP/1.1 requests over one hal::Socket (TLS or plain TCP) to one origin,
// with keep-alive. The caller owns every buffer: the working buffer given at
// construction holds the request head (and staged upload pieces), then received bytes.
// Per client: the working buffer, one ResponseParser (about kMaxLineLength bytes),
// the Host value; no heap, no exceptions. Header values are never logged.
//
// Connections: reused while the server allows keep-alive and each body was read to
// its end; before reuse the connection is probed (a read with a passed deadline) and a
// connection the server closed while idle is replaced, so nothing is sent into it.
//
// Errors (besides the parser's kCorrupt / kTooLarge / kUnsupported and the caller's
// kInvalidArgument / kBufferTooSmall, which are reported before anything is sent):
// - connect failures come back as the connect Status (nothing was sent);
// - a transport failure before any request byte was accepted is passed on as is
//   (kTimeout, kClosed, kNetworkError, TLS kinds): re-sending is safe;
// - a transport failure after request bytes were accepted and before the response was
//   complete (head and body) is Status::kOutcomeUnknown: the server may have acted on
//   the request. It is never re-sent silently, with one exception: a GET or HEAD on a
//   reused connection that failed (closed/reset) before any response byte arrived is
//   retried once on a fresh connection (the classic keep-alive race). A caller that
//   knows its request is idempotent may retry after kOutcomeUnknown itself.
// - a BodySource or BodySink error is passed on as is (an upload cut short is
//   incomplete by its Content-Length, so the server cannot act on it).
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
#include "net/http/body_stream.h"
#include "net/http/http_config.h"
#include "net/http/request.h"
#include "net/http/response_head.h"
#include "net/http/response_parser.h"
#include "net/url/url.h"

namespace net::http {

class HttpClient {
  public:
    // `origin` gives host, port and scheme; its host view must outlive the client.
    // `buffer` must hold the largest request head (about 1 KB is plenty for the API).
    HttpClient(hal::Socket& socket, hal::Clock& clock, const url::Url& origin,
               hal::ByteSpan buffer);
    HttpClient(const HttpClient&) = delete;
    HttpClient& operator=(const HttpClient&) = delete;

    // Sends `request` and reads the response up to the end of its head; the body is
    // then pulled with read_body (up to kMaxStreamedBodySize bytes). `deadline` bounds
    // connecting, sending and receiving the head. Calling begin while a body is still
    // unread drops that connection.
    hal::Result<ResponseHead> begin(const Request& request, hal::Millis deadline);

    // Copies the next body bytes into `out` (not empty); returns how many (>= 1), or 0
    // once the body has ended (and on every later call). Waits for data until
    // `deadline` (then kOutcomeUnknown, see above). kFailedPrecondition when no
    // response was begun or the last one failed.
    hal::Result<size_t> read_body(hal::ByteSpan out, hal::Millis deadline);
    // The same without a copy: the next body bytes as a view into the working buffer,
    // valid until the next call on this client; empty once the body has ended.
    hal::Result<hal::ConstByteSpan> read_body_view(hal::Millis deadline);

    // True between a successful begin and the end of its body (or an error).
    bool body_pending() const { return phase_ == Phase::kBody; }

    // A whole exchange, the body handed to `sink` piece by piece as it arrives (views
    // into the working buffer, no copy). Up to kMaxStreamedBodySize bytes.
    hal::Result<ResponseHead> request(const Request& request, BodySink& sink, hal::Millis deadline);

    // A whole exchange, the body copied into `body_out`; returns its length. A body
    // longer than body_out is kTooLarge (the connection is then dropped). `head`, when
    // not null, receives the head as soon as it is known (also on kTooLarge). `body_out`
    // may hold the request's own body: nothing is stored there before all of the request
    // was sent (a retry included).
    hal::Result<size_t> request_into(const Request& request, hal::ByteSpan body_out,
                                     ResponseHead* head, hal::Millis deadline);

    // Drops the connection (for example before a device sleeps).
    void close();

    // Connections opened so far (for diagnostics and tests).
    uint32_t connections_opened() const { return connections_opened_; }

  private:
    enum class Phase : uint8_t {
        kNone,   // no response begun, or the last one failed
        kBody,   // a head was returned, its body is not finished
        kEnded,  // the last response was read to its end
    };

    // The head (and a small body) written into the working buffer, ready to send.
    struct Staged {
        size_t size = 0;
        bool includes_body = false;
    };

    hal::Result<ResponseHead> start(const Request& request, uint64_t body_limit,
                                    hal::Millis deadline);
    hal::Status attempt(const Request& request, uint64_t body_limit, hal::Millis deadline);
    bool may_retry(const Request& request, hal::Status status) const;
    bool restart_body(const Request& request);
    hal::Result<bool> open_connection(hal::Millis deadline);
    bool connection_alive();

    hal::Result<Staged> stage_request(const Request& request);
    hal::Status send_request(const Request& request, const Staged& staged, hal::Millis deadline);
    hal::Status send_source(const Request& request, size_t ahead, hal::Millis deadline);
    hal::Status send_all(hal::ConstByteSpan data, hal::Millis deadline);

    hal::Status read_head(hal::Millis deadline);
    void learn_time(const ResponseHead& head);
    hal::Result<hal::ConstByteSpan> next_body_run(size_t max_body, hal::Millis deadline);
    hal::Status receive(hal::Millis deadline);
    hal::ConstByteSpan pending() const;

    void finish_exchange();
    hal::Status fail_exchange(hal::Status status);
    hal::Status classify(hal::Status status) const;

    hal::Socket& socket_;
    hal::Clock& clock_;
    std::string_view host_;
    uint16_t port_;
    hal::ByteSpan buffer_;
    ResponseParser parser_;
    size_t pending_begin_ = 0;  // received, not yet parsed: buffer_[begin, end)
    size_t pending_end_ = 0;
    uint32_t connections_opened_ = 0;
    Phase phase_ = Phase::kNone;
    bool reusable_ = false;  // the connection may carry the next request
    // About the exchange in progress, to classify failures.
    bool connection_used_ = false;  // the attempt got as far as the socket
    bool reused_ = false;           // on a connection kept from an earlier exchange
    bool sent_any_ = false;
    bool received_any_ = false;
    bool source_read_ = false;  // the attempt took bytes from the request's body_source
    bool transport_failed_ = false;
    size_t host_header_length_ = 0;
    char host_header_[kMaxHostHeaderLength] = {};
};

}  // namespace net::http

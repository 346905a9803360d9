// Fuzzes HttpClient's connection state machine (net/http/http_client.h) over a fuzzed
// transport (tests/fuzz/fuzz_socket.h). Input: one options byte (buffer sizes, upload
// size), a 16-bit little-endian control script length, the control script, then the
// response segments (fuzz_socket.h). One client runs six exchanges on one socket: GET
// into a buffer, POST with a small body, GET read with read_body, POST streamed from a
// source into a sink, an explicit close and a HEAD, then a GET into a sink (reuse while
// the server keeps the connection, reconnection after it closes). Invariants per
// exchange: it returns within a bounded number of socket calls (no loop without I/O or
// time passing); its status is one the header documents for what happened; a body
// handed over never exceeds the caller's buffer nor the Content-Length, is complete on
// kOk, and (not chunked) is a run of the response served; a POST is never sent twice,
// GET/HEAD at most twice (the one retry); a transport failure after request bytes were
// accepted is kOutcomeUnknown; a head has a final status (200..599). ASan and UBSan
// watch memory; the client itself allocates nothing. It returns by its deadline, give or
// take the calls in flight when it passed (a peer moving a byte at a time once held an
// exchange seconds past it: found here, fixed in HttpClient).
#include <string.h>  // memmem
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>

#include "net/http/http_client.h"
#include "net/url/url.h"
#include "tests/fuzz/fuzz_socket.h"
#include "tests/support/fake_clock.h"

namespace {

using hal::Status;
using net::http::HttpClient;
using net::http::Method;
using net::http::Request;
using net::http::ResponseHead;

constexpr size_t kHeaderSize = 3;  // options, control length (2)
constexpr hal::Millis kDeadlineMs = 3000;
// How far past its deadline an exchange may return: the socket call in flight when it
// passed (a fake call costs at most 33 ms), for each of two attempts, and a connect.
constexpr hal::Millis kLateMs = 4 * 34;
constexpr size_t kWorkSizes[] = {192, 256, 512, 1500};
constexpr size_t kBodySizes[] = {8, 64, 300, 1024};
constexpr size_t kReadSizes[] = {1, 7, 64, 512};
constexpr uint64_t kUploadSizes[] = {0, 10, 700, 3000};
constexpr size_t kMaxWork = 1500;
constexpr size_t kMaxBody = 1024;
constexpr size_t kCanary = 16;
constexpr uint8_t kCanaryByte = 0xA5;

void require(bool condition) {
    if (!condition) std::abort();
}

// What any exchange may end with, given a valid request: a parser verdict, a transport
// failure, the fake's connect rejection, or the unknown outcome.
bool allowed(Status status) {
    switch (status) {
        case Status::kOk:
        case Status::kCorrupt:
        case Status::kTooLarge:
        case Status::kUnsupported:
        case Status::kTimeout:
        case Status::kClosed:
        case Status::kNetworkError:
        case Status::kTlsError:
        case Status::kCertUntrusted:
        case Status::kOutcomeUnknown:
            return true;
        default:
            return false;
    }
}

bool is_transport(Status status) {
    return status == Status::kTimeout || status == Status::kClosed ||
           status == Status::kNetworkError || status == Status::kTlsError;
}

// Lowercase letters: a body piece staged at the start of the working buffer never looks
// like the start of a request to the socket.
class LetterSource final : public net::http::BodySource {
  public:
    hal::Result<size_t> read(hal::ByteSpan out) override {
        for (uint8_t& byte : out)
            byte = static_cast<uint8_t>('a' + produced_++ % 26);
        return out.size();
    }

  private:
    uint64_t produced_ = 0;
};

// The first bytes of a body, to compare with the response stream.
struct BodyCopy {
    static constexpr size_t kCapacity = 8192;
    uint8_t bytes[kCapacity];
    size_t size = 0;
    bool overflow = false;

    void clear() {
        size = 0;
        overflow = false;
    }
    void add(hal::ConstByteSpan piece) {
        if (piece.size() > kCapacity - size) {
            overflow = true;
            return;
        }
        if (!piece.empty()) std::memcpy(bytes + size, piece.data(), piece.size());
        size += piece.size();
    }
};

BodyCopy g_body;

class CountingSink final : public net::http::BodySink {
  public:
    hal::Status write(hal::ConstByteSpan piece) override {
        require(!piece.empty());
        total += piece.size();
        require(total <= net::http::kMaxStreamedBodySize);
        g_body.add(piece);
        return Status::kOk;
    }
    uint64_t total = 0;
};

struct Run {
    test::FakeClock& clock;
    fuzz::FuzzSocket& socket;
    HttpClient& client;
    size_t body_size;
    size_t read_size;
    uint64_t upload_size;
    uint64_t call_bound;
    uint64_t calls_before = 0;
    hal::Millis deadline = 0;

    void begin_exchange(const Request& request, const uint8_t* work) {
        g_body.clear();
        socket.watch_requests(work, net::http::method_name(request.method));
        calls_before = socket.calls();
        deadline = clock.now_ms() + kDeadlineMs;
    }

    // The checks every exchange shares, once it has returned.
    void end_exchange(Method method, Status status) {
        require(socket.calls() - calls_before <= call_bound);
        require(!hal::deadline_passed(clock.now_ms(), deadline + kLateMs));
        require(allowed(status));
        const uint32_t most = net::http::is_retry_safe(method) ? 2 : 1;
        require(socket.attempts_with_bytes() <= most);
        if (status == Status::kOutcomeUnknown) require(socket.accepted() > 0);
        // Passed on as is only when the server cannot have acted on the request.
        if (is_transport(status) && !net::http::is_retry_safe(method)) {
            require(socket.accepted() == 0);
        }
    }

    // A body not chunked is one run of the response being served: the client handed
    // over received bytes, in order, none from an earlier exchange or from its request.
    void check_body_bytes(const ResponseHead& head) const {
        if (head.chunked || g_body.overflow || g_body.size == 0) return;
        const hal::ConstByteSpan segment = socket.segment();
        require(memmem(segment.data(), segment.size(), g_body.bytes, g_body.size) != nullptr);
    }

    // RFC 9112 §6.3: no body after HEAD, in a 204 or a 304, whatever the headers say.
    static bool has_body(const ResponseHead& head, Method method) {
        return method != Method::kHead && head.status != 204 && head.status != 304;
    }

    static void check_head(const ResponseHead& head) {
        require(head.status >= 200 && head.status <= 599);
        require(head.content_type().size() <= net::http::kMaxContentTypeLength);
    }

    // The body length a complete exchange must have produced, when the head fixes it.
    static void check_length(const ResponseHead& head, Method method, uint64_t total,
                             bool complete) {
        if (!has_body(head, method)) {
            require(total == 0);
            return;
        }
        if (head.has_content_length && !head.chunked) {
            require(total <= head.content_length);
            if (complete) require(total == head.content_length);
        }
    }

    void into_buffer(const Request& request, const uint8_t* work) {
        const Method method = request.method;
        begin_exchange(request, work);
        static uint8_t body[kMaxBody + kCanary];
        std::memset(body, kCanaryByte, sizeof body);
        ResponseHead head;
        head.status = 0;
        const hal::Result<size_t> n =
            client.request_into(request, hal::ByteSpan(body, body_size), &head, deadline);
        end_exchange(method, n.status());
        for (size_t i = body_size; i < body_size + kCanary; ++i)
            require(body[i] == kCanaryByte);
        if (head.status != 0) {
            check_head(head);
            // A body too large for the buffer: never said of a response without one.
            if (n.status() == Status::kTooLarge) require(has_body(head, method));
        }
        if (!n.ok()) return;
        require(n.value() <= body_size);
        require(!client.body_pending());
        check_length(head, method, n.value(), true);
        g_body.add(hal::ConstByteSpan(body, n.value()));
        check_body_bytes(head);
    }

    void with_read_body(const Request& request, const uint8_t* work) {
        begin_exchange(request, work);
        const hal::Result<ResponseHead> head = client.begin(request, deadline);
        if (!head.ok()) {
            end_exchange(request.method, head.status());
            return;
        }
        check_head(head.value());
        static uint8_t out[512 + kCanary];
        uint64_t total = 0;
        Status status = Status::kOk;
        for (;;) {
            std::memset(out, kCanaryByte, sizeof out);
            const hal::Result<size_t> n = client.read_body(hal::ByteSpan(out, read_size), deadline);
            for (size_t i = read_size; i < read_size + kCanary; ++i)
                require(out[i] == kCanaryByte);
            if (!n.ok()) {
                status = n.status();
                require(status != Status::kFailedPrecondition);
                require(!client.body_pending());
                break;
            }
            require(n.value() <= read_size);
            total += n.value();
            g_body.add(hal::ConstByteSpan(out, n.value()));
            check_length(head.value(), request.method, total, false);
            require(socket.calls() - calls_before <= call_bound);
            if (n.value() == 0) {
                check_length(head.value(), request.method, total, true);
                require(!client.body_pending());
                // Ended: every later call says so too.
                const hal::Result<size_t> again =
                    client.read_body(hal::ByteSpan(out, read_size), deadline);
                require(again.ok() && again.value() == 0);
                check_body_bytes(head.value());
                break;
            }
        }
        end_exchange(request.method, status);
    }

    void into_sink(const Request& request, const uint8_t* work) {
        begin_exchange(request, work);
        CountingSink sink;
        const hal::Result<ResponseHead> head = client.request(request, sink, deadline);
        end_exchange(request.method, head.status());
        if (!head.ok()) return;
        check_head(head.value());
        require(!client.body_pending());
        check_length(head.value(), request.method, sink.total, true);
        check_body_bytes(head.value());
    }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    if (size < kHeaderSize) return 0;
    const uint8_t options = data[0];
    size_t control_size = data[1] | static_cast<size_t>(data[2]) << 8;
    if (control_size > size - kHeaderSize) control_size = size - kHeaderSize;
    const hal::ConstByteSpan control(data + kHeaderSize, control_size);
    const hal::ConstByteSpan responses(data + kHeaderSize + control_size,
                                       size - kHeaderSize - control_size);

    static const net::url::Url origin = net::url::parse_url("https://api.example/base").value();
    test::FakeClock clock(0xFFFFF000u);  // the millisecond counter wraps during the run
    clock.forget_wall();                 // learn it from a Date header
    fuzz::FuzzSocket socket(clock, control, responses);
    static uint8_t work[kMaxWork];
    const size_t work_size = kWorkSizes[options & 3];
    HttpClient client(socket, clock, origin, hal::ByteSpan(work, work_size));

    const uint64_t upload_size = kUploadSizes[(options >> 6) & 3];
    // Per attempt: calls before the deadline (each costs 1 ms), plus calls that moved
    // bytes after it; two attempts at most.
    const uint64_t call_bound = 2 * (kDeadlineMs + 2 + responses.size() + work_size + upload_size);
    Run run{clock,
            socket,
            client,
            kBodySizes[(options >> 2) & 3],
            kReadSizes[(options >> 4) & 3],
            upload_size,
            call_bound};

    const net::http::Header auth[] = {{"Authorization", "Bearer t0k3n"}};
    Request get_a;
    get_a.path = "/a";
    get_a.headers = auth;
    run.into_buffer(get_a, work);

    Request post_b;
    post_b.method = Method::kPost;
    post_b.path = "/b";
    post_b.content_type = "application/json";
    post_b.body = hal::as_bytes("{\"text\":\"payload\"}");
    run.into_buffer(post_b, work);

    Request get_c;
    get_c.path = "/c";
    run.with_read_body(get_c, work);

    LetterSource source;
    Request post_d;
    post_d.method = Method::kPost;
    post_d.path = "/d";
    post_d.body_source = &source;
    post_d.body_length = upload_size;
    run.into_sink(post_d, work);

    client.close();
    Request head_e;
    head_e.method = Method::kHead;
    head_e.path = "/e";
    run.into_buffer(head_e, work);

    Request get_f;
    get_f.path = "/f";
    run.into_sink(get_f, work);
    return 0;
}

// The simulator's fault kinds the HTTP layer must survive (tools/sim/README.md,
// "Faults"), each in both dialects over real TLS: server errors, Retry-After in both
// forms, slowness within and beyond the deadline, connections dropped before or after
// the request was processed, chunked and trickled responses, servers that close kept-
// alive connections (with TLS resumption on the next one) and token revocation.
#include <chrono>
#include <string>
#include <thread>

#include "tests/integration/rig_fixture.h"
#include "tests/support/received_message.h"

using integration::Dialect;
using integration::Rig;
using net::parley::MessageType;

namespace {

hal::Status poll_newest(Rig& r, integration::Collector* c = nullptr,
                        hal::Millis budget = integration::kCallBudgetMs) {
    integration::Collector local;
    net::parley::PageResult page;
    return r.client.get_messages(c != nullptr ? *c : local, &page, Rig::deadline(budget));
}

long fired(const char* kind) {
    return integration::stat_number("faults_fired", kind);
}

size_t stored_messages() {
    return integration::conversation()["messages"].size();
}

// Polls `done` (a query to the simulator) until it holds or `budget_ms` passed: the
// wait ends as soon as the simulator reports the event, not after a fixed time.
template <typename Condition>
bool eventually(Condition done, hal::Millis budget_ms) {
    constexpr auto kPollStep = std::chrono::milliseconds(5);
    const hal::Millis give_up = integration::now_ms() + budget_ms;
    for (;;) {
        if (done()) return true;
        if (integration::now_ms() >= give_up) return false;
        std::this_thread::sleep_for(kPollStep);
    }
}

// Waits until the conversation holds `count` messages.
bool wait_for_messages(size_t count, hal::Millis budget_ms) {
    return eventually([count] { return stored_messages() >= count; }, budget_ms);
}

// Waits until the simulator has answered every request it received (each in its log
// has its status): a delayed request the client gave up on is then finished, and
// cannot land in the next test's state or statistics after the reset.
bool wait_until_all_answered(hal::Millis budget_ms) {
    return eventually(
        [] {
            const net::json::Value requests =
                integration::parse_control(integration::control_get("/requests"))["requests"];
            for (size_t i = 0; i < requests.size(); ++i) {
                if (integration::int_member(requests.at(i), "status") < 0) return false;
            }
            return true;
        },
        budget_ms);
}

}  // namespace

TEST_GROUP_BASE(Faults, integration::RigFixture){};

// `status` 503 twice: kRetryLater each time (no Retry-After), then the call succeeds.
DIALECT_TEST(Faults, ServiceUnavailableThenSuccess) {
    Rig& r = f.make(dialect);
    r.subscribe();
    integration::add_fault(
        R"({"kind": "status", "status": 503, "path": "/messages", "method": "GET", "count": 2})");
    for (int i = 0; i < 2; ++i) {
        const hal::Status status = poll_newest(r);
        CHECK_EQUAL(hal::Status::kRetryLater, status);
        LONGS_EQUAL(503, r.client.last_error().http_status);
        STRCMP_EQUAL("service_unavailable",
                     std::string(r.client.last_error().error_string()).c_str());
        LONGS_EQUAL(-1, r.client.last_error().retry_after_s);
    }
    const hal::Status status = poll_newest(r);
    CHECK_EQUAL(hal::Status::kOk, status);
    LONGS_EQUAL(2, fired("status"));
    LONGS_EQUAL(1, r.http.connections_opened());  // error answers keep the connection
}

// The token endpoint answering 503: the API call is kRetryLater and nothing reaches
// the API; the next call gets its token.
TEST(Faults, TokenEndpointUnavailableIsRetryLater) {
    Rig& r = make(Dialect::kKpnGateway);
    integration::add_fault(R"({"kind": "status", "status": 503, "path": "/oauth/"})");
    net::parley::DeviceRegistration device;
    device.version = "1.0.0";
    hal::Status status = r.client.subscribe_device(device, Rig::deadline());
    CHECK_EQUAL(hal::Status::kRetryLater, status);
    LONGS_EQUAL(0, integration::requests_for("POST /devices"));
    status = r.client.subscribe_device(device, Rig::deadline());
    CHECK_EQUAL(hal::Status::kOk, status);
    LONGS_EQUAL(2, integration::sim().stat("token_requests"));
}

// `retry_after` 429 with a number of seconds.
DIALECT_TEST(Faults, RetryAfterSeconds) {
    Rig& r = f.make(dialect);
    r.subscribe();
    integration::add_fault(R"({"kind": "retry_after", "seconds": 7, "path": "/messages"})");
    const hal::Result<uint64_t> sent =
        r.client.send_text("hi", MessageType::kUser, Rig::deadline());
    CHECK_EQUAL(hal::Status::kRetryLater, sent.status());
    LONGS_EQUAL(429, r.client.last_error().http_status);
    LONGS_EQUAL(7, r.client.last_error().retry_after_s);
    LONGS_EQUAL(0, stored_messages());  // not processed
    r.send("hi");
}

// `retry_after` 429 with an HTTP date (at least 5 s ahead, rounded up to whole seconds).
DIALECT_TEST(Faults, RetryAfterHttpDate) {
    Rig& r = f.make(dialect);
    r.subscribe();
    integration::add_fault(
        R"({"kind": "retry_after", "seconds": 5, "date": true, "path": "/messages"})");
    const hal::Status status = poll_newest(r);
    CHECK_EQUAL(hal::Status::kRetryLater, status);
    LONGS_EQUAL(429, r.client.last_error().http_status);
    const int64_t wait = r.client.last_error().retry_after_s;
    CHECK_TEXT(wait >= 5 && wait <= 7, std::to_string(wait).c_str());
}

// `delay` within the deadline: the call just takes longer.
DIALECT_TEST(Faults, DelayWithinTheDeadlineSucceeds) {
    Rig& r = f.make(dialect);
    r.subscribe();
    integration::add_fault(R"({"kind": "delay", "seconds": 0.3, "path": "/messages"})");
    const hal::Millis started = integration::now_ms();
    const hal::Status status = poll_newest(r, nullptr, 3000);
    const hal::Millis took = integration::now_ms() - started;
    CHECK_EQUAL(hal::Status::kOk, status);
    CHECK_TEXT(took >= 300, std::to_string(took).c_str());
}

// `delay` beyond the deadline on a GET: kOutcomeUnknown (the request was written) once
// the deadline passes, well before the server answers; the next call works on a new
// connection.
DIALECT_TEST(Faults, DelayBeyondTheDeadlineIsBounded) {
    Rig& r = f.make(dialect);
    r.subscribe();
    integration::add_fault(
        R"({"kind": "delay", "seconds": 1.2, "path": "/messages", "method": "GET"})");
    const hal::Millis started = integration::now_ms();
    const hal::Status status = poll_newest(r, nullptr, 300);
    const hal::Millis took = integration::now_ms() - started;
    CHECK_EQUAL(hal::Status::kOutcomeUnknown, status);
    LONGS_EQUAL(0, r.client.last_error().http_status);
    CHECK_TEXT(took >= 290 && took < 1000, std::to_string(took).c_str());
    const hal::Status next = poll_newest(r);
    CHECK_EQUAL(hal::Status::kOk, next);
    LONGS_EQUAL(2, r.http.connections_opened());
    // Let the simulator finish the abandoned request before the next test resets it.
    CHECK_TRUE(wait_until_all_answered(5000));
}

// `delay` beyond the deadline on POST messages: kOutcomeUnknown, and the message IS
// stored once the server gets to it — the reason the messenger reconciles before
// resending (docs/protocol.md §12).
DIALECT_TEST(Faults, DelayedSendBeyondTheDeadlineIsStoredAnyway) {
    Rig& r = f.make(dialect);
    r.subscribe();
    integration::add_fault(
        R"({"kind": "delay", "seconds": 0.6, "path": "/messages", "method": "POST"})");
    const hal::Result<uint64_t> sent =
        r.client.send_text("slow one", MessageType::kUser, Rig::deadline(200));
    CHECK_EQUAL(hal::Status::kOutcomeUnknown, sent.status());
    CHECK_TRUE(wait_for_messages(1, 3000));
    CHECK_TRUE(wait_until_all_answered(3000));  // its answer, written to a closed socket
    integration::Collector c;
    const hal::Status status = poll_newest(r, &c);
    CHECK_EQUAL(hal::Status::kOk, status);
    LONGS_EQUAL(1, c.ids.size());
    STRCMP_EQUAL("slow one", c.texts[0].c_str());
}

// `close_before` on a GET over a reused connection: the keep-alive race, retried once
// on a fresh connection, invisible to the caller. With `reset` (TCP RST) too.
DIALECT_TEST(Faults, CloseBeforeOnReusedConnectionGetIsRetriedOnce) {
    Rig& r = f.make(dialect);
    r.subscribe();
    integration::add_fault(R"({"kind": "close_before", "path": "/messages", "method": "GET"})");
    hal::Status status = poll_newest(r);
    CHECK_EQUAL(hal::Status::kOk, status);
    LONGS_EQUAL(2, integration::requests_for("GET /messages"));
    LONGS_EQUAL(2, r.http.connections_opened());
    integration::add_fault(
        R"({"kind": "close_before", "reset": true, "path": "/messages", "method": "GET"})");
    status = poll_newest(r);
    CHECK_EQUAL(hal::Status::kOk, status);
    LONGS_EQUAL(4, integration::requests_for("GET /messages"));
    LONGS_EQUAL(3, r.http.connections_opened());
    LONGS_EQUAL(2, fired("close_before"));
}

// `close_before` on a GET over a fresh connection: not a keep-alive race, so not
// retried silently: kOutcomeUnknown (GET is safe to repeat; the caller decides).
DIALECT_TEST(Faults, CloseBeforeOnFreshConnectionIsOutcomeUnknown) {
    Rig& r = f.make(dialect);
    r.subscribe();
    r.http.close();
    integration::add_fault(R"({"kind": "close_before", "path": "/messages", "method": "GET"})");
    hal::Status status = poll_newest(r);
    CHECK_EQUAL(hal::Status::kOutcomeUnknown, status);
    LONGS_EQUAL(1, integration::requests_for("GET /messages"));
    status = poll_newest(r);
    CHECK_EQUAL(hal::Status::kOk, status);
}

// `close_before` on POST messages: never resent; nothing was stored.
DIALECT_TEST(Faults, CloseBeforeOnSendIsNotResentAndNothingIsStored) {
    Rig& r = f.make(dialect);
    r.subscribe();
    integration::add_fault(R"({"kind": "close_before", "path": "/messages", "method": "POST"})");
    const hal::Result<uint64_t> sent =
        r.client.send_text("lost?", MessageType::kUser, Rig::deadline());
    CHECK_EQUAL(hal::Status::kOutcomeUnknown, sent.status());
    LONGS_EQUAL(1, integration::requests_for("POST /messages"));
    LONGS_EQUAL(0, stored_messages());
    r.send("lost?");
    LONGS_EQUAL(1, stored_messages());
}

// `store_then_close` on POST messages: kOutcomeUnknown, and the message IS in the
// conversation (once): a blind resend would duplicate it; the client finds it instead.
DIALECT_TEST(Faults, StoreThenCloseOnSendIsOutcomeUnknownButStored) {
    Rig& r = f.make(dialect);
    r.subscribe();
    for (
        const char* fault :
        {R"({"kind": "store_then_close", "path": "/messages", "method": "POST"})",
         R"({"kind": "store_then_close", "reset": true, "path": "/messages", "method": "POST"})"}) {
        integration::add_fault(fault);
        const hal::Result<uint64_t> sent =
            r.client.send_text("stored but unanswered", MessageType::kUser, Rig::deadline());
        CHECK_EQUAL_TEXT(hal::Status::kOutcomeUnknown, sent.status(), fault);
    }
    LONGS_EQUAL(2, integration::requests_for("POST /messages"));
    LONGS_EQUAL(2, stored_messages());
    integration::Collector c;
    const hal::Status status = poll_newest(r, &c);
    CHECK_EQUAL(hal::Status::kOk, status);
    LONGS_EQUAL(2, c.ids.size());
    STRCMP_EQUAL("stored but unanswered", c.texts[0].c_str());
}

// `chunked` on every response (size extensions, mixed-case hex, a trailer): every
// endpoint decodes, and the connection stays reusable.
DIALECT_TEST(Faults, ChunkedResponsesDecode) {
    Rig& r = f.make(dialect);
    r.subscribe();
    r.send("before chunking");
    integration::agent_reply(integration::kDeviceId, "chunked reply",
                             R"("quickReplies": ["a", "b"])");
    integration::add_fault(R"({"kind": "chunked", "chunks": 7, "path": "", "count": -1})");

    integration::Collector c;
    hal::Status status = poll_newest(r, &c);
    CHECK_EQUAL(hal::Status::kOk, status);
    LONGS_EQUAL(2, c.ids.size());
    STRCMP_EQUAL("chunked reply", c.texts[0].c_str());
    test::ReceivedMessage got;
    net::parley::Message& m = got.message;
    status = r.client.get_message(c.ids[0], got, Rig::deadline());
    CHECK_EQUAL(hal::Status::kOk, status);
    LONGS_EQUAL(2, m.quick_reply_count);
    const uint64_t id = r.send("during chunking");
    CHECK_TRUE(id > c.ids[0]);
    net::parley::UnseenCount unseen;
    status = r.client.unseen_count(&unseen, Rig::deadline());
    CHECK_EQUAL(hal::Status::kOk, status);
    LONGS_EQUAL(1, unseen.count);
    static char config[4096];
    const hal::Result<size_t> config_length =
        r.client.get_config(hal::CharSpan(config), Rig::deadline());
    CHECK_EQUAL(hal::Status::kOk, config_length.status());

    constexpr uint64_t kSize = 40000;
    integration::GeneratedPng png(kSize);
    net::parley::MediaUpload upload;
    upload.source = &png;
    upload.size = kSize;
    upload.filename = "c.png";
    upload.mime_type = "image/png";
    const hal::Result<std::string_view> media = r.client.upload_media(upload, Rig::deadline());
    CHECK_EQUAL(hal::Status::kOk, media.status());
    const hal::Result<uint64_t> sent =
        r.client.send_media_message(std::string(media.value()), "", Rig::deadline());
    CHECK_EQUAL(hal::Status::kOk, sent.status());
    status = r.client.get_message(sent.value(), got, Rig::deadline());
    CHECK_EQUAL(hal::Status::kOk, status);
    integration::ByteSink sink;
    net::parley::MediaDownload info;
    status = r.client.download_media(m.media, sink, &info, Rig::deadline());
    CHECK_EQUAL(hal::Status::kOk, status);
    CHECK_TRUE(sink.bytes == png.all());
    STRCMP_EQUAL("image/png", info.content_type);

    CHECK_TRUE(fired("chunked") >= 9);
    LONGS_EQUAL(1, r.http.connections_opened());
}

// `trickle`: responses written 3 bytes (and 1 byte) at a time, one TLS record each;
// combined with `chunked` too.
DIALECT_TEST(Faults, TrickledResponsesDecode) {
    Rig& r = f.make(dialect);
    r.subscribe();
    for (int i = 0; i < 5; ++i)
        integration::agent_reply(integration::kDeviceId, "reply " + std::to_string(i));
    integration::add_fault(
        R"({"kind": "trickle", "bytes": 3, "interval": 0, "path": "/messages", "method": "GET"})");
    integration::Collector c;
    hal::Status status = poll_newest(r, &c);
    CHECK_EQUAL(hal::Status::kOk, status);
    LONGS_EQUAL(5, c.ids.size());
    STRCMP_EQUAL("reply 4", c.texts[0].c_str());

    integration::add_fault(
        R"({"kind": "trickle", "bytes": 1, "interval": 0.001, "path": "/messages", "method": "POST"})");
    integration::add_fault(
        R"({"kind": "chunked", "chunks": 4, "path": "/messages", "method": "POST"})");
    const uint64_t id = r.send("trickled answer");
    CHECK_TRUE(id > c.ids[0]);
    LONGS_EQUAL(2, fired("trickle"));
    LONGS_EQUAL(1, r.http.connections_opened());
}

// `connection_close_after` 2: every second request gets Connection: close. The client
// reconnects transparently and resumes the TLS session on each new connection.
DIALECT_TEST(Faults, ConnectionCloseAfterReconnectsAndResumesTls) {
    Rig& r = f.make(dialect);
    integration::add_fault(R"({"kind": "connection_close_after", "requests": 2})");
    r.subscribe();  // KPN: the token request is the first on the connection
    for (int i = 0; i < 5; ++i) {
        const hal::Status status = poll_newest(r);
        CHECK_EQUAL(hal::Status::kOk, status);
    }
    const long requests = dialect == Dialect::kKpnGateway ? 7 : 6;
    LONGS_EQUAL(requests, static_cast<long>(integration::api_request_count()));
    const long connections = (requests + 1) / 2;
    LONGS_EQUAL(connections, r.http.connections_opened());
    LONGS_EQUAL(connections, integration::stat_number("", "connections"));
    LONGS_EQUAL(connections, integration::stat_number("tls", "handshakes"));
    LONGS_EQUAL(connections - 1, integration::stat_number("tls", "resumed"));
    CHECK_TRUE(r.tls.session_resumed());
    // Every request but those that opened a connection was second on its connection.
    const net::json::Value log =
        integration::parse_control(integration::control_get("/requests"))["requests"];
    for (size_t i = 0; i < log.size(); ++i) {
        LONGS_EQUAL(static_cast<long>(i % 2 + 1),
                    integration::int_member(log.at(i), "connection_request"));
    }
}

// A token revoked while the connection is kept alive: the next call renews once and
// goes on over the same connection.
TEST(Faults, TokenRevokedMidSessionIsRenewedTransparently) {
    Rig& r = make(Dialect::kKpnGateway);
    r.subscribe();
    r.send("one");
    integration::control_post("/tokens/revoke", "{}");
    r.send("two");
    hal::Status status = poll_newest(r);
    CHECK_EQUAL(hal::Status::kOk, status);
    LONGS_EQUAL(2, integration::sim().stat("token_requests"));
    LONGS_EQUAL(2, stored_messages());
    LONGS_EQUAL(1, r.http.connections_opened());
    integration::control_post("/tokens/expire", "{}");
    status = poll_newest(r);
    CHECK_EQUAL(hal::Status::kOk, status);
    LONGS_EQUAL(3, integration::sim().stat("token_requests"));
}

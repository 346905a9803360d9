#include "hal/conformance/socket_checks.h"

#include <cstring>

#include "hal/result.h"
#include "hal/span.h"
#include "hal/status.h"

namespace hal::conformance {
namespace {

using hal::Millis;
using hal::Status;

constexpr size_t kBulk = size_t{16} * 1024;
constexpr size_t kBlock = 1024;
constexpr size_t kMaxFillBytes = size_t{64} * 1024 * 1024;  // send-until-full gives up here

uint8_t pattern(size_t i) {
    return static_cast<uint8_t>((i * 2654435761u) >> 13);
}

// Closes the socket when a check starts and when it ends, whatever happened in between.
class Session {
  public:
    explicit Session(SocketFixture& fixture)
        : socket(fixture.socket()),
          clock(fixture.clock()),
          peer(fixture.peer()),
          slack(fixture.slack_ms()) {
        socket.close();
    }
    ~Session() { socket.close(); }
    Session(const Session&) = delete;
    Session& operator=(const Session&) = delete;

    Millis in(Millis ms) { return clock.now_ms() + ms; }
    Millis now() { return clock.now_ms(); }

    hal::Socket& socket;
    hal::Clock& clock;
    SocketPeer peer;
    Millis slack;
};

void connect_to(Context& ctx, Session& s, uint16_t port) {
    HAL_CONFORM_STATUS(ctx, Status::kOk, s.socket.connect(s.peer.host, port, s.in(s.slack)));
    HAL_CONFORM(ctx, s.socket.is_connected(), "is_connected() false after a connect");
}

// Caller-level loops, as the layers above write them: 0 means "again" until the deadline.
void send_all(Context& ctx, Session& s, hal::ConstByteSpan data) {
    const Millis deadline = s.in(s.slack);
    while (!data.empty()) {
        const hal::Result<size_t> sent = s.socket.send(data, deadline);
        HAL_CONFORM(ctx, sent.ok(), "send: %s", hal::to_string(sent.status()));
        HAL_CONFORM(ctx, sent.value() <= data.size(), "send of %u bytes returned %u",
                    static_cast<unsigned>(data.size()), static_cast<unsigned>(sent.value()));
        HAL_CONFORM(ctx, sent.value() > 0 || !hal::deadline_passed(s.now(), deadline),
                    "send moved nothing for %lu ms", static_cast<unsigned long>(s.slack));
        data = data.subspan(sent.value());
    }
}

void recv_exactly(Context& ctx, Session& s, hal::ByteSpan out) {
    const Millis deadline = s.in(s.slack);
    while (!out.empty()) {
        const hal::Result<size_t> got = s.socket.recv(out, deadline);
        HAL_CONFORM(ctx, got.ok(), "recv: %s", hal::to_string(got.status()));
        HAL_CONFORM(ctx, got.value() <= out.size(), "recv into %u bytes returned %u",
                    static_cast<unsigned>(out.size()), static_cast<unsigned>(got.value()));
        HAL_CONFORM(ctx, got.value() > 0 || !hal::deadline_passed(s.now(), deadline),
                    "nothing arrived for %lu ms", static_cast<unsigned long>(s.slack));
        out = out.subspan(got.value());
    }
}

void expect_echo(Context& ctx, Session& s, const char* text) {
    const hal::ConstByteSpan bytes = hal::as_bytes(text);
    uint8_t answer[64];
    HAL_CONFORM(ctx, bytes.size() <= sizeof answer, "echo text too long");
    HAL_CONFORM_CALL(ctx, send_all(ctx, s, bytes));
    HAL_CONFORM_CALL(ctx, recv_exactly(ctx, s, hal::ByteSpan(answer, bytes.size())));
    HAL_CONFORM(ctx, std::memcmp(answer, bytes.data(), bytes.size()) == 0,
                "the echo of \"%s\" differs", text);
}

void fresh_not_connected(Context& ctx, SocketFixture& fixture) {
    Session s(fixture);
    HAL_CONFORM(ctx, !s.socket.is_connected(), "is_connected() true before any connect");
    HAL_CONFORM_CALL(ctx, connect_to(ctx, s, s.peer.echo_port));
    s.socket.close();
    HAL_CONFORM(ctx, !s.socket.is_connected(), "is_connected() true after close()");
}

void calls_before_connect(Context& ctx, SocketFixture& fixture) {
    Session s(fixture);
    uint8_t byte = 'x';
    const hal::Result<size_t> sent = s.socket.send(hal::ConstByteSpan(&byte, 1), s.in(100));
    HAL_CONFORM(ctx, !sent.ok(), "send before connect returned %u bytes, not an error",
                static_cast<unsigned>(sent.value()));
    const hal::Result<size_t> got = s.socket.recv(hal::ByteSpan(&byte, 1), s.in(100));
    HAL_CONFORM(ctx, !got.ok(), "recv before connect returned %u bytes, not an error",
                static_cast<unsigned>(got.value()));
}

void connect_refused(Context& ctx, SocketFixture& fixture) {
    Session s(fixture);
    HAL_CONFORM_STATUS(ctx, Status::kNetworkError,
                       s.socket.connect(s.peer.host, s.peer.closed_port, s.in(s.slack)));
    HAL_CONFORM(ctx, !s.socket.is_connected(), "connected after a refused connect");
    HAL_CONFORM_CALL(ctx, connect_to(ctx, s, s.peer.echo_port));  // and the next one works
}

void connect_unresolvable(Context& ctx, SocketFixture& fixture) {
    Session s(fixture);
    if (s.peer.unresolvable == nullptr) {
        ctx.skip("the fixture names no unresolvable host (SocketPeer::unresolvable)");
        return;
    }
    HAL_CONFORM_STATUS(ctx, Status::kNameResolution,
                       s.socket.connect(s.peer.unresolvable, s.peer.echo_port, s.in(s.slack * 5)));
    HAL_CONFORM(ctx, !s.socket.is_connected(), "connected after a failed resolution");
}

void connect_while_connected(Context& ctx, SocketFixture& fixture) {
    Session s(fixture);
    HAL_CONFORM_CALL(ctx, connect_to(ctx, s, s.peer.echo_port));
    HAL_CONFORM_STATUS(ctx, Status::kFailedPrecondition,
                       s.socket.connect(s.peer.host, s.peer.echo_port, s.in(s.slack)));
    HAL_CONFORM(ctx, s.socket.is_connected(), "the refused connect dropped the connection");
    expect_echo(ctx, s, "still here");
}

void empty_buffers_invalid(Context& ctx, SocketFixture& fixture) {
    Session s(fixture);
    HAL_CONFORM_CALL(ctx, connect_to(ctx, s, s.peer.echo_port));
    HAL_CONFORM_STATUS(ctx, Status::kInvalidArgument,
                       s.socket.send(hal::ConstByteSpan(), s.in(100)).status());
    HAL_CONFORM_STATUS(ctx, Status::kInvalidArgument,
                       s.socket.recv(hal::ByteSpan(), s.in(100)).status());
    HAL_CONFORM(ctx, s.socket.is_connected(), "an invalid argument dropped the connection");
    expect_echo(ctx, s, "after empty buffers");
}

// 16 KiB through the echo peer, written in blocks and read back into a buffer of a
// different size, both interleaved: every count within its request, the bytes in order.
void echo_partial_io(Context& ctx, SocketFixture& fixture) {
    Session s(fixture);
    HAL_CONFORM_CALL(ctx, connect_to(ctx, s, s.peer.echo_port));
    uint8_t out[kBlock];
    uint8_t back[700];
    size_t sent = 0;
    size_t got = 0;
    const Millis deadline = s.in(4 * s.slack);
    while (got < kBulk) {
        HAL_CONFORM(ctx, !hal::deadline_passed(s.now(), deadline),
                    "the echo of %u bytes stalled at %u sent, %u received",
                    static_cast<unsigned>(kBulk), static_cast<unsigned>(sent),
                    static_cast<unsigned>(got));
        if (sent < kBulk) {
            const size_t n = kBulk - sent < sizeof out ? kBulk - sent : sizeof out;
            for (size_t i = 0; i < n; ++i)
                out[i] = pattern(sent + i);
            const hal::Result<size_t> r = s.socket.send(hal::ConstByteSpan(out, n), s.in(10));
            HAL_CONFORM(ctx, r.ok() && r.value() <= n, "send of %u: %s, %u",
                        static_cast<unsigned>(n), hal::to_string(r.status()),
                        static_cast<unsigned>(r.value()));
            sent += r.value();
        }
        const hal::Result<size_t> r = s.socket.recv(hal::ByteSpan(back), s.in(10));
        HAL_CONFORM(ctx, r.ok() && r.value() <= sizeof back, "recv: %s, %u",
                    hal::to_string(r.status()), static_cast<unsigned>(r.value()));
        for (size_t i = 0; i < r.value(); ++i) {
            HAL_CONFORM(ctx, back[i] == pattern(got + i), "echoed byte %u differs",
                        static_cast<unsigned>(got + i));
        }
        got += r.value();
    }
}

void one_byte_buffers(Context& ctx, SocketFixture& fixture) {
    Session s(fixture);
    HAL_CONFORM_CALL(ctx, connect_to(ctx, s, s.peer.echo_port));
    static const char kText[] = "one byte at a time";
    HAL_CONFORM_CALL(ctx, send_all(ctx, s, hal::as_bytes(kText)));
    for (size_t i = 0; i + 1 < sizeof kText; ++i) {
        uint8_t byte = 0;
        HAL_CONFORM_CALL(ctx, recv_exactly(ctx, s, hal::ByteSpan(&byte, 1)));
        HAL_CONFORM(ctx, byte == static_cast<uint8_t>(kText[i]), "byte %u is '%c', expected '%c'",
                    static_cast<unsigned>(i), byte, kText[i]);
    }
}

void recv_zero_at_deadline(Context& ctx, SocketFixture& fixture) {
    Session s(fixture);
    HAL_CONFORM_CALL(ctx, connect_to(ctx, s, s.peer.silent_port));
    uint8_t buffer[16];
    const Millis start = s.now();
    const hal::Result<size_t> got = s.socket.recv(hal::ByteSpan(buffer), start + 300);
    const Millis elapsed = s.now() - start;
    HAL_CONFORM(ctx, got.ok() && got.value() == 0, "recv from a silent peer: %s, %u bytes",
                hal::to_string(got.status()), static_cast<unsigned>(got.value()));
    HAL_CONFORM(ctx, elapsed >= 300 && elapsed < 300 + s.slack,
                "recv with a deadline 300 ms ahead returned after %lu ms",
                static_cast<unsigned long>(elapsed));
    HAL_CONFORM(ctx, s.socket.is_connected(), "\"nothing yet\" dropped the connection");
}

void passed_deadline_returns_at_once(Context& ctx, SocketFixture& fixture) {
    Session s(fixture);
    HAL_CONFORM_CALL(ctx, connect_to(ctx, s, s.peer.silent_port));
    uint8_t buffer[16];
    for (const Millis back : {Millis{0}, Millis{1000}}) {
        const Millis start = s.now();
        const hal::Result<size_t> got = s.socket.recv(hal::ByteSpan(buffer), start - back);
        const Millis elapsed = s.now() - start;
        HAL_CONFORM(ctx, got.ok() && got.value() == 0,
                    "recv with a deadline %lu ms past: %s, %u bytes (expected ok, 0)",
                    static_cast<unsigned long>(back), hal::to_string(got.status()),
                    static_cast<unsigned>(got.value()));
        HAL_CONFORM(ctx, elapsed < s.slack, "recv with a passed deadline took %lu ms",
                    static_cast<unsigned long>(elapsed));
    }
    const Millis start = s.now();
    const hal::Result<size_t> sent = s.socket.send(hal::as_bytes("x"), start - 1000);
    HAL_CONFORM(ctx, sent.ok(), "send with a passed deadline: %s", hal::to_string(sent.status()));
    HAL_CONFORM(ctx, s.now() - start < s.slack, "send with a passed deadline took %lu ms",
                static_cast<unsigned long>(s.now() - start));
    HAL_CONFORM(ctx, s.socket.is_connected(), "a passed deadline dropped the connection");
}

// A caller that polls with deadlines already due (the bytes are there, or not) must still
// see bytes move: a 0 only when nothing was ready.
void passed_deadlines_make_progress(Context& ctx, SocketFixture& fixture) {
    Session s(fixture);
    HAL_CONFORM_CALL(ctx, connect_to(ctx, s, s.peer.echo_port));
    static const char kText[] = "polled";
    hal::ConstByteSpan left = hal::as_bytes(kText);
    uint8_t answer[sizeof kText];
    size_t got = 0;
    const Millis give_up = s.in(s.slack);
    while (got < sizeof kText - 1) {
        HAL_CONFORM(ctx, !hal::deadline_passed(s.now(), give_up),
                    "with due deadlines, %u of %u bytes sent and %u echoed in %lu ms",
                    static_cast<unsigned>(sizeof kText - 1 - left.size()),
                    static_cast<unsigned>(sizeof kText - 1), static_cast<unsigned>(got),
                    static_cast<unsigned long>(s.slack));
        if (!left.empty()) {
            const hal::Result<size_t> r = s.socket.send(left, s.now());
            HAL_CONFORM(ctx, r.ok(), "send: %s", hal::to_string(r.status()));
            left = left.subspan(r.value());
        }
        const hal::Result<size_t> r =
            s.socket.recv(hal::ByteSpan(answer + got, sizeof kText - 1 - got), s.now());
        HAL_CONFORM(ctx, r.ok(), "recv: %s", hal::to_string(r.status()));
        got += r.value();
    }
    HAL_CONFORM(ctx, std::memcmp(answer, kText, sizeof kText - 1) == 0, "the echo differs");
}

void send_zero_at_deadline(Context& ctx, SocketFixture& fixture) {
    Session s(fixture);
    HAL_CONFORM_CALL(ctx, connect_to(ctx, s, s.peer.silent_port));
    uint8_t block[kBlock];
    std::memset(block, 0x42, sizeof block);
    size_t total = 0;
    for (;;) {
        HAL_CONFORM(ctx, total < kMaxFillBytes, "%u bytes went to a peer that never reads",
                    static_cast<unsigned>(total));
        const Millis start = s.now();
        const hal::Result<size_t> sent = s.socket.send(hal::ConstByteSpan(block), start + 100);
        const Millis elapsed = s.now() - start;
        HAL_CONFORM(ctx, sent.ok(), "send after %u bytes: %s", static_cast<unsigned>(total),
                    hal::to_string(sent.status()));
        HAL_CONFORM(ctx, sent.value() <= sizeof block, "send of %u returned %u",
                    static_cast<unsigned>(sizeof block), static_cast<unsigned>(sent.value()));
        if (sent.value() == 0) {
            HAL_CONFORM(ctx, elapsed >= 100 && elapsed < 100 + s.slack,
                        "a send with a deadline 100 ms ahead returned 0 after %lu ms",
                        static_cast<unsigned long>(elapsed));
            break;
        }
        HAL_CONFORM(ctx, elapsed < 100 + s.slack, "a send took %lu ms past its deadline",
                    static_cast<unsigned long>(elapsed - 100));
        total += sent.value();
    }
    HAL_CONFORM(ctx, s.socket.is_connected(), "a full send buffer dropped the connection");
}

void peer_close_is_closed(Context& ctx, SocketFixture& fixture) {
    Session s(fixture);
    HAL_CONFORM_CALL(ctx, connect_to(ctx, s, s.peer.bye_port));
    uint8_t bye[3];
    HAL_CONFORM_CALL(ctx, recv_exactly(ctx, s, hal::ByteSpan(bye)));
    HAL_CONFORM(ctx, std::memcmp(bye, "bye", 3) == 0, "the peer's bytes before its close differ");
    const Millis deadline = s.in(s.slack);
    hal::Result<size_t> got = size_t{0};
    uint8_t more[8];
    while (got.ok() && !hal::deadline_passed(s.now(), deadline)) {
        got = s.socket.recv(hal::ByteSpan(more), deadline);
        HAL_CONFORM(ctx, !got.ok() || got.value() == 0, "%u bytes after the peer's last",
                    static_cast<unsigned>(got.value()));
    }
    HAL_CONFORM_STATUS(ctx, Status::kClosed, got.status());
    HAL_CONFORM(ctx, !s.socket.is_connected(), "is_connected() true after kClosed");
    // "close() first is allowed, not required"
    HAL_CONFORM_CALL(ctx, connect_to(ctx, s, s.peer.echo_port));
    expect_echo(ctx, s, "reconnected");
}

void peer_reset_is_network_error(Context& ctx, SocketFixture& fixture) {
    Session s(fixture);
    if (s.peer.reset_port == 0) {
        ctx.skip("the fixture has no resetting peer (SocketPeer::reset_port)");
        return;
    }
    HAL_CONFORM_CALL(ctx, connect_to(ctx, s, s.peer.reset_port));
    HAL_CONFORM_CALL(ctx, send_all(ctx, s, hal::as_bytes("!")));
    const Millis deadline = s.in(s.slack);
    hal::Result<size_t> got = size_t{0};
    uint8_t buffer[8];
    while (got.ok() && !hal::deadline_passed(s.now(), deadline)) {
        got = s.socket.recv(hal::ByteSpan(buffer), deadline);
        HAL_CONFORM(ctx, !got.ok() || got.value() == 0, "%u bytes from a peer that sends none",
                    static_cast<unsigned>(got.value()));
    }
    HAL_CONFORM_STATUS(ctx, Status::kNetworkError, got.status());
    HAL_CONFORM(ctx, !s.socket.is_connected(), "is_connected() true after a reset");
    HAL_CONFORM_CALL(ctx, connect_to(ctx, s, s.peer.echo_port));
    expect_echo(ctx, s, "after a reset");
}

void close_idempotent(Context& ctx, SocketFixture& fixture) {
    Session s(fixture);
    s.socket.close();
    s.socket.close();
    HAL_CONFORM(ctx, !s.socket.is_connected(), "is_connected() after close() on a closed socket");
    HAL_CONFORM_CALL(ctx, connect_to(ctx, s, s.peer.echo_port));
    s.socket.close();
    s.socket.close();
    HAL_CONFORM(ctx, !s.socket.is_connected(), "is_connected() after two close()");
    HAL_CONFORM_CALL(ctx, connect_to(ctx, s, s.peer.echo_port));
    expect_echo(ctx, s, "connected again");
}

const Check<SocketFixture> kChecks[] = {
    {"is-connected-follows-connect-and-close", fresh_not_connected},
    {"calls-before-connect-are-errors", calls_before_connect},
    {"connect-refused-is-a-network-error", connect_refused},
    {"connect-to-an-unresolvable-name-fails", connect_unresolvable},
    {"connect-while-connected-is-refused", connect_while_connected},
    {"empty-buffers-are-invalid-arguments", empty_buffers_invalid},
    {"echo-survives-partial-io", echo_partial_io},
    {"recv-into-one-byte-buffers", one_byte_buffers},
    {"recv-returns-0-at-its-deadline", recv_zero_at_deadline},
    {"passed-deadline-returns-at-once", passed_deadline_returns_at_once},
    {"passed-deadlines-still-move-ready-bytes", passed_deadlines_make_progress},
    {"send-returns-0-at-its-deadline-when-the-peer-stops-reading", send_zero_at_deadline},
    {"peer-close-is-kClosed-after-its-bytes", peer_close_is_closed},
    {"peer-reset-is-a-network-error", peer_reset_is_network_error},
    {"close-is-idempotent-and-allows-reconnect", close_idempotent},
};

}  // namespace

Summary run_socket_checks(SocketFixture& fixture, Reporter& reporter, const char* only) {
    return run_checks("Socket", kChecks, fixture, reporter, only);
}

size_t socket_check_count() {
    return sizeof kChecks / sizeof kChecks[0];
}

}  // namespace hal::conformance

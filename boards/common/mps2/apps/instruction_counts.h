// Instruction counts of the self-test's TLS and HTTP work (net_selftest's icount=1), for
// QEMU's `-icount shift=0`, under which the board clock advances exactly 1 ns per executed
// instruction (tests/boards/run-icount.sh, docs/performance.md):
//
//   busy time = board time (SysTickClock::now_ns) - time asleep in WFI (SysTickClock::idle_ns)
//
// so the time the board waits for the network, which QEMU fills with host time while the
// core sleeps, is not counted. Every executed instruction is: the driver's and lwIP's work on
// each frame, TLS, HTTP, the log lines the TLS client writes, the SysTick handler (once a
// millisecond of busy time, about 10 instructions) and the poll loop's work between two
// sleeps. Resolution: one SysTick count, 40 ns (40 instructions).
#pragma once

#include <cstddef>
#include <cstdint>

#include "hal/clock.h"
#include "hal/socket.h"
#include "hal/span.h"
#include "net/tls/tls_client.h"
#include "net/url/url.h"

namespace boards::mps2_an386 {

// What https_server.py writes per TLS record of a GET /bulk/N body.
constexpr size_t kBulkRecordSize = 16384;

// Board nanoseconds not spent asleep (instructions under -icount shift=0).
uint64_t busy_ns();

// What count_instructions works with: the self-test's TLS client and buffers.
struct CountingSetup {
    hal::Clock& clock;
    net::tls::TlsClient& tls;
    hal::ByteSpan http_buffer;  // HttpClient's working buffer
    hal::ByteSpan body;         // response bodies (the answers are a few hundred bytes)
    // With bench=N: "/bulk/N" and N, the body counted after the resumed handshake; else
    // nullptr and 0.
    const char* bulk_path = nullptr;
    unsigned long bulk_records = 0;
};

// Prints the counts, one "selftest: instructions KEY=VALUE..." line each:
//   calibration loop=K expected=2K count=N   a loop of K iterations of 2 instructions
//   calibration sleep-ms=10 elapsed=E count=N  10 ms asleep: E ns passed, N were busy
//   handshake=full protocol=P suite=S count=N  TCP connect + TLS handshake (chain verified)
//   request=first count=N                     the GET after it (TLS 1.3: the session
//                                              tickets the server sent after its Finished)
//   exchange=I send=N poll=M count=N+M        I = 1..3 on the kept connection: POST of a
//                                              small JSON message, then GET of the answer
//   handshake=resumed protocol=P suite=S count=N, request=first-resumed count=N
//                                              the same after closing and reconnecting
//   bulk record=I count=N                     with bulk_records (bench=N), on the resumed
//                                              connection: a GET of bulk_path, whose body
//                                              (read into `body`, 512 B at a time) is
//                                              N records of kBulkRecordSize; record I
//                                              (1..N) counted from the end of the one
//                                              before, the first from the end of the head
//   bulk records=N bytes=B head=H count=C     that GET: H for sending it and reading the
//                                              head, C for the whole body
// Returns 0, or report_failure's exit code when a step fails or answers other than 200.
int count_instructions(const CountingSetup& setup, const net::url::Url& origin);

}  // namespace boards::mps2_an386

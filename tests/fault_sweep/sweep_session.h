// SweepSession: one whole device session against the simulator, over a FaultSocket under
// TLS and another above it — token, subscribe, three sends (two with the same text),
// polls that bring agent replies, a restart on the same flash, one more send and a reply
// — and the checks the sweep makes after it: every call returned within its deadline,
// the session completed once the fault had passed, the service holds each user message
// once and in order, the listener saw each agent message once and in order.
// Test code: allocates (std::string, std::vector, the device's parts on the heap).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "tests/fault_sweep/fault_socket.h"

namespace sweep {

struct SessionOptions {
    FaultPlan plan;
    // Server side: the simulator stores the n-th POST /messages (1-based) and closes the
    // connection without answering; 0: never.
    int store_then_close_post = 0;
    // Server side: the simulator waits kSlowStoreSeconds (real time) before it processes
    // the n-th POST /messages (1-based) — a request still being stored after the device
    // gave up on its answer; 0: never.
    int slow_post = 0;
};

constexpr const char* kSlowStoreSeconds = "0.3";

struct SessionResult {
    bool completed = false;
    std::string failure;  // what went wrong, for the test's message
    uint32_t calls[2] = {0, 0};
    bool fired = false;
    hal::Millis worst_call_overrun_ms = 0;
    hal::Millis worst_step_ms = 0;
};

SessionResult run_session(const SessionOptions& options);

// The messenger's deadline for one operation in the sweep (virtual time).
constexpr hal::Millis kSweepOperationTimeoutMs = 5000;

}  // namespace sweep

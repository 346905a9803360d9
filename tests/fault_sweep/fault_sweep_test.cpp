// The transport fault sweep (docs/design.md "Tests"): a whole device session against the
// simulator over real TLS, with one fault injected at every call index of the socket
// under TLS and of the one above it in turn — error, timeout, 1-byte read or write, peer
// close, reset, a stall past the deadline — and, on the server side, a message stored
// without an answer at each send. After each run: every call returned within its
// deadline, the session completed once the fault had passed, each user message is stored
// once and in order, each agent message reached the listener once and in order.
// PARLEY_SWEEP_STRIDE=n sweeps every n-th index only (a quicker local run).
#include <cstdio>
#include <cstdlib>
#include <string>

#include "tests/fault_sweep/sweep_session.h"
#include "tests/integration/sim_rig.h"

#include <CppUTest/TestHarness.h>

namespace {

using sweep::FaultKind;
using sweep::Layer;

// Real time a socket call may return after its deadline (loopback, a loaded machine).
constexpr hal::Millis kCallSlackMs = 1000;
constexpr size_t kFailuresShown = 8;

uint32_t stride() {
    const char* env = std::getenv("PARLEY_SWEEP_STRIDE");
    const long n = env != nullptr ? std::strtol(env, nullptr, 10) : 1;
    return n > 1 ? static_cast<uint32_t>(n) : 1;
}

struct Tally {
    uint32_t runs = 0;
    uint32_t fired = 0;
    uint32_t failed = 0;
    std::string failures;
    hal::Millis worst_step_ms = 0;

    void add(const std::string& what, const sweep::SessionResult& r) {
        ++runs;
        if (r.fired) ++fired;
        if (r.worst_step_ms > worst_step_ms) worst_step_ms = r.worst_step_ms;
        std::string why = r.failure;
        if (why.empty() && !r.completed) why = "did not complete";
        if (why.empty() && r.worst_call_overrun_ms > kCallSlackMs) {
            why = "a call returned " + std::to_string(r.worst_call_overrun_ms) +
                  " ms after its deadline";
        }
        if (why.empty()) return;
        if (++failed <= kFailuresShown) failures += "\n  " + what + ": " + why;
    }
};

sweep::SessionResult clean_run() {
    sweep::SessionOptions options;
    const sweep::SessionResult result = sweep::run_session(options);
    CHECK_TEXT(result.completed, result.failure.c_str());
    return result;
}

void sweep_layer(Layer layer) {
    const sweep::SessionResult clean = clean_run();
    const uint32_t calls = clean.calls[static_cast<int>(layer)];
    CHECK(calls > 10);
    Tally tally;
    for (uint32_t index = 0; index < calls; index += stride()) {
        for (const FaultKind kind : sweep::kAllKinds) {
            sweep::SessionOptions options;
            options.plan.layer = layer;
            options.plan.index = index;
            options.plan.kind = kind;
            const sweep::SessionResult r = sweep::run_session(options);
            tally.add(std::string(sweep::to_string(kind)) + " at " + sweep::to_string(layer) +
                          " call " + std::to_string(index),
                      r);
        }
    }
    std::printf(
        "\n[figure] fault-sweep-%s calls %u, injection points %u, faults fired %u, "
        "worst step %u ms\n",
        sweep::to_string(layer), static_cast<unsigned>(calls), static_cast<unsigned>(tally.runs),
        static_cast<unsigned>(tally.fired), static_cast<unsigned>(tally.worst_step_ms));
    CHECK_EQUAL(tally.runs, tally.fired);  // every index of the clean run was reached
    CHECK_EQUAL_TEXT(0U, tally.failed, tally.failures.c_str());
}

}  // namespace

TEST_GROUP(FaultSweep){void setup() override{integration::begin_test();
}
void teardown() override {
    integration::end_test();
}
}
;

TEST(FaultSweep, TheSessionCompletesWithoutFaults) {
    const sweep::SessionResult r = clean_run();
    CHECK(r.calls[0] > 0);
    CHECK(r.calls[1] > 0);
    CHECK_FALSE(r.fired);
}

TEST(FaultSweep, EveryFaultAtEveryCallUnderTlsIsSurvived) {
    sweep_layer(Layer::kTcp);
}

TEST(FaultSweep, EveryFaultAtEveryCallAboveTlsIsSurvived) {
    sweep_layer(Layer::kHttp);
}

TEST(FaultSweep, AMessageStoredWithoutAnAnswerIsNeitherLostNorDuplicated) {
    Tally tally;
    for (int post = 1; post <= 4; ++post) {
        integration::clear_faults();
        sweep::SessionOptions options;
        options.store_then_close_post = post;
        tally.add("store-then-close at POST " + std::to_string(post), sweep::run_session(options));
    }
    std::printf("\n[figure] fault-sweep-server injection points %u\n",
                static_cast<unsigned>(tally.runs));
    CHECK_EQUAL_TEXT(0U, tally.failed, tally.failures.c_str());
}

// Observed once under load: the device gave up on the answer to the second "yes" (an
// error reading it), the clock jumped over the 10 s grace at once while the simulator,
// in real time, had not yet stored the request it had received; reconciliation found
// nothing and sent "yes" again. Here the simulator takes 0.3 s to store it: the sweep
// must let it finish before virtual time passes (reconciliation then finds it), and
// the check must see a copy stored late.
TEST(FaultSweep, AMessageStillBeingStoredWhenTheDeviceGaveUpIsNotSentAgain) {
    sweep::SessionOptions options;
    options.plan.layer = Layer::kHttp;
    options.plan.kind = FaultKind::kError;
    options.plan.recv_after_message_post = 3;
    options.slow_post = 3;
    const sweep::SessionResult r = sweep::run_session(options);
    CHECK(r.fired);
    CHECK_TEXT(r.completed, r.failure.c_str());
}

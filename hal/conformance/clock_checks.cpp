#include "hal/conformance/clock_checks.h"

#include <cstdint>
#include <initializer_list>

#include "hal/result.h"
#include "hal/status.h"

namespace hal::conformance {
namespace {

using hal::Millis;

constexpr int64_t kWallFloor = 1'577'836'800;  // 2020-01-01: a known wall clock is past it
constexpr int64_t kWallCeiling = int64_t{1} << 40;
constexpr int64_t kWallProbe = 1'750'000'000;  // 2025-06-15, what set_wall_seconds is given

// `later` is at or after `earlier` on the wrapping scale (hal/time.h).
bool not_before(Millis later, Millis earlier) {
    return static_cast<int32_t>(later - earlier) >= 0;
}

void never_goes_backwards(Context& ctx, ClockFixture& fixture) {
    hal::Clock& clock = fixture.clock();
    Millis previous = clock.now_ms();
    for (int i = 0; i < 2000; ++i) {
        if (i % 200 == 199) fixture.let_time_pass(1);
        const Millis now = clock.now_ms();
        HAL_CONFORM(ctx, not_before(now, previous), "read %d: now_ms() went back from %lu to %lu",
                    i, static_cast<unsigned long>(previous), static_cast<unsigned long>(now));
        previous = now;
    }
}

void advances_with_time(Context& ctx, ClockFixture& fixture) {
    hal::Clock& clock = fixture.clock();
    for (const Millis wait : {Millis{20}, Millis{250}}) {
        const Millis start = clock.now_ms();
        fixture.let_time_pass(wait);
        const Millis elapsed = clock.now_ms() - start;
        HAL_CONFORM(ctx, elapsed >= wait && elapsed <= wait + fixture.slack_ms(),
                    "%lu ms passed but now_ms() moved %lu ms (slack %lu)",
                    static_cast<unsigned long>(wait), static_cast<unsigned long>(elapsed),
                    static_cast<unsigned long>(fixture.slack_ms()));
    }
}

void wraps_modulo_2_32(Context& ctx, ClockFixture& fixture) {
    const Millis target = UINT32_MAX - 40;
    if (!fixture.start_near(target)) {
        ctx.skip("the fixture cannot put the counter near the wrap (start_near)");
        return;
    }
    hal::Clock& clock = fixture.clock();
    const Millis before = clock.now_ms();
    HAL_CONFORM(ctx, before - target <= fixture.slack_ms() / 4 + 10, "start_near(%lu) gave %lu",
                static_cast<unsigned long>(target), static_cast<unsigned long>(before));
    // A deadline computed before the wrap lies after it.
    const Millis deadline = before + 60;
    HAL_CONFORM(ctx, !hal::deadline_passed(before, deadline), "deadline passed at once");
    HAL_CONFORM(ctx, hal::remaining(before, deadline) == 60, "remaining %lu, expected 60",
                static_cast<unsigned long>(hal::remaining(before, deadline)));
    fixture.let_time_pass(100);
    const Millis after = clock.now_ms();
    HAL_CONFORM(ctx, after < before, "the counter did not wrap: %lu then %lu",
                static_cast<unsigned long>(before), static_cast<unsigned long>(after));
    const Millis elapsed = after - before;
    HAL_CONFORM(ctx, elapsed >= 100 && elapsed <= 100 + fixture.slack_ms(),
                "100 ms across the wrap read as %lu ms", static_cast<unsigned long>(elapsed));
    HAL_CONFORM(ctx, hal::deadline_passed(after, deadline), "deadline after the wrap not passed");
    HAL_CONFORM(ctx, hal::remaining(after, deadline) == 0, "remaining after the deadline");
}

// hal/time.h itself: static_cast<int32_t> of a uint32_t above INT32_MAX is implementation
// defined before C++20, so the wrap arithmetic is checked on the porter's compiler.
void time_arithmetic_wraps(Context& ctx, ClockFixture& /*fixture*/) {
    struct Case {
        Millis now;
        Millis deadline;
        bool passed;
        Millis remaining;
    };
    static constexpr Case kCases[] = {
        {0, 0, true, 0},
        {UINT32_MAX, UINT32_MAX, true, 0},
        {UINT32_MAX - 9, 5, false, 15},  // deadline just after the wrap
        {5, UINT32_MAX - 9, true, 0},    // now just after it
        {UINT32_MAX, 0, false, 1},
        {0, UINT32_MAX, true, 0},
        {100, 100 + 0x7FFFFFFFu, false, 0x7FFFFFFFu},  // the longest interval there is
        {0x7FFFFFFFu, 0, true, 0},
    };
    for (const Case& c : kCases) {
        HAL_CONFORM(ctx, hal::deadline_passed(c.now, c.deadline) == c.passed,
                    "deadline_passed(%lu, %lu) is not %d", static_cast<unsigned long>(c.now),
                    static_cast<unsigned long>(c.deadline), c.passed ? 1 : 0);
        HAL_CONFORM(ctx, hal::remaining(c.now, c.deadline) == c.remaining,
                    "remaining(%lu, %lu) = %lu, expected %lu", static_cast<unsigned long>(c.now),
                    static_cast<unsigned long>(c.deadline),
                    static_cast<unsigned long>(hal::remaining(c.now, c.deadline)),
                    static_cast<unsigned long>(c.remaining));
    }
    HAL_CONFORM(ctx, hal::later_of(UINT32_MAX, 3) == 3, "later_of across the wrap");
    HAL_CONFORM(ctx, hal::later_of(3, UINT32_MAX) == 3, "later_of across the wrap (swapped)");
    HAL_CONFORM(ctx, hal::later_of(7, 7) == 7, "later_of of equal instants");
}

void wall_known_or_unavailable(Context& ctx, ClockFixture& fixture) {
    const hal::Result<int64_t> wall = fixture.clock().wall_seconds();
    if (!wall.ok()) {
        HAL_CONFORM_STATUS(ctx, hal::Status::kUnavailable, wall.status());
        return;
    }
    HAL_CONFORM(ctx, wall.value() >= kWallFloor && wall.value() < kWallCeiling,
                "wall_seconds() = %lld: known, but not a plausible Unix time",
                static_cast<long long>(wall.value()));
}

void set_wall_makes_it_known(Context& ctx, ClockFixture& fixture) {
    hal::Clock& clock = fixture.clock();
    if (fixture.forget_wall_clock()) {
        HAL_CONFORM_STATUS(ctx, hal::Status::kUnavailable, clock.wall_seconds().status());
    }
    const hal::Result<int64_t> before = clock.wall_seconds();
    clock.set_wall_seconds(kWallProbe);
    const hal::Result<int64_t> after = clock.wall_seconds();
    // An unknown clock must know the time now; a known one may ignore the correction
    // ("implementations with a trusted source of their own may ignore it").
    HAL_CONFORM(ctx, after.ok(), "wall_seconds() after set_wall_seconds: %s",
                hal::to_string(after.status()));
    const bool took_it = after.value() >= kWallProbe && after.value() <= kWallProbe + 5;
    const bool ignored_it =
        before.ok() && after.value() >= before.value() - 5 && after.value() <= before.value() + 5;
    HAL_CONFORM(ctx, took_it || ignored_it,
                "set_wall_seconds(%lld) then wall_seconds() = %lld (before: %lld)",
                static_cast<long long>(kWallProbe), static_cast<long long>(after.value()),
                static_cast<long long>(before.value_or(-1)));
    if (before.ok() && took_it) clock.set_wall_seconds(before.value());  // put it back
}

const Check<ClockFixture> kChecks[] = {
    {"now-ms-never-goes-backwards", never_goes_backwards},
    {"now-ms-advances-with-real-time", advances_with_time},
    {"now-ms-wraps-modulo-2^32", wraps_modulo_2_32},
    {"time-arithmetic-across-the-wrap", time_arithmetic_wraps},
    {"wall-clock-is-known-or-unavailable", wall_known_or_unavailable},
    {"set-wall-seconds-makes-it-known", set_wall_makes_it_known},
};

}  // namespace

Summary run_clock_checks(ClockFixture& fixture, Reporter& reporter, const char* only) {
    return run_checks("Clock", kChecks, fixture, reporter, only);
}

size_t clock_check_count() {
    return sizeof kChecks / sizeof kChecks[0];
}

}  // namespace hal::conformance

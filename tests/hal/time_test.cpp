#include "hal/time.h"

#include <CppUTest/TestHarness.h>

TEST_GROUP(MonotonicTime){};

TEST(MonotonicTime, DeadlineComparisonSurvivesTheCounterWrap) {
    const hal::Millis before_wrap = 0xFFFFFF00u;
    const hal::Millis deadline = before_wrap + 0x200;  // wraps to 0x100
    CHECK_EQUAL(0x100u, deadline);
    CHECK_FALSE(hal::deadline_passed(before_wrap, deadline));
    CHECK_FALSE(hal::deadline_passed(0x0FFu, deadline));
    CHECK_TRUE(hal::deadline_passed(0x100u, deadline));
    CHECK_TRUE(hal::deadline_passed(0x101u, deadline));
}

TEST(MonotonicTime, RemainingCountsDownToZeroAcrossTheWrap) {
    const hal::Millis deadline = 0x10;
    CHECK_EQUAL(0x20u, hal::remaining(0xFFFFFFF0u, deadline));
    CHECK_EQUAL(0u, hal::remaining(0x10u, deadline));
    CHECK_EQUAL(0u, hal::remaining(0x11u, deadline));
}

TEST(MonotonicTime, LaterOfPicksTheLaterInstantAcrossTheWrap) {
    CHECK_EQUAL(0x5u, hal::later_of(0xFFFFFFF0u, 0x5u));
    CHECK_EQUAL(0x5u, hal::later_of(0x5u, 0xFFFFFFF0u));
    CHECK_EQUAL(200u, hal::later_of(100u, 200u));
}

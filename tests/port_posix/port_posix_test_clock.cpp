#include "port/posix/clock.h"

#include <unistd.h>

#include <CppUTest/TestHarness.h>

#include <cstdint>
#include <ctime>

using port::posix::SystemClock;

TEST_GROUP(SystemClock) {
    SystemClock clock;
};

TEST(SystemClock, MonotonicMillisecondsNeverGoBackwards) {
    hal::Millis previous = clock.now_ms();
    for (int i = 0; i < 100000; ++i) {
        const hal::Millis now = clock.now_ms();
        CHECK_TRUE(hal::deadline_passed(now, previous));  // now is at or after previous
        previous = now;
    }
}

TEST(SystemClock, MonotonicMillisecondsFollowRealTime) {
    const hal::Millis start = clock.now_ms();
    ::usleep(50 * 1000);
    const hal::Millis elapsed = clock.now_ms() - start;
    CHECK(elapsed >= 50);
    CHECK(elapsed < 50 + 2000);
}

TEST(SystemClock, OffsetStartsTheCounterJustBeforeTheWrap) {
    SystemClock wrapping(SystemClock::offset_to_reach(0xFFFFFFFFu - 20));
    const hal::Millis before = wrapping.now_ms();
    CHECK(before > 0xFFFFFFFFu - 1000);  // close to the wrap (allowing a slow machine)
    const hal::Millis deadline = before + 40;
    CHECK(deadline < before);  // numerically wrapped

    ::usleep(60 * 1000);
    const hal::Millis after = wrapping.now_ms();
    CHECK(after < before);  // the counter itself wrapped
    CHECK_TRUE(hal::deadline_passed(after, deadline));
    CHECK_EQUAL(0u, hal::remaining(after, deadline));
    CHECK_EQUAL(after, hal::later_of(before, after));
    CHECK(static_cast<hal::Millis>(after - before) >= 60);
}

TEST(SystemClock, DeadlineNotYetPassedJustBeforeTheWrapCountsRemainingTime) {
    SystemClock wrapping(SystemClock::offset_to_reach(0xFFFFFFFFu - 1000));
    const hal::Millis now = wrapping.now_ms();
    const hal::Millis deadline = now + 5000;  // past the wrap
    CHECK_FALSE(hal::deadline_passed(now, deadline));
    CHECK_EQUAL(5000u, hal::remaining(now, deadline));
    CHECK_EQUAL(deadline, hal::later_of(now, deadline));
}

TEST(SystemClock, WallClockIsKnownAndMatchesTimeOfDay) {
    const hal::Result<int64_t> wall = clock.wall_seconds();
    CHECK_TRUE(wall.ok());
    const int64_t reference = static_cast<int64_t>(std::time(nullptr));
    CHECK(wall.value() >= reference - 2);
    CHECK(wall.value() <= reference + 2);
}

TEST(SystemClock, SettingTheWallClockIsIgnoredOnAHost) {
    clock.set_wall_seconds(0);
    const hal::Result<int64_t> wall = clock.wall_seconds();
    CHECK_TRUE(wall.ok());
    CHECK(wall.value() > 1700000000);  // still the host's time, not 1970
}

#include "firmware/messenger/poll_schedule.h"

#include <CppUTest/TestHarness.h>

namespace {
uint32_t poll_n_times(firmware::messenger::PollSchedule& schedule, int n) {
    for (int i = 0; i < n; ++i)
        schedule.on_empty_poll();
    return schedule.interval_ms();
}
}  // namespace

TEST_GROUP(PollSchedule){};

TEST(PollSchedule, StartsAtTwoSecondsAndStepsUpEveryFiveEmptyPolls) {
    firmware::messenger::PollSchedule schedule;
    CHECK_EQUAL(2000U, schedule.interval_ms());
    CHECK_EQUAL(2000U, poll_n_times(schedule, 4));
    CHECK_EQUAL(5000U, poll_n_times(schedule, 1));
    CHECK_EQUAL(10000U, poll_n_times(schedule, 5));
    CHECK_EQUAL(30000U, poll_n_times(schedule, 5));
    CHECK_EQUAL(60000U, poll_n_times(schedule, 5));
}

TEST(PollSchedule, ReachesSixHoursAndStaysThere) {
    firmware::messenger::PollSchedule schedule;
    CHECK_EQUAL(6U * 3600U * 1000U, poll_n_times(schedule, 10 * 5));
    CHECK_EQUAL(6U * 3600U * 1000U, poll_n_times(schedule, 100));
}

TEST(PollSchedule, ActivityStartsOverAtTwoSeconds) {
    firmware::messenger::PollSchedule schedule;
    poll_n_times(schedule, 23);
    CHECK(schedule.interval_ms() > 2000U);
    schedule.on_activity();
    CHECK_EQUAL(2000U, schedule.interval_ms());
    CHECK_EQUAL(2000U, poll_n_times(schedule, 4));  // a full five at the first step again
}

TEST(PollSchedule, TheStepTableIsConfiguration) {
    firmware::messenger::PollSchedule ios{
        hal::Span<const firmware::messenger::PollStep>(firmware::messenger::kParleyIosPollSteps)};
    CHECK_EQUAL(30000U, poll_n_times(ios, 15));
    CHECK_EQUAL(30000U, poll_n_times(ios, 50));
    const firmware::messenger::PollStep fixed[] = {{750, 1}};
    firmware::messenger::PollSchedule constant{
        hal::Span<const firmware::messenger::PollStep>(fixed)};
    CHECK_EQUAL(750U, poll_n_times(constant, 9));
}

TEST(PollSchedule, AnEmptyTableFallsBackToTwoSeconds) {
    firmware::messenger::PollSchedule none{hal::Span<const firmware::messenger::PollStep>()};
    CHECK_EQUAL(2000U, poll_n_times(none, 3));
}

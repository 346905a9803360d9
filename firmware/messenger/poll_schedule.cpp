#include "firmware/messenger/poll_schedule.h"

namespace firmware::messenger {
namespace {
constexpr uint32_t kSecond = 1000;
constexpr uint32_t kMinute = 60 * kSecond;
constexpr uint32_t kHour = 60 * kMinute;
constexpr uint32_t kFallbackIntervalMs = 2 * kSecond;  // an empty table polls at 2 s
}  // namespace

const PollStep kParleyWebPollSteps[11] = {
    {2 * kSecond, 5}, {5 * kSecond, 5}, {10 * kSecond, 5}, {30 * kSecond, 5},
    {1 * kMinute, 5}, {5 * kMinute, 5}, {15 * kMinute, 5}, {30 * kMinute, 5},
    {2 * kHour, 5},   {5 * kHour, 5},   {6 * kHour, 5},
};

const PollStep kParleyIosPollSteps[4] = {
    {2 * kSecond, 5}, {5 * kSecond, 5}, {10 * kSecond, 5}, {30 * kSecond, 5}};

PollSchedule::PollSchedule(hal::Span<const PollStep> steps) : steps_(steps) {}

uint32_t PollSchedule::interval_ms() const {
    if (steps_.empty()) return kFallbackIntervalMs;
    return steps_[step_].interval_ms;
}

void PollSchedule::on_empty_poll() {
    if (steps_.empty()) return;
    if (++done_at_step_ < steps_[step_].repeats) return;
    done_at_step_ = 0;
    if (step_ + 1 < steps_.size()) ++step_;
}

void PollSchedule::on_activity() {
    step_ = 0;
    done_at_step_ = 0;
}

}  // namespace firmware::messenger

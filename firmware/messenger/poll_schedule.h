// PollSchedule: how long to wait before the next `GET messages/after:` (docs/protocol.md §9).
// Like Parley's own web client it starts at 2 s and, while polls come back empty,
// steps up through a table (each step repeated a few times) to hours; any activity (a
// message sent or received) starts it over. The table is configuration: a board passes
// its own steps, e.g. the iOS SDK's faster 2/5/10/30 s ladder.
#pragma once

#include <cstdint>

#include "hal/span.h"

namespace firmware::messenger {

struct PollStep {
    uint32_t interval_ms;
    uint8_t repeats;  // how many empty polls at this interval before the next step
};

// Parley's web client: 2 s, 5 s, 10 s, 30 s, 1 min, 5 min, 15 min, 30 min, 2 h, 5 h, 6 h,
// each five times; the last step then repeats for ever.
extern const PollStep kParleyWebPollSteps[11];
// The iOS SDK: 2 s, then 5, 10, 30 s after five empty polls each.
extern const PollStep kParleyIosPollSteps[4];

class PollSchedule {
  public:
    explicit PollSchedule(
        hal::Span<const PollStep> steps = hal::Span<const PollStep>(kParleyWebPollSteps));

    // The wait before the next poll.
    uint32_t interval_ms() const;
    // A poll returned nothing new: move one repeat (and maybe one step) up the ladder.
    void on_empty_poll();
    // The user sent something or a reply arrived: back to the first step.
    void on_activity();

    size_t step_index() const { return step_; }

  private:
    hal::Span<const PollStep> steps_;
    size_t step_ = 0;
    uint8_t done_at_step_ = 0;
};

}  // namespace firmware::messenger

// Log conformance (hal/log.h): set_log/log_sink install and remove the process-wide sink
// (none discards); log_format hands the sink one finished line with its level and
// module; the HAL_LOG_* macros compile out the levels above kLogLevel; lines longer than
// the kLogLineMax buffer arrive truncated, their start intact; the sink under test takes
// every level and edge input, reads its string_views only within their size, and (when
// its output can be read back) writes the message.
// The checks install their own forwarding sink while they run and put back the one that
// was installed before.
#pragma once

#include <cstddef>

#include "hal/conformance/conformance.h"
#include "hal/log.h"
#include "hal/span.h"

namespace hal::conformance {

class LogFixture {
  public:
    virtual hal::Log& log() = 0;

    // What the sink under test emitted since the last call (a pipe, a captured UART),
    // copied into `out`; `size` is set to the bytes copied. False when the output cannot
    // be read back: the checks of the output are then skipped.
    virtual bool take_output(hal::CharSpan out, size_t& size) {
        (void)out;
        size = 0;
        return false;
    }

  protected:
    ~LogFixture() = default;
};

Summary run_log_checks(LogFixture& fixture, Reporter& reporter, const char* only = nullptr);
size_t log_check_count();

}  // namespace hal::conformance

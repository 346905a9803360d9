// StderrLog: hal::Log sink for host processes. Writes "[ms] L module: message\n" with
// one write(2) per line, so lines from several processes sharing a terminal never
// interleave. Control characters are replaced (log lines cannot be forged by a peer).
#pragma once

#include <unistd.h>

#include <cstddef>
#include <string_view>

#include "hal/clock.h"
#include "hal/log.h"

namespace port::posix {

class StderrLog final : public hal::Log {
  public:
    // The module name is cut to this many characters.
    static constexpr size_t kMaxModuleLength = 24;

    // `fd` is stderr in production; tests pass a pipe.
    explicit StderrLog(hal::Clock& clock, hal::LogLevel min_level = hal::LogLevel::kInfo,
                       int fd = STDERR_FILENO)
        : clock_(clock), min_level_(min_level), fd_(fd) {}

    // Lines less severe than `level` are dropped (PARLEY_HAL_LOG_LEVEL already compiled out
    // the ones below the build's threshold; this filters at run time).
    void set_min_level(hal::LogLevel level) { min_level_ = level; }
    hal::LogLevel min_level() const { return min_level_; }

    void write(hal::LogLevel level, std::string_view module, std::string_view message) override;

  private:
    hal::Clock& clock_;
    hal::LogLevel min_level_;
    int fd_;
};

}  // namespace port::posix

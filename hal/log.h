// Log: levelled messages to whatever sink the board installs (stderr, UART,
// semihosting). Messages below kLogLevel (PARLEY_HAL_LOG_LEVEL, hal_config.h) are compiled out.
// Never log a secret: client secret, access token, Authorization header values.
// Formatting happens in a fixed stack buffer (kLogLineMax); longer lines are truncated.
#pragma once

#include <cstddef>
#include <string_view>

#include "hal/hal_config.h"  // kLogLevel, kLogLineMax

namespace hal {

enum class LogLevel : int { kError = 0, kWarn = 1, kInfo = 2, kDebug = 3 };

class Log {
  public:
    virtual void write(LogLevel level, std::string_view module, std::string_view message) = 0;

  protected:
    ~Log() = default;
};

// The process-wide sink; nullptr (the default) discards everything.
void set_log(Log* sink);
Log* log_sink();

// printf-style, with the subset hal/format.h implements (no floating point); used
// through the HAL_LOG_* macros below.
void log_format(LogLevel level, const char* module, const char* format, ...)
    __attribute__((format(printf, 3, 4)));

const char* to_string(LogLevel level);

}  // namespace hal

#define HAL_LOG_AT_(lvl, module, ...)                    \
    do {                                                 \
        if (static_cast<int>(lvl) <= ::hal::kLogLevel)   \
            ::hal::log_format(lvl, module, __VA_ARGS__); \
    } while (0)
#define HAL_LOG_ERROR(module, ...) HAL_LOG_AT_(::hal::LogLevel::kError, module, __VA_ARGS__)
#define HAL_LOG_WARN(module, ...) HAL_LOG_AT_(::hal::LogLevel::kWarn, module, __VA_ARGS__)
#define HAL_LOG_INFO(module, ...) HAL_LOG_AT_(::hal::LogLevel::kInfo, module, __VA_ARGS__)
#define HAL_LOG_DEBUG(module, ...) HAL_LOG_AT_(::hal::LogLevel::kDebug, module, __VA_ARGS__)

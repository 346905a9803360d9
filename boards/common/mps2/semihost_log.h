// SemihostLog: hal::Log on the semihosting console, one line per message with the
// monotonic time: "[   12.345] I tls: handshake done". A real board points this at a UART.
#pragma once

#include <string_view>

#include "hal/clock.h"
#include "hal/log.h"

namespace boards::mps2_an386 {

class SemihostLog final : public hal::Log {
  public:
    explicit SemihostLog(hal::Clock& clock) : clock_(clock) {}
    void write(hal::LogLevel level, std::string_view module, std::string_view message) override;

  private:
    hal::Clock& clock_;
};

// printf-style straight to the console (no level, no prefix): the app's report lines.
void console_print(const char* format, ...) __attribute__((format(printf, 1, 2)));

}  // namespace boards::mps2_an386

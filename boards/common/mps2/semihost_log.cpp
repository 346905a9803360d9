#include "boards/common/mps2/semihost_log.h"

#include <cstdarg>
#include <cstddef>

#include "boards/common/mps2/semihosting.h"
#include "hal/format.h"

namespace boards::mps2_an386 {
namespace {

constexpr unsigned kMillisecondDigits = 3;
constexpr size_t kSecondsWidth = 9;  // the seconds right-aligned in five places, as "%5lu"
constexpr size_t kSecondsMax = 16;   // 4 294 967.295 s (the clock wraps) and the NUL
// The message (already cut to kLogLineMax) plus prefix and module name.
constexpr size_t kConsoleLineMax = hal::kLogLineMax + 48;

}  // namespace

void SemihostLog::write(hal::LogLevel level, std::string_view module, std::string_view message) {
    char line[kConsoleLineMax];
    char seconds[kSecondsMax];  // "   12.345": milliseconds since boot as seconds
    hal::format_fixed(hal::CharSpan(seconds), clock_.now_ms(), kMillisecondDigits, kSecondsWidth);
    size_t n = hal::format(hal::CharSpan(line), "[%s] %s %.*s: %.*s\n", seconds,
                           hal::to_string(level), static_cast<int>(module.size()), module.data(),
                           static_cast<int>(message.size()), message.data());
    if (n >= sizeof line) {
        n = sizeof line - 1;
        line[n - 1] = '\n';
    }
    semihost::write_console(std::string_view(line, n));
}

void console_print(const char* format, ...) {
    char line[kConsoleLineMax];
    va_list args;
    va_start(args, format);
    size_t n = hal::vformat(hal::CharSpan(line), format, args);
    va_end(args);
    if (n >= sizeof line) n = sizeof line - 1;
    semihost::write_console(std::string_view(line, n));
}

}  // namespace boards::mps2_an386

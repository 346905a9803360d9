#include "boards/mps2-an386/semihost_log.h"

#include <cstdarg>
#include <cstddef>

#include "boards/mps2-an386/semihosting.h"
#include "hal/format.h"

namespace boards::mps2 {
namespace {

constexpr unsigned kMillisPerSecond = 1000;
// The message (already cut to kLogLineMax) plus prefix and module name.
constexpr size_t kConsoleLineMax = hal::kLogLineMax + 48;

}  // namespace

void SemihostLog::write(hal::LogLevel level, std::string_view module, std::string_view message) {
    char line[kConsoleLineMax];
    const hal::Millis now = clock_.now_ms();
    size_t n = hal::format(hal::CharSpan(line), "[%5lu.%03lu] %s %.*s: %.*s\n",
                           static_cast<unsigned long>(now / kMillisPerSecond),
                           static_cast<unsigned long>(now % kMillisPerSecond),
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

}  // namespace boards::mps2

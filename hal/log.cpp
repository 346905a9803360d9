#include "hal/log.h"

#include <cstdarg>

#include "hal/format.h"

namespace hal {
namespace {
Log* g_sink = nullptr;
}  // namespace

void set_log(Log* sink) {
    g_sink = sink;
}
Log* log_sink() {
    return g_sink;
}

void log_format(LogLevel level, const char* module, const char* format, ...) {
    if (g_sink == nullptr) return;
    char line[kLogLineMax];
    va_list args;
    va_start(args, format);
    // hal::vformat, not vsnprintf: newlib's printf family links malloc (docs/design.md §3).
    const size_t n = vformat(CharSpan(line), format, args);
    va_end(args);
    const size_t len = n < sizeof line ? n : sizeof line - 1;
    g_sink->write(level, module, std::string_view(line, len));
}

const char* to_string(LogLevel level) {
    switch (level) {
        case LogLevel::kError:
            return "E";
        case LogLevel::kWarn:
            return "W";
        case LogLevel::kInfo:
            return "I";
        case LogLevel::kDebug:
            return "D";
    }
    return "?";
}

}  // namespace hal

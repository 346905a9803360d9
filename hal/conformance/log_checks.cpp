#include "hal/conformance/log_checks.h"

#include <cstdint>
#include <cstring>
#include <initializer_list>
#include <string_view>

#include "hal/hal_config.h"

namespace hal::conformance {
namespace {

constexpr const char* kModule = "conform";

// Records what reaches the process-wide sink and forwards it to the sink under test.
class Recorder final : public hal::Log {
  public:
    explicit Recorder(hal::Log& next) : next_(next) {}

    void write(hal::LogLevel lvl, std::string_view mod, std::string_view text) override {
        ++writes;
        level = lvl;
        module_size = copy(mod, module, sizeof module);
        message_size = copy(text, message, sizeof message);
        next_.write(lvl, mod, text);
    }

    std::string_view last_module() const { return {module, module_size}; }
    std::string_view last_message() const { return {message, message_size}; }

    int writes = 0;
    hal::LogLevel level = hal::LogLevel::kError;
    char module[32] = {};
    size_t module_size = 0;
    char message[hal::kLogLineMax + 1] = {};
    size_t message_size = 0;

  private:
    static size_t copy(std::string_view text, char* out, size_t capacity) {
        const size_t n = text.size() < capacity ? text.size() : capacity;
        std::memcpy(out, text.data(), n);
        return n;
    }

    hal::Log& next_;
};

// Installs a Recorder for one check and puts the previous sink back afterwards.
class Installed {
  public:
    explicit Installed(hal::Log& next) : recorder(next), previous_(hal::log_sink()) {
        hal::set_log(&recorder);
    }
    ~Installed() { hal::set_log(previous_); }
    Installed(const Installed&) = delete;
    Installed& operator=(const Installed&) = delete;

    Recorder recorder;

  private:
    hal::Log* previous_;
};

bool contains(std::string_view haystack, std::string_view needle) {
    return haystack.find(needle) != std::string_view::npos;
}

// The sink's output since the last call, or false (and a skip) when it cannot be read.
bool output(Context& ctx, LogFixture& fixture, hal::CharSpan buffer, std::string_view& text) {
    size_t size = 0;
    if (!fixture.take_output(buffer, size)) {
        ctx.skip("the fixture cannot read the sink's output back (take_output)");
        return false;
    }
    text = std::string_view(buffer.data(), size < buffer.size() ? size : buffer.size());
    return true;
}

void set_log_installs(Context& ctx, LogFixture& fixture) {
    hal::Log* const previous = hal::log_sink();
    hal::set_log(&fixture.log());
    const bool installed = hal::log_sink() == &fixture.log();
    hal::set_log(nullptr);
    const bool removed = hal::log_sink() == nullptr;
    hal::log_format(hal::LogLevel::kError, kModule, "discarded %d", 1);  // no sink: nothing
    hal::set_log(previous);
    HAL_CONFORM(ctx, installed, "log_sink() is not the sink set_log() installed");
    HAL_CONFORM(ctx, removed, "set_log(nullptr) left a sink installed");
}

void log_format_delivers(Context& ctx, LogFixture& fixture) {
    Installed installed(fixture.log());
    Recorder& r = installed.recorder;
    hal::log_format(hal::LogLevel::kWarn, kModule, "value %d of %s", 42, "six");
    HAL_CONFORM(ctx, r.writes == 1, "one log_format made %d writes", r.writes);
    HAL_CONFORM(ctx, r.level == hal::LogLevel::kWarn, "level %s, expected W",
                hal::to_string(r.level));
    HAL_CONFORM(ctx, r.last_module() == kModule, "module \"%.*s\"", static_cast<int>(r.module_size),
                r.module);
    HAL_CONFORM(ctx, r.last_message() == "value 42 of six", "message \"%.*s\"",
                static_cast<int>(r.message_size), r.message);
}

void levels_compiled_out(Context& ctx, LogFixture& fixture) {
    Installed installed(fixture.log());
    Recorder& r = installed.recorder;
    HAL_CONFORM(ctx,
                static_cast<int>(hal::LogLevel::kError) == 0 &&
                    static_cast<int>(hal::LogLevel::kWarn) == 1 &&
                    static_cast<int>(hal::LogLevel::kInfo) == 2 &&
                    static_cast<int>(hal::LogLevel::kDebug) == 3,
                "LogLevel values are not error 0 .. debug 3");
    int expected = 0;
    HAL_LOG_ERROR(kModule, "error line");
    expected += hal::kLogLevel >= 0 ? 1 : 0;
    HAL_CONFORM(ctx, r.writes == expected, "HAL_LOG_ERROR at kLogLevel %d: %d writes",
                hal::kLogLevel, r.writes);
    HAL_LOG_WARN(kModule, "warn line");
    expected += hal::kLogLevel >= 1 ? 1 : 0;
    HAL_CONFORM(ctx, r.writes == expected, "HAL_LOG_WARN at kLogLevel %d: %d writes",
                hal::kLogLevel, r.writes);
    HAL_LOG_INFO(kModule, "info line");
    expected += hal::kLogLevel >= 2 ? 1 : 0;
    HAL_CONFORM(ctx, r.writes == expected, "HAL_LOG_INFO at kLogLevel %d: %d writes",
                hal::kLogLevel, r.writes);
    HAL_LOG_DEBUG(kModule, "debug line");
    expected += hal::kLogLevel >= 3 ? 1 : 0;
    HAL_CONFORM(ctx, r.writes == expected, "HAL_LOG_DEBUG at kLogLevel %d: %d writes",
                hal::kLogLevel, r.writes);
}

void long_lines_truncated(Context& ctx, LogFixture& fixture) {
    Installed installed(fixture.log());
    Recorder& r = installed.recorder;
    constexpr size_t kFits = hal::kLogLineMax - 1;  // the buffer keeps room for its NUL
    char text[2 * hal::kLogLineMax + 1];
    for (size_t i = 0; i < sizeof text - 1; ++i)
        text[i] = static_cast<char>('a' + i % 26);
    text[sizeof text - 1] = '\0';

    hal::log_format(hal::LogLevel::kError, kModule, "%.*s", static_cast<int>(kFits), text);
    HAL_CONFORM(ctx, r.writes == 1 && r.message_size == kFits,
                "a line of exactly %u characters arrived as %u", static_cast<unsigned>(kFits),
                static_cast<unsigned>(r.message_size));
    hal::log_format(hal::LogLevel::kError, kModule, "%s", text);
    HAL_CONFORM(ctx, r.writes == 2, "a long line made %d writes, expected one", r.writes - 1);
    HAL_CONFORM(ctx, r.message_size == kFits, "a line of %u characters arrived as %u, expected %u",
                static_cast<unsigned>(sizeof text - 1), static_cast<unsigned>(r.message_size),
                static_cast<unsigned>(kFits));
    HAL_CONFORM(ctx, std::memcmp(r.message, text, kFits) == 0,
                "the truncated line's start changed");
}

void sink_takes_edge_input(Context& ctx, LogFixture& fixture) {
    hal::Log& sink = fixture.log();
    size_t discarded = 0;
    char drain[64];
    (void)fixture.take_output(hal::CharSpan(drain), discarded);
    for (const hal::LogLevel level : {hal::LogLevel::kError, hal::LogLevel::kWarn,
                                      hal::LogLevel::kInfo, hal::LogLevel::kDebug}) {
        sink.write(level, kModule, "every level");
    }
    sink.write(hal::LogLevel::kError, "", "");
    sink.write(hal::LogLevel::kError, std::string_view(), std::string_view());
    // NUL-terminated just past the view, so that a sink that reads to a NUL (which the
    // check below catches) stays inside this array and does no harm on its way.
    char longest[hal::kLogLineMax];
    std::memset(longest, 'x', sizeof longest - 1);
    longest[sizeof longest - 1] = '\0';
    sink.write(hal::LogLevel::kError, kModule, std::string_view(longest, sizeof longest - 1));
    // Views into larger text: the sink must stop at their size, not at a NUL.
    static const char kModuleText[] = "modXYZ-must-not-appear";
    static const char kMessageText[] = "bounded!QRS-must-not-appear";
    sink.write(hal::LogLevel::kError, std::string_view(kModuleText, 3),
               std::string_view(kMessageText, 8));
    char buffer[4 * hal::kLogLineMax];
    std::string_view text;
    if (!output(ctx, fixture, hal::CharSpan(buffer), text)) return;
    HAL_CONFORM(ctx, contains(text, "bounded!"), "the sink's output lacks a bounded message");
    HAL_CONFORM(ctx, !contains(text, "must-not-appear"),
                "the sink read a string_view past its size");
}

void sink_writes_message(Context& ctx, LogFixture& fixture) {
    char buffer[2 * hal::kLogLineMax];
    std::string_view text;
    if (!output(ctx, fixture, hal::CharSpan(buffer), text)) return;  // drains it, too
    Installed installed(fixture.log());
    hal::log_format(hal::LogLevel::kError, kModule, "conformance line %d", 7);
    if (!output(ctx, fixture, hal::CharSpan(buffer), text)) return;
    HAL_CONFORM(ctx, contains(text, "conformance line 7"), "the output \"%.*s\" lacks the message",
                static_cast<int>(text.size()), text.data());
    HAL_CONFORM(ctx, contains(text, kModule), "the output \"%.*s\" lacks the module",
                static_cast<int>(text.size()), text.data());
}

void level_names(Context& ctx, LogFixture& /*fixture*/) {
    const char* names[] = {
        hal::to_string(hal::LogLevel::kError), hal::to_string(hal::LogLevel::kWarn),
        hal::to_string(hal::LogLevel::kInfo), hal::to_string(hal::LogLevel::kDebug)};
    for (size_t i = 0; i < 4; ++i) {
        HAL_CONFORM(ctx, names[i] != nullptr && names[i][0] != '\0', "level %u has no name",
                    static_cast<unsigned>(i));
        for (size_t j = 0; j < i; ++j) {
            HAL_CONFORM(ctx, std::strcmp(names[i], names[j]) != 0, "levels %u and %u share \"%s\"",
                        static_cast<unsigned>(j), static_cast<unsigned>(i), names[i]);
        }
    }
}

const Check<LogFixture> kChecks[] = {
    {"set-log-installs-and-removes-the-sink", set_log_installs},
    {"log-format-delivers-level-module-message", log_format_delivers},
    {"levels-above-kLogLevel-are-compiled-out", levels_compiled_out},
    {"long-lines-are-truncated-to-kLogLineMax", long_lines_truncated},
    {"sink-takes-every-level-and-edge-input", sink_takes_edge_input},
    {"sink-output-carries-the-message", sink_writes_message},
    {"levels-have-distinct-names", level_names},
};

}  // namespace

Summary run_log_checks(LogFixture& fixture, Reporter& reporter, const char* only) {
    return run_checks("Log", kChecks, fixture, reporter, only);
}

size_t log_check_count() {
    return sizeof kChecks / sizeof kChecks[0];
}

}  // namespace hal::conformance

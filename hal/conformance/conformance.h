// HAL conformance: the contracts of hal/*.h as executable checks that a porter runs
// against their own implementation, on the board or on a host.
//
// Each interface has a header here (clock_checks.h, flash_checks.h, ...) with a fixture
// the porter implements (it hands over the object under test and, where a check needs
// one, a hook: a way to let time pass, a reboot, a peer to talk to) and a run function
// that runs every check and reports each outcome to a Reporter. Nothing here allocates,
// throws or needs a test framework: the checks build for the Cortex-M4 like the rest of
// hal/, and a board reports through PrintReporter on its console. On the host,
// tests/hal_conformance adapts the reporter to CppUTest.
//
// A check is one contract point (its name says which); it passes, fails with the first
// broken expectation (file, line and what was seen), or is skipped with the reason (the
// fixture does not offer the hook it needs, or the point does not apply).
#pragma once

#include <cstdarg>
#include <cstddef>
#include <cstdint>

#include "hal/status.h"

namespace hal::conformance {

enum class Outcome : uint8_t { kPassed, kFailed, kSkipped };

const char* to_string(Outcome outcome);

// One check's result, valid during Reporter::report only.
struct CheckReport {
    const char* interface_name;  // "Flash", "Socket", ...
    const char* check;           // "program-refuses-0-to-1", ...
    Outcome outcome;
    const char* message;  // failed: what went wrong; skipped: why; passed: ""
    const char* file;     // failed: where (the check's source), else nullptr
    int line;
};

class Reporter {
  public:
    virtual void report(const CheckReport& report) = 0;

  protected:
    ~Reporter() = default;
};

struct Summary {
    uint32_t passed = 0;
    uint32_t failed = 0;
    uint32_t skipped = 0;

    uint32_t total() const { return passed + failed + skipped; }
    bool ok() const { return failed == 0; }
    Summary& operator+=(const Summary& other);
};

// A Reporter for boards: one line per check ("PASS Flash erase-sets-every-byte-to-0xFF",
// "FAIL Socket ...: message (file:line)", "SKIP ...: why") handed to `print` without a
// line end; the line is cut at kLineMax - 1 characters.
class PrintReporter final : public Reporter {
  public:
    static constexpr size_t kLineMax = 256;
    using PrintFn = void (*)(const char* line, void* user);

    // `verbose` false prints only failures and skips.
    PrintReporter(PrintFn print, void* user, bool verbose = true)
        : print_(print), user_(user), verbose_(verbose) {}

    void report(const CheckReport& report) override;

  private:
    PrintFn print_;
    void* user_;
    bool verbose_;
};

// The state of the check that is running: the first failure (or the skip reason) and
// its message. Checks use it through the HAL_CONFORM* macros below.
class Context {
  public:
    static constexpr size_t kMessageMax = 192;

    Context(const char* interface_name, const char* check)
        : interface_name_(interface_name), check_(check) {}

    // Records a failure (the first one is kept) and returns false.
    bool fail(const char* file, int line, const char* format, ...)
        __attribute__((format(printf, 4, 5)));
    // `condition`, or a failure with the message (formatted only then) and false.
    bool expect(bool condition, const char* file, int line, const char* format, ...)
        __attribute__((format(printf, 5, 6)));
    // `got == expected`, or a failure naming `what` and both statuses, and false.
    bool expect_status(hal::Status expected, hal::Status got, const char* what, const char* file,
                       int line);
    // Marks the check skipped (not applicable, or a hook the fixture does not offer).
    void skip(const char* reason);

    bool failed() const { return outcome_ == Outcome::kFailed; }
    bool stopped() const { return outcome_ != Outcome::kPassed; }

    // Reports the outcome and returns it as a Summary of one.
    Summary finish(Reporter& reporter) const;

  private:
    // Keeps the first failure: where, and the message formatted from `format`.
    void record(const char* file, int line, const char* format, va_list args);

    const char* interface_name_;
    const char* check_;
    Outcome outcome_ = Outcome::kPassed;
    const char* file_ = nullptr;
    int line_ = 0;
    char message_[kMessageMax] = {};
};

// A named check over a fixture, and the loop that runs a table of them.
template <typename Fixture>
struct Check {
    const char* name;
    void (*run)(Context& context, Fixture& fixture);
};

// True when `only` is null or equals `name`.
bool selected(const char* only, const char* name);

template <typename Fixture, size_t N>
Summary run_checks(const char* interface_name, const Check<Fixture> (&checks)[N], Fixture& fixture,
                   Reporter& reporter, const char* only) {
    Summary summary;
    for (const Check<Fixture>& check : checks) {
        if (!selected(only, check.name)) continue;
        Context context(interface_name, check.name);
        check.run(context, fixture);
        summary += context.finish(reporter);
    }
    return summary;
}

}  // namespace hal::conformance

// Inside a check (a function returning void), as statements of their own: on a false
// condition, records the failure with a printf-style message and returns from the check.
// Each is one `if`, so a check's cognitive complexity counts one per expectation.
#define HAL_CONFORM(ctx, condition, ...) \
    if (!(ctx).expect(static_cast<bool>(condition), __FILE__, __LINE__, __VA_ARGS__)) return

// Expects `expr` (a hal::Status) to equal `expected`.
#define HAL_CONFORM_STATUS(ctx, expected, expr) \
    if (!(ctx).expect_status((expected), (expr), #expr, __FILE__, __LINE__)) return

// Runs a helper that takes the context (a void call), and returns when it failed or skipped.
#define HAL_CONFORM_CALL(ctx, call) \
    if ((call), (ctx).stopped()) return

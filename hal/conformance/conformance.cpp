#include "hal/conformance/conformance.h"

#include <cstdarg>
#include <cstring>

#include "hal/format.h"
#include "hal/span.h"

namespace hal::conformance {

const char* to_string(Outcome outcome) {
    switch (outcome) {
        case Outcome::kPassed:
            return "PASS";
        case Outcome::kFailed:
            return "FAIL";
        case Outcome::kSkipped:
            return "SKIP";
    }
    return "????";
}

Summary& Summary::operator+=(const Summary& other) {
    passed += other.passed;
    failed += other.failed;
    skipped += other.skipped;
    return *this;
}

bool selected(const char* only, const char* name) {
    return only == nullptr || std::strcmp(only, name) == 0;
}

void Context::record(const char* file, int line, const char* format, va_list args) {
    if (outcome_ == Outcome::kFailed) return;
    outcome_ = Outcome::kFailed;
    file_ = file;
    line_ = line;
    (void)vformat(CharSpan(message_), format, args);
}

bool Context::fail(const char* file, int line, const char* format, ...) {
    va_list args;
    va_start(args, format);
    record(file, line, format, args);
    va_end(args);
    return false;
}

bool Context::expect(bool condition, const char* file, int line, const char* format, ...) {
    if (condition) return true;
    va_list args;
    va_start(args, format);
    record(file, line, format, args);
    va_end(args);
    return false;
}

bool Context::expect_status(hal::Status expected, hal::Status got, const char* what,
                            const char* file, int line) {
    return expect(got == expected, file, line, "%s: got %s, expected %s", what, hal::to_string(got),
                  hal::to_string(expected));
}

void Context::skip(const char* reason) {
    if (outcome_ != Outcome::kPassed) return;
    outcome_ = Outcome::kSkipped;
    (void)format(CharSpan(message_), "%s", reason);
}

Summary Context::finish(Reporter& reporter) const {
    const CheckReport report{interface_name_,
                             check_,
                             outcome_,
                             message_,
                             outcome_ == Outcome::kFailed ? file_ : nullptr,
                             line_};
    reporter.report(report);
    Summary summary;
    switch (outcome_) {
        case Outcome::kPassed:
            summary.passed = 1;
            break;
        case Outcome::kFailed:
            summary.failed = 1;
            break;
        case Outcome::kSkipped:
            summary.skipped = 1;
            break;
    }
    return summary;
}

void PrintReporter::report(const CheckReport& report) {
    if (!verbose_ && report.outcome == Outcome::kPassed) return;
    char line[kLineMax];
    if (report.outcome == Outcome::kFailed) {
        (void)format(CharSpan(line), "%s %s %s: %s (%s:%d)", to_string(report.outcome),
                     report.interface_name, report.check, report.message, report.file, report.line);
    } else if (report.outcome == Outcome::kSkipped) {
        (void)format(CharSpan(line), "%s %s %s: %s", to_string(report.outcome),
                     report.interface_name, report.check, report.message);
    } else {
        (void)format(CharSpan(line), "%s %s %s", to_string(report.outcome), report.interface_name,
                     report.check);
    }
    print_(line, user_);
}

}  // namespace hal::conformance

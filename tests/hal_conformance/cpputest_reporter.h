// The conformance suite (hal/conformance) under CppUTest: a Reporter that prints one line
// per check and fails the running test with every failure, and a helper that also pins
// down how many checks ran and which were skipped, so a check that starts skipping (a
// fixture hook lost) fails as loudly as one that fails.
#pragma once

#include <CppUTest/TestHarness.h>

#include <cstdio>
#include <cstring>

#include "hal/conformance/conformance.h"

namespace conformance_test {

class CppUTestReporter final : public hal::conformance::Reporter {
  public:
    void report(const hal::conformance::CheckReport& r) override {
        std::printf("\n  %s %s/%s", hal::conformance::to_string(r.outcome), r.interface_name,
                    r.check);
        if (r.outcome == hal::conformance::Outcome::kFailed) {
            std::printf(": %s (%s:%d)", r.message, r.file, r.line);
            append(r.check, r.message);
        } else if (r.outcome == hal::conformance::Outcome::kSkipped) {
            std::printf(": %s", r.message);
            append_skip(r.check);
        }
    }

    // Fails the current test when a check failed, when the number of checks is not
    // `expected_total`, or when the skipped checks are not exactly `expected_skips`
    // (names separated by spaces; "" for none).
    void verify(const hal::conformance::Summary& summary, size_t expected_total,
                const char* expected_skips) const {
        std::printf("\n  %u checks: %u passed, %u failed, %u skipped\n",
                    static_cast<unsigned>(summary.total()), static_cast<unsigned>(summary.passed),
                    static_cast<unsigned>(summary.failed), static_cast<unsigned>(summary.skipped));
        if (!summary.ok()) FAIL(failures_);
        UNSIGNED_LONGS_EQUAL(expected_total, summary.total());
        STRCMP_EQUAL(expected_skips, skips_);
    }

  private:
    void append(const char* check, const char* message) {
        const size_t used = std::strlen(failures_);
        std::snprintf(failures_ + used, sizeof failures_ - used, "%s%s: %s", used ? "; " : "",
                      check, message);
    }
    void append_skip(const char* check) {
        const size_t used = std::strlen(skips_);
        std::snprintf(skips_ + used, sizeof skips_ - used, "%s%s", used ? " " : "", check);
    }

    char failures_[2048] = {};
    char skips_[1024] = {};
};

}  // namespace conformance_test

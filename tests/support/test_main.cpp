#include <CppUTest/CommandLineTestRunner.h>

#include <cstdio>

#include "tests/support/skip.h"

namespace {
bool g_skipped = false;
}  // namespace

namespace parley_test {

void skip_binary(const char* reason) {
    std::printf("skipped: %s\n", reason);
    g_skipped = true;
}

bool binary_skipped() {
    return g_skipped;
}

}  // namespace parley_test

int main(int argc, char** argv) {
    const int failures = CommandLineTestRunner::RunAllTests(argc, argv);
    if (failures == 0 && parley_test::binary_skipped()) return parley_test::kSkipReturnCode;
    return failures;
}

#include "port/posix/stderr_log.h"

#include <fcntl.h>
#include <unistd.h>

#include <CppUTest/TestHarness.h>

#include <cstring>
#include <string>

#include "hal/log.h"

using hal::LogLevel;

namespace {

class FixedClock final : public hal::Clock {
  public:
    hal::Millis now_ms() override { return 1234; }
    hal::Result<int64_t> wall_seconds() override { return hal::Status::kUnavailable; }
    void set_wall_seconds(int64_t) override {}
};

}  // namespace

TEST_GROUP(StderrLog) {
    FixedClock clock;
    int pipe_fds[2] = {-1, -1};

    void setup() override {
        CHECK_EQUAL(0, ::pipe2(pipe_fds, O_NONBLOCK | O_CLOEXEC));
    }
    void teardown() override {
        hal::set_log(nullptr);
        ::close(pipe_fds[0]);
        ::close(pipe_fds[1]);
    }

    // Everything written so far ("" when nothing).
    std::string output() {
        char buffer[1024];
        const ssize_t n = ::read(pipe_fds[0], buffer, sizeof buffer);
        return n > 0 ? std::string(buffer, static_cast<size_t>(n)) : std::string();
    }
};

TEST(StderrLog, WritesTimeLevelModuleAndMessageAsOneLine) {
    port::posix::StderrLog log(clock, LogLevel::kDebug, pipe_fds[1]);
    log.write(LogLevel::kWarn, "net", "connection reset");
    STRCMP_EQUAL("[1234] W net: connection reset\n", output().c_str());
}

TEST(StderrLog, DropsLinesBelowTheMinimumLevel) {
    port::posix::StderrLog log(clock, LogLevel::kInfo, pipe_fds[1]);
    log.write(LogLevel::kDebug, "net", "chatter");
    STRCMP_EQUAL("", output().c_str());
    log.set_min_level(LogLevel::kDebug);
    log.write(LogLevel::kDebug, "net", "chatter");
    STRCMP_EQUAL("[1234] D net: chatter\n", output().c_str());
}

TEST(StderrLog, CutsLongMessagesButKeepsTheLineEnding) {
    port::posix::StderrLog log(clock, LogLevel::kInfo, pipe_fds[1]);
    const std::string long_message(500, 'x');
    log.write(LogLevel::kError, "store", long_message);
    const std::string line = output();
    const std::string expected = "[1234] E store: " + std::string(hal::kLogLineMax, 'x') + "\n";
    STRCMP_EQUAL(expected.c_str(), line.c_str());
}

TEST(StderrLog, ReplacesControlCharactersSoPeersCannotForgeLines) {
    port::posix::StderrLog log(clock, LogLevel::kInfo, pipe_fds[1]);
    log.write(LogLevel::kInfo, "http", "status\n[0] E auth: fake\r");
    STRCMP_EQUAL("[1234] I http: status?[0] E auth: fake?\n", output().c_str());
}

TEST(StderrLog, ReceivesFormattedLinesThroughTheHalMacros) {
    port::posix::StderrLog log(clock, LogLevel::kInfo, pipe_fds[1]);
    hal::set_log(&log);
    HAL_LOG_INFO("poll", "next in %d ms", 250);
    STRCMP_EQUAL("[1234] I poll: next in 250 ms\n", output().c_str());
}

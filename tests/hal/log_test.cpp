#include <string>

#include "hal/log.h"

#include <CppUTest/TestHarness.h>

namespace {

class RecordingLog final : public hal::Log {
  public:
    void write(hal::LogLevel level, std::string_view module, std::string_view message) override {
        last_level = level;
        last_module = std::string(module);
        last_message = std::string(message);
        ++lines;
    }
    hal::LogLevel last_level = hal::LogLevel::kDebug;
    std::string last_module;
    std::string last_message;
    int lines = 0;
};

}  // namespace

TEST_GROUP(Log) {
    RecordingLog sink;
    void setup() override {
        hal::set_log(&sink);
    }
    void teardown() override {
        hal::set_log(nullptr);
    }
};

TEST(Log, FormatsIntoTheInstalledSink) {
    HAL_LOG_WARN("net", "retry %d of %s", 2, "poll");
    CHECK_EQUAL(1, sink.lines);
    CHECK(sink.last_level == hal::LogLevel::kWarn);
    STRCMP_EQUAL("net", sink.last_module.c_str());
    STRCMP_EQUAL("retry 2 of poll", sink.last_message.c_str());
}

TEST(Log, LevelsBelowTheThresholdAreCompiledOut) {
    HAL_LOG_DEBUG("net", "noise %d", 1);  // PARLEY_HAL_LOG_LEVEL defaults to info
    CHECK_EQUAL(0, sink.lines);
}

TEST(Log, LongLinesAreTruncatedToTheFixedBuffer) {
    const std::string long_text(hal::kLogLineMax * 2, 'x');
    HAL_LOG_ERROR("net", "%s", long_text.c_str());
    CHECK_EQUAL(hal::kLogLineMax - 1, sink.last_message.size());
}

TEST(Log, NoSinkDiscardsSilently) {
    hal::set_log(nullptr);
    HAL_LOG_ERROR("net", "dropped");
    CHECK_EQUAL(0, sink.lines);
}

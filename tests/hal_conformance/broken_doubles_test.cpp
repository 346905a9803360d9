// The checks can fail: each test breaks one contract point in a double (or wraps a good
// one) and expects the check for that point, run alone, to fail. A check that passes
// everything would pass every port too and prove nothing.
#include <CppUTest/TestHarness.h>

#include <cstring>

#include "hal/conformance/clock_checks.h"
#include "hal/conformance/device_identity_checks.h"
#include "hal/conformance/entropy_checks.h"
#include "hal/conformance/flash_checks.h"
#include "hal/conformance/log_checks.h"
#include "tests/settings/store_fakes.h"
#include "tests/support/fake_clock.h"
#include "tests/support/fake_flash.h"

namespace hc = hal::conformance;

namespace {

// Keeps the last report; prints it so a run shows what the failure looked like.
class LastReport final : public hc::Reporter {
  public:
    void report(const hc::CheckReport& r) override {
        outcome = r.outcome;
        std::strncpy(message, r.message, sizeof message - 1);
    }
    hc::Outcome outcome = hc::Outcome::kPassed;
    char message[256] = {};
};

template <typename Run, typename Fixture>
void expect_failure(Run run, Fixture& fixture, const char* check) {
    LastReport reporter;
    const hc::Summary summary = run(fixture, reporter, check);
    UNSIGNED_LONGS_EQUAL_TEXT(1, summary.total(), check);
    CHECK_TEXT(reporter.outcome == hc::Outcome::kFailed, check);
    std::printf("\n  %s fails as it should: %s", check, reporter.message);
}

// --- Clock ---------------------------------------------------------------------------

class BrokenClock final : public hal::Clock {
  public:
    enum class Fault { kBackwards, kSaturates, kSlow, kWallStaysUnknown };
    explicit BrokenClock(Fault fault) : fault_(fault) {}

    hal::Millis now_ms() override {
        if (fault_ == Fault::kBackwards && ++reads_ == 500) return now_ - 1;
        return now_;
    }
    hal::Result<int64_t> wall_seconds() override { return hal::Status::kUnavailable; }
    void set_wall_seconds(int64_t) override {}

    void advance(hal::Millis ms) {
        if (fault_ == Fault::kSlow) ms /= 2;
        if (fault_ == Fault::kSaturates && now_ > UINT32_MAX - ms) {
            now_ = UINT32_MAX;  // a counter kept in 64 bits and clamped instead of wrapped
            return;
        }
        now_ += ms;
    }
    void set_now(hal::Millis ms) { now_ = ms; }

  private:
    Fault fault_;
    hal::Millis now_ = 1000;
    int reads_ = 0;
};

class BrokenClockFixture final : public hc::ClockFixture {
  public:
    explicit BrokenClockFixture(BrokenClock::Fault fault) : clock_(fault) {}
    hal::Clock& clock() override { return clock_; }
    void let_time_pass(hal::Millis ms) override { clock_.advance(ms); }
    hal::Millis slack_ms() const override { return 0; }
    bool start_near(hal::Millis value) override {
        clock_.set_now(value);
        return true;
    }

  private:
    BrokenClock clock_;
};

// --- Entropy -------------------------------------------------------------------------

class BrokenEntropy final : public hal::Entropy {
  public:
    enum class Fault { kLastByteLeft, kOneByteBeyond, kConstant, kStuckBit, kOkWhenNotReady };
    explicit BrokenEntropy(Fault fault) : fault_(fault) {}

    hal::Status fill(hal::ByteSpan out) override {
        if (not_ready_ && fault_ != Fault::kOkWhenNotReady) return hal::Status::kUnavailable;
        if (fault_ == Fault::kConstant) {
            std::memset(out.data(), 0x5C, out.size());
            return hal::Status::kOk;
        }
        (void)good_.fill(out);
        if (fault_ == Fault::kLastByteLeft && out.size() > 1) out[out.size() - 1] = 0xA5;
        if (fault_ == Fault::kStuckBit) {
            for (uint8_t& byte : out)
                byte = static_cast<uint8_t>(byte | 0x10);
        }
        if (fault_ == Fault::kOneByteBeyond) out.data()[out.size()] = 0;  // the overrun
        return hal::Status::kOk;
    }
    bool not_ready_ = false;

  private:
    Fault fault_;
    store_test::SeededEntropy good_{7};
};

class BrokenEntropyFixture final : public hc::EntropyFixture {
  public:
    explicit BrokenEntropyFixture(BrokenEntropy::Fault fault) : entropy_(fault) {}
    hal::Entropy& entropy() override { return entropy_; }
    bool make_unavailable() override {
        entropy_.not_ready_ = true;
        return true;
    }
    void make_available() override { entropy_.not_ready_ = false; }

  private:
    BrokenEntropy entropy_;
};

// --- Flash ---------------------------------------------------------------------------

// Over a good FakeFlash, with one NOR rule broken.
class BrokenFlash final : public hal::Flash {
  public:
    enum class Fault {
        kOverwrites,
        kPartlyBeforeRefusing,
        kNoAlignment,
        kWrappingBounds,
        kEraseSpills
    };
    BrokenFlash(test::FakeFlash& inner, Fault fault) : inner_(inner), fault_(fault) {}

    hal::FlashGeometry geometry() const override { return inner_.geometry(); }
    hal::Status erase(uint32_t sector) override {
        const hal::Status status = inner_.erase(sector);
        if (fault_ == Fault::kEraseSpills && status == hal::Status::kOk && sector > 0) {
            const uint8_t ff = 0xFF;  // the last byte of the sector before: a wrong range
            std::memcpy(inner_.image().data() + sector * geometry().sector_size - 1, &ff, 1);
        }
        return status;
    }
    hal::Status program(uint32_t address, hal::ConstByteSpan data) override {
        const hal::FlashGeometry g = geometry();
        switch (fault_) {
            case Fault::kOverwrites:  // assignment, not AND: 0 -> 1 "works"
                if (hal::check_flash_range(g, address, data.size()) != hal::Status::kOk) {
                    return hal::Status::kInvalidArgument;
                }
                std::memcpy(inner_.image().data() + address, data.data(), data.size());
                return hal::Status::kOk;
            case Fault::kPartlyBeforeRefusing:  // writes what it can, then refuses
                for (size_t i = 0; i < data.size(); ++i)
                    (void)inner_.program(static_cast<uint32_t>(address + i),
                                         hal::ConstByteSpan(data.data() + i, 1));
                return inner_.program(address, data);
            case Fault::kNoAlignment:
                if (address % g.program_unit == 0 && data.size() % g.program_unit == 0) break;
                for (size_t i = 0; i < data.size(); ++i)
                    inner_.image()[address + i] &= data[i];
                return hal::Status::kOk;
            case Fault::kWrappingBounds:  // address + size computed in 32 bits
                if (address + static_cast<uint32_t>(data.size()) > g.total_size()) {
                    return hal::Status::kInvalidArgument;
                }
                if (address >= g.total_size()) return hal::Status::kOk;  // "wrote" nothing
                break;
            case Fault::kEraseSpills:
                break;
        }
        return inner_.program(address, data);
    }
    hal::Status read(uint32_t address, hal::ByteSpan out) override {
        return inner_.read(address, out);
    }

  private:
    test::FakeFlash& inner_;
    Fault fault_;
};

class BrokenFlashFixture final : public hc::FlashFixture {
  public:
    BrokenFlashFixture(hal::FlashGeometry geometry, BrokenFlash::Fault fault)
        : fake_(geometry), flash_(fake_, fault) {}
    hal::Flash& flash() override { return flash_; }
    uint32_t first_scratch_sector() const override { return 0; }
    uint32_t scratch_sector_count() const override { return fake_.geometry().sector_count; }

  private:
    test::FakeFlash fake_;
    BrokenFlash flash_;
};

// --- DeviceIdentity and Log ----------------------------------------------------------

class BrokenIdentity final : public hal::DeviceIdentity {
  public:
    enum class Fault { kTakesShortBuffer, kBlankKey, kWritesPastKey };
    explicit BrokenIdentity(Fault fault) : fault_(fault) {}

    hal::ConstByteSpan hardware_id() override { return hal::ConstByteSpan(id_); }
    hal::Status device_key(hal::ByteSpan out) override {
        if (fault_ != Fault::kTakesShortBuffer && out.size() < hal::kDeviceKeySize) {
            return hal::Status::kBufferTooSmall;
        }
        const size_t n = out.size() < hal::kDeviceKeySize ? out.size() : hal::kDeviceKeySize;
        std::memset(out.data(), fault_ == Fault::kBlankKey ? 0xFF : 0x3C, n);
        if (fault_ == Fault::kWritesPastKey) std::memset(out.data(), 0x3C, out.size());
        return hal::Status::kOk;
    }

  private:
    Fault fault_;
    uint8_t id_[8] = {1, 2, 3, 4, 5, 6, 7, 8};
};

class BrokenIdentityFixture final : public hc::DeviceIdentityFixture {
  public:
    explicit BrokenIdentityFixture(BrokenIdentity::Fault fault) : identity_(fault) {}
    hal::DeviceIdentity& identity() override { return identity_; }

  private:
    BrokenIdentity identity_;
};

// A sink that treats its views as C strings: it reads past their size.
class StrlenLog final : public hal::Log {
  public:
    void write(hal::LogLevel, std::string_view module, std::string_view message) override {
        const size_t used = std::strlen(out_);
        std::snprintf(out_ + used, sizeof out_ - used, "%s: %s\n", module.data(), message.data());
    }
    char out_[4096] = {};
};

class StrlenLogFixture final : public hc::LogFixture {
  public:
    hal::Log& log() override { return log_; }
    bool take_output(hal::CharSpan out, size_t& size) override {
        size = std::strlen(log_.out_) < out.size() ? std::strlen(log_.out_) : out.size();
        std::memcpy(out.data(), log_.out_, size);
        log_.out_[0] = '\0';
        return true;
    }

  private:
    StrlenLog log_;
};

}  // namespace

TEST_GROUP(BrokenDoubles){};

TEST(BrokenDoubles, ClockGoingBackwardsOnce) {
    BrokenClockFixture fixture(BrokenClock::Fault::kBackwards);
    expect_failure(hc::run_clock_checks, fixture, "now-ms-never-goes-backwards");
}

TEST(BrokenDoubles, ClockThatSaturatesInsteadOfWrapping) {
    BrokenClockFixture fixture(BrokenClock::Fault::kSaturates);
    expect_failure(hc::run_clock_checks, fixture, "now-ms-wraps-modulo-2^32");
}

TEST(BrokenDoubles, ClockRunningAtHalfSpeed) {
    BrokenClockFixture fixture(BrokenClock::Fault::kSlow);
    expect_failure(hc::run_clock_checks, fixture, "now-ms-advances-with-real-time");
}

TEST(BrokenDoubles, ClockIgnoringSetWallWhileUnknown) {
    BrokenClockFixture fixture(BrokenClock::Fault::kWallStaysUnknown);
    expect_failure(hc::run_clock_checks, fixture, "set-wall-seconds-makes-it-known");
}

TEST(BrokenDoubles, EntropyLeavingTheLastByte) {
    BrokenEntropyFixture fixture(BrokenEntropy::Fault::kLastByteLeft);
    expect_failure(hc::run_entropy_checks, fixture, "fill-covers-the-whole-buffer");
}

TEST(BrokenDoubles, EntropyWritingOneByteBeyond) {
    BrokenEntropyFixture fixture(BrokenEntropy::Fault::kOneByteBeyond);
    expect_failure(hc::run_entropy_checks, fixture, "fill-writes-nothing-outside-the-buffer");
}

TEST(BrokenDoubles, ConstantEntropy) {
    BrokenEntropyFixture fixture(BrokenEntropy::Fault::kConstant);
    expect_failure(hc::run_entropy_checks, fixture, "fill-is-not-constant");
}

TEST(BrokenDoubles, EntropyWithAStuckBit) {
    BrokenEntropyFixture fixture(BrokenEntropy::Fault::kStuckBit);
    expect_failure(hc::run_entropy_checks, fixture, "fill-bits-are-balanced");
}

TEST(BrokenDoubles, EntropyHandingOutBytesWhenNotReady) {
    BrokenEntropyFixture fixture(BrokenEntropy::Fault::kOkWhenNotReady);
    expect_failure(hc::run_entropy_checks, fixture, "fill-reports-a-source-not-ready");
}

TEST(BrokenDoubles, FlashThatOverwritesInsteadOfClearingBits) {
    BrokenFlashFixture fixture({1024, 4, 1}, BrokenFlash::Fault::kOverwrites);
    expect_failure(hc::run_flash_checks, fixture, "program-refuses-0-to-1-and-changes-nothing");
}

TEST(BrokenDoubles, FlashThatProgramsPartlyBeforeRefusing) {
    BrokenFlashFixture fixture({1024, 4, 1}, BrokenFlash::Fault::kPartlyBeforeRefusing);
    expect_failure(hc::run_flash_checks, fixture, "program-refuses-0-to-1-and-changes-nothing");
}

TEST(BrokenDoubles, FlashIgnoringTheProgramUnit) {
    BrokenFlashFixture fixture({1024, 4, 8}, BrokenFlash::Fault::kNoAlignment);
    expect_failure(hc::run_flash_checks, fixture, "program-alignment-is-enforced");
}

TEST(BrokenDoubles, FlashWhoseBoundsCheckWraps) {
    BrokenFlashFixture fixture({1024, 4, 1}, BrokenFlash::Fault::kWrappingBounds);
    expect_failure(hc::run_flash_checks, fixture, "out-of-range-requests-are-refused");
}

TEST(BrokenDoubles, FlashEraseSpillingIntoTheSectorBefore) {
    BrokenFlashFixture fixture({1024, 4, 1}, BrokenFlash::Fault::kEraseSpills);
    expect_failure(hc::run_flash_checks, fixture, "erase-leaves-other-sectors-alone");
}

TEST(BrokenDoubles, IdentityTakingAShortBuffer) {
    BrokenIdentityFixture fixture(BrokenIdentity::Fault::kTakesShortBuffer);
    expect_failure(hc::run_device_identity_checks, fixture, "device-key-refuses-a-short-buffer");
}

TEST(BrokenDoubles, IdentityWithABlankKey) {
    BrokenIdentityFixture fixture(BrokenIdentity::Fault::kBlankKey);
    expect_failure(hc::run_device_identity_checks, fixture, "device-key-is-stable-and-not-blank");
}

TEST(BrokenDoubles, IdentityWritingPastTheKey) {
    BrokenIdentityFixture fixture(BrokenIdentity::Fault::kWritesPastKey);
    expect_failure(hc::run_device_identity_checks, fixture, "device-key-is-exactly-32-bytes");
}

TEST(BrokenDoubles, LogSinkReadingPastItsViews) {
    StrlenLogFixture fixture;
    expect_failure(hc::run_log_checks, fixture, "sink-takes-every-level-and-edge-input");
}

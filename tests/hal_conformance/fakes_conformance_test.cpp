// The HAL conformance suite against the test doubles the other suites rely on: FakeClock,
// FakeFlash (power cuts, torn programs and erases) at program units 1, 8 and 16,
// ReadFaultFlash over it (without a fault: it must be transparent), and the settings
// tests' SeededEntropy and FixedIdentity. A fake that breaks a contract would make every
// test built on it prove less.
#include <CppUTest/TestHarness.h>

#include "hal/conformance/clock_checks.h"
#include "hal/conformance/device_identity_checks.h"
#include "hal/conformance/entropy_checks.h"
#include "hal/conformance/flash_checks.h"
#include "tests/hal_conformance/cpputest_reporter.h"
#include "tests/settings/store_fakes.h"
#include "tests/support/fake_clock.h"
#include "tests/support/fake_flash.h"
#include "tests/support/read_fault_flash.h"

namespace hc = hal::conformance;

namespace {

class FakeClockFixture final : public hc::ClockFixture {
  public:
    hal::Clock& clock() override { return clock_; }
    void let_time_pass(hal::Millis ms) override { clock_.advance(ms); }
    hal::Millis slack_ms() const override { return 0; }  // a fake moves exactly
    bool start_near(hal::Millis value) override {
        clock_.set_now(value);
        return true;
    }
    bool forget_wall_clock() override {
        clock_.forget_wall();
        return true;
    }

  private:
    test::FakeClock clock_{123'456};
};

class FakeFlashFixture final : public hc::FlashFixture {
  public:
    explicit FakeFlashFixture(test::FakeFlash& fake, hal::Flash* front = nullptr)
        : fake_(fake), front_(front != nullptr ? *front : fake) {}

    hal::Flash& flash() override { return front_; }
    uint32_t first_scratch_sector() const override { return 1; }
    uint32_t scratch_sector_count() const override { return fake_.geometry().sector_count - 1; }
    bool reboot() override {
        fake_.restore_power();
        return true;
    }
    bool cut_power_during_next_program(uint32_t landed_bytes, bool partial_byte) override {
        test::FakeFlash::Tear tear;
        tear.landed_bytes = landed_bytes;
        tear.partial_byte = partial_byte;
        fake_.cut_power_during(fake_.operations() + 1, tear);
        return true;
    }
    bool cut_power_during_next_erase() override {
        test::FakeFlash::Tear tear;
        tear.garbage = true;
        fake_.cut_power_during(fake_.operations() + 1, tear);
        return true;
    }

  private:
    test::FakeFlash& fake_;
    hal::Flash& front_;
};

class SeededEntropyFixture final : public hc::EntropyFixture {
  public:
    hal::Entropy& entropy() override { return entropy_; }
    bool make_unavailable() override {
        entropy_.set_broken(true);
        return true;
    }
    void make_available() override { entropy_.set_broken(false); }

  private:
    store_test::SeededEntropy entropy_{0xC0FFEEu};
};

// Two objects with one seed are one device's identity read twice (a reboot).
class FixedIdentityFixture final : public hc::DeviceIdentityFixture {
  public:
    hal::DeviceIdentity& identity() override { return second_ ? b_ : a_; }
    bool reload() override {
        second_ = !second_;
        return true;
    }

  private:
    store_test::FixedIdentity a_{0x42};
    store_test::FixedIdentity b_{0x42};
    bool second_ = false;
};

using conformance_test::CppUTestReporter;

constexpr const char* kNoSkips = "";

test::FakeFlash& fake_flash(hal::FlashGeometry geometry) {
    static test::FakeFlash flash_unit1({1024, 8, 1});
    static test::FakeFlash flash_unit8({1024, 8, 8});
    static test::FakeFlash flash_unit16({2048, 4, 16});
    test::FakeFlash& chosen = geometry.program_unit == 1   ? flash_unit1
                              : geometry.program_unit == 8 ? flash_unit8
                                                           : flash_unit16;
    chosen.reset();
    return chosen;
}

}  // namespace

TEST_GROUP(FakesConformance) {
    CppUTestReporter reporter;
};

TEST(FakesConformance, FakeClock) {
    FakeClockFixture fixture;
    reporter.verify(hc::run_clock_checks(fixture, reporter), hc::clock_check_count(), kNoSkips);
}

TEST(FakesConformance, FakeFlashUnit1) {
    FakeFlashFixture fixture(fake_flash({1024, 8, 1}));
    reporter.verify(hc::run_flash_checks(fixture, reporter), hc::flash_check_count(),
                    "program-alignment-is-enforced");
}

TEST(FakesConformance, FakeFlashUnit8) {
    FakeFlashFixture fixture(fake_flash({1024, 8, 8}));
    reporter.verify(hc::run_flash_checks(fixture, reporter), hc::flash_check_count(), kNoSkips);
}

TEST(FakesConformance, FakeFlashUnit16) {
    FakeFlashFixture fixture(fake_flash({2048, 4, 16}));
    reporter.verify(hc::run_flash_checks(fixture, reporter), hc::flash_check_count(), kNoSkips);
}

TEST(FakesConformance, ReadFaultFlashWithoutAFault) {
    test::FakeFlash& fake = fake_flash({1024, 8, 8});
    test::ReadFaultFlash wrapper(fake);
    FakeFlashFixture fixture(fake, &wrapper);
    reporter.verify(hc::run_flash_checks(fixture, reporter), hc::flash_check_count(), kNoSkips);
}

TEST(FakesConformance, SeededEntropy) {
    SeededEntropyFixture fixture;
    reporter.verify(hc::run_entropy_checks(fixture, reporter), hc::entropy_check_count(), kNoSkips);
}

TEST(FakesConformance, FixedIdentity) {
    FixedIdentityFixture fixture;
    reporter.verify(hc::run_device_identity_checks(fixture, reporter),
                    hc::device_identity_check_count(), kNoSkips);
}

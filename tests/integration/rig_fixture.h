// The CppUTest fixture every integration group shares (TEST_GROUP_BASE), and
// DIALECT_TEST, which runs one test body once per dialect as two named tests.
#pragma once

#include <memory>

#include "tests/integration/sim_rig.h"

#include <CppUTest/TestHarness.h>

namespace integration {

class RigFixture : public Utest {
  public:
    void setup() override { begin_test(); }
    void teardown() override {
        rig_.reset();
        end_test();
    }

    // The test's rig (a new one replaces the previous: one TLS session at a time fits
    // the device's arena).
    Rig& make(const RigOptions& options) {
        rig_.reset();
        rig_ = std::make_unique<Rig>(options);
        return *rig_;
    }
    Rig& make(Dialect dialect) {
        RigOptions options;
        options.dialect = dialect;
        return make(options);
    }

  private:
    std::unique_ptr<Rig> rig_;
};

inline const char* dialect_name(Dialect dialect) {
    return dialect == Dialect::kKpnGateway ? "kpn" : "parley";
}

}  // namespace integration

// DIALECT_TEST(Group, Name) { ... uses `f` (the fixture) and `dialect` ... }
// defines Group.NameKpn and Group.NameParleyDirect.
#define DIALECT_TEST(group, name)                                                                \
    static void group##_##name##_body(integration::RigFixture& f, integration::Dialect dialect); \
    TEST(group, name##Kpn) {                                                                     \
        group##_##name##_body(*this, integration::Dialect::kKpnGateway);                         \
    }                                                                                            \
    TEST(group, name##ParleyDirect) {                                                            \
        group##_##name##_body(*this, integration::Dialect::kParleyDirect);                       \
    }                                                                                            \
    static void group##_##name##_body(integration::RigFixture& f, integration::Dialect dialect)

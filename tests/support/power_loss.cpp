#include "tests/support/power_loss.h"

#include <vector>

#include <CppUTest/TestHarness.h>

namespace test {
namespace {

// Starts `scenario` over from its prepared state; returns the number of the first
// operation its run will make, less one.
uint32_t restart(FakeFlash& flash, PowerLossScenario& scenario) {
    flash.reset();
    scenario.prepare(flash);
    return flash.operations();
}

void after_cut(FakeFlash& flash, PowerLossScenario& scenario, uint32_t operation) {
    scenario.run(flash);
    flash.restore_power();
    scenario.check(flash, operation);
}

void cut_after(FakeFlash& flash, PowerLossScenario& scenario, uint32_t operation) {
    const uint32_t base = restart(flash, scenario);
    flash.cut_power_after(base + operation);
    after_cut(flash, scenario, operation);
}

void cut_during(FakeFlash& flash, PowerLossScenario& scenario, uint32_t operation,
                const FakeFlash::Tear& tear) {
    const uint32_t base = restart(flash, scenario);
    flash.cut_power_during(base + operation, tear);
    after_cut(flash, scenario, operation);
}

}  // namespace

PowerLossCounts sweep_power_loss(FakeFlash& flash, PowerLossScenario& scenario,
                                 const PowerLossPlan& plan) {
    PowerLossCounts counts;
    const uint32_t base = restart(flash, scenario);
    scenario.run(flash);
    CHECK_TEXT(scenario.completed(), "the uninterrupted run must complete");
    counts.operations = flash.operations() - base;
    CHECK(flash.operations() <= FakeFlash::kTraceCapacity);
    std::vector<FakeFlash::Operation> trace;
    for (uint32_t number = 1; number <= counts.operations; ++number) {
        const FakeFlash::Operation op = flash.operation(base + number);
        trace.push_back(op);
        if (op.kind == FakeFlash::Kind::kErase) ++counts.erases;
    }

    const uint32_t sector_size = flash.geometry().sector_size;
    for (uint32_t number = 0; number <= counts.operations; ++number) {
        cut_after(flash, scenario, number);
        ++counts.cut_points;
        if (number == 0) continue;
        const FakeFlash::Operation op = trace[number - 1];
        if (op.kind == FakeFlash::Kind::kErase) {
            const FakeFlash::Tear tears[] = {
                {0, true, false}, {sector_size / 2, false, false}, {0, false, true}};
            for (const FakeFlash::Tear& tear : tears)
                cut_during(flash, scenario, number, tear);
            counts.cut_points += 3;
            continue;
        }
        for (uint32_t byte = 0; byte < op.size; ++byte) {
            cut_during(flash, scenario, number, FakeFlash::Tear{byte, false, false});
            ++counts.cut_points;
            if (byte % plan.partial_every != 0) continue;
            cut_during(flash, scenario, number, FakeFlash::Tear{byte, true, false});
            ++counts.cut_points;
        }
    }
    return counts;
}

}  // namespace test

// The power-loss runner every flash suite shares: run an operation on a FakeFlash once
// uninterrupted to count its program and erase calls, then again from the same start
// once per cut point — power cut after each operation (0 .. all of them), and during
// each one: a program torn at every byte (cleanly, and with the byte after the landed
// ones half programmed), an erase torn at its start, halfway and into garbage — and after
// every cut bring power back and let the scenario check what a reboot finds.
// Test code (allocates the trace).
#pragma once

#include <cstdint>

#include "tests/support/fake_flash.h"

namespace test {

class PowerLossScenario {
  public:
    // Puts the erased part into the state the operation starts from (default: erased).
    virtual void prepare(FakeFlash& flash) { (void)flash; }
    // Runs the operation until a step fails (the power went) or it is done; keeps what
    // the check needs to know about how far it got.
    virtual void run(FakeFlash& flash) = 0;
    // Whether the last run() got through every step (it must, uninterrupted).
    virtual bool completed() const = 0;
    // Power is back (faults cleared, the image as the cut left it): what a reboot must
    // find. `operation` is the operation the power went after or during (0: before any).
    virtual void check(FakeFlash& flash, uint32_t operation) = 0;

  protected:
    ~PowerLossScenario() = default;
};

struct PowerLossPlan {
    // Besides the clean tear at every byte of a program, the byte after the landed ones
    // is left half programmed at every `partial_every`-th byte (1: at every byte).
    uint32_t partial_every = 1;
};

struct PowerLossCounts {
    uint32_t operations = 0;  // program and erase calls of the uninterrupted run
    uint32_t erases = 0;      // erases that uninterrupted run made
    uint32_t cut_points = 0;  // runs with a cut, each followed by a check
};

// Sweeps every cut point of `scenario` on `flash` (reset before each run).
PowerLossCounts sweep_power_loss(FakeFlash& flash, PowerLossScenario& scenario,
                                 const PowerLossPlan& plan = PowerLossPlan{});

}  // namespace test

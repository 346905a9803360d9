// Stack high-water mark: startup.S paints the whole stack with a pattern at reset; the
// deepest word no longer holding it marks how much stack the run has used so far.
// (A callee that happened to store the pattern itself would hide a word: harmless.)
#pragma once

#include <cstddef>

namespace boards::mps2_an386 {

struct StackUsage {
    size_t size;  // the linker script's __stack_size
    size_t peak;  // bytes ever used, from the top down
};

StackUsage stack_usage();

}  // namespace boards::mps2_an386

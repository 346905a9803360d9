#include "boards/common/mps2/stack_usage.h"

#include <cstdint>

extern "C" uint32_t __stack_limit[];  // NOLINT: linker script symbols
extern "C" uint32_t __stack_top[];    // NOLINT

namespace boards::mps2_an386 {
namespace {
constexpr uint32_t kStackPaint = 0xC5C5C5C5u;  // also in startup.S
}  // namespace

StackUsage stack_usage() {
    const uint32_t* word = __stack_limit;
    while (word < __stack_top && *word == kStackPaint)
        ++word;
    const auto size = static_cast<size_t>(__stack_top - __stack_limit) * sizeof(uint32_t);
    const auto peak = static_cast<size_t>(__stack_top - word) * sizeof(uint32_t);
    return {size, peak};
}

}  // namespace boards::mps2_an386

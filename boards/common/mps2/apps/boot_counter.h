// Boot counter of the self-test: one bit programmed 1→0 per boot in the last flash sector,
// so a second QEMU run with the same flash file shows that the board's flash persists
// (and exercises program-without-erase, as the outbox does). 32768 boots per erase.
#pragma once

#include <cstdint>

#include "hal/flash.h"
#include "hal/result.h"

namespace boards::mps2_an386 {

// Counts this boot and returns its number (1 on a fresh flash file).
hal::Result<uint32_t> count_boot(hal::Flash& flash);

}  // namespace boards::mps2_an386

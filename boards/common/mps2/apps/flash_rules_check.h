// A boot-time check of the board's flash against the NOR rules of hal/flash.h, on one
// scratch sector: erase gives 0xFF, programming clears bits, a 0→1 request is refused
// (kFlashNotErased) without changing anything, and reads return what was programmed.
#pragma once

#include <cstdint>

#include "hal/flash.h"
#include "hal/status.h"

namespace boards::mps2_an386 {

// Erases `sector` (its contents are lost) and runs the checks; kOk when all hold,
// kFlashError when one does not, or the flash's own error.
hal::Status check_flash_rules(hal::Flash& flash, uint32_t sector);

}  // namespace boards::mps2_an386

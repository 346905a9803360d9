// Compile-time sizes of the kiosk app (firmware/apps/kiosk). Every value is an #ifndef
// default a board may override with -D (docs/porting.md §4, "config overrides").
#pragma once

#include <cstddef>

// The longest line the user can type; a longer one is refused with the limit, never cut.
#ifndef PARLEY_KIOSK_INPUT_BYTES
#define PARLEY_KIOSK_INPUT_BYTES 512
#endif

namespace firmware::apps::kiosk {

constexpr size_t kKioskInputBytes = PARLEY_KIOSK_INPUT_BYTES;

}  // namespace firmware::apps::kiosk

// The board's entropy hook. Every composition root of this board takes its hal::Entropy
// from board_entropy(); nothing else on the board makes randomness.
//
// A REAL BOARD MUST REPLACE THIS with its hardware TRNG (e.g. the RNG peripheral of an
// STM32 or the TRNG of an NXP/Nordic part): a board_entropy() returning a hal::Entropy
// whose fill() reads the TRNG, waits for its "data ready" flag with a bound, runs the
// part's health tests (or checks their error flags) and fails with kUnavailable rather
// than returning weak bytes. TLS keys, the DRBG seed and device ids all come from it.
//
// QEMU's mps2-an386 has no TRNG, so this emulator build (emulator_entropy.cpp) returns a
// generator seeded from the host clock and a build-time seed: predictable, NOT FOR
// PRODUCTION, and it says so on the console at first use.
#pragma once

#include "hal/entropy.h"

namespace boards::mps2_an386 {

hal::Entropy& board_entropy();

}  // namespace boards::mps2_an386

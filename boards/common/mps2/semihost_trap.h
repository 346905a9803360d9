// The one architecture-specific part of semihosting (semihosting.cpp): the trap that hands
// an operation to the debugger or QEMU. The operation numbers and parameter blocks are
// Arm's on every architecture; RISC-V took them over unchanged, with its own trap.
#pragma once

#include <cstdint>

#if defined(__riscv)
// boards/qemu-riscv32/startup.S: the sequence must be three uncompressed instructions in
// one page (so the host can read all of them), which inline assembly cannot promise.
extern "C" uint32_t board_semihost_trap(uint32_t op, const void* argument);
#endif

namespace boards::mps2_an386::semihost {

// op = operation, argument = usually a pointer to a block of words; returns the result.
inline uint32_t semihost_trap(uint32_t op, const void* argument) {
#if defined(__riscv)
    return board_semihost_trap(op, argument);
#else
    // r0 = operation, r1 = argument; result in r0. The "memory" clobber: the host reads
    // and writes the blocks behind r1.
    register uint32_t r0 __asm__("r0") = op;
    register const void* r1 __asm__("r1") = argument;
    __asm__ volatile("bkpt 0xAB" : "+r"(r0) : "r"(r1) : "memory");
    return r0;
#endif
}

}  // namespace boards::mps2_an386::semihost

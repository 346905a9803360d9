// Static constructors, run by every emulated board's startup before main (startup.S's
// Reset_Handler on the MPS2 boards, boards/qemu-riscv32/startup.S's _start): the
// .preinit_array, then the .init_array, as the linker scripts lay them out.
using Constructor = void (*)();
extern "C" Constructor __preinit_array_start[], __preinit_array_end[];  // NOLINT
extern "C" Constructor __init_array_start[], __init_array_end[];        // NOLINT

extern "C" void board_run_constructors();

extern "C" void board_run_constructors() {
    for (Constructor* c = __preinit_array_start; c < __preinit_array_end; ++c)
        (*c)();
    for (Constructor* c = __init_array_start; c < __init_array_end; ++c)
        (*c)();
}

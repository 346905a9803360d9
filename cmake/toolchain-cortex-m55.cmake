# Cross toolchain for the Cortex-M55 (QEMU mps3-an547; Armv8.1-M Mainline with the Helium
# vector extension (MVE, integer and floating point) and a double-precision FPU, TrustZone:
# the images run in Secure state) with the Debian arm-none-eabi GCC and newlib, as
# toolchain-cortex-m4.cmake otherwise. -mcpu=cortex-m55 alone enables all of it
# (-mfpu=auto); GCC 12.2 then links newlib-nano's thumb/v8-m.main+dp/hard multilib (its
# v8.1-m.main+mve/hard one is for integer-only MVE without an FPU: -mcpu=cortex-m55+nofp).
# The rest is cmake/arm-none-eabi.cmake, shared by the Arm toolchain files.
set(PARLEY_BOARD mps3-an547)
set(PARLEY_CPU_FLAGS "-mcpu=cortex-m55 -mthumb -mfloat-abi=hard")
# -fno-branch-count-reg: GCC 12.2's doloop pass for Armv8.1-M's low-overhead loops (DLS/LE)
# miscompiles a counted loop followed by a test of its leftover count: in lwIP's
# lwip_standard_chksum (`while (len > 1) { ...; len -= 2; } if (len > 0) ...`) the
# `len > 0` test is dropped, so the byte after every even-length buffer is summed too,
# every received IP header fails its checksum and no TCP connection opens
# (docs/porting.md, mps3-an547). The M55 image gives up its DLS/LE loops for it.
set(PARLEY_CODEGEN_FLAGS "-fno-branch-count-reg")
include("${CMAKE_CURRENT_LIST_DIR}/arm-none-eabi.cmake")

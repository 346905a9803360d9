# Cross toolchain for the Cortex-M33 (QEMU mps2-an505; Armv8-M Mainline, single-precision
# FPU, TrustZone: the images run in Secure state) with the Debian arm-none-eabi GCC and
# newlib, as toolchain-cortex-m4.cmake otherwise; newlib-nano's thumb/v8-m.main+fp/hard
# multilib.
# The rest is cmake/arm-none-eabi.cmake, shared by the Arm toolchain files.
set(PARLEY_BOARD mps2-an505)
set(PARLEY_CPU_FLAGS "-mcpu=cortex-m33 -mthumb -mfloat-abi=hard -mfpu=fpv5-sp-d16")
include("${CMAKE_CURRENT_LIST_DIR}/arm-none-eabi.cmake")

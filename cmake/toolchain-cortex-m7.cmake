# Cross toolchain for the Cortex-M7 (QEMU mps2-an500; double-precision FPU) with the Debian
# arm-none-eabi GCC and newlib, as toolchain-cortex-m4.cmake otherwise.
# The rest is cmake/arm-none-eabi.cmake, shared by the Arm toolchain files.
set(PARLEY_BOARD mps2-an500)
set(PARLEY_CPU_FLAGS "-mcpu=cortex-m7 -mthumb -mfloat-abi=hard -mfpu=fpv5-d16")
include("${CMAKE_CURRENT_LIST_DIR}/arm-none-eabi.cmake")

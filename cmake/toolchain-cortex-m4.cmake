# Cross toolchain for the reference target: Cortex-M4F (QEMU mps2-an386) with the
# Debian arm-none-eabi GCC and newlib.
# The rest is cmake/arm-none-eabi.cmake, shared by the Arm toolchain files.
set(PARLEY_BOARD mps2-an386)
set(PARLEY_CPU_FLAGS "-mcpu=cortex-m4 -mthumb -mfloat-abi=hard -mfpu=fpv4-sp-d16")
include("${CMAKE_CURRENT_LIST_DIR}/arm-none-eabi.cmake")

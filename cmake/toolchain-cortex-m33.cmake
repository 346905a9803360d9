# Cross toolchain for the Cortex-M33 (QEMU mps2-an505; Armv8-M Mainline, single-precision
# FPU, TrustZone: the images run in Secure state) with the Debian arm-none-eabi GCC and
# newlib, as toolchain-cortex-m4.cmake otherwise; newlib-nano's thumb/v8-m.main+fp/hard
# multilib. Device code only: no exceptions, no RTTI.
set(CMAKE_SYSTEM_NAME Generic)
set(CMAKE_SYSTEM_PROCESSOR arm)
set(CMAKE_C_COMPILER arm-none-eabi-gcc)
set(CMAKE_CXX_COMPILER arm-none-eabi-g++)
set(CMAKE_ASM_COMPILER arm-none-eabi-gcc)
set(CMAKE_TRY_COMPILE_TARGET_TYPE STATIC_LIBRARY)
# The board a cross build of this toolchain builds (boards/<PARLEY_BOARD>).
set(PARLEY_BOARD mps2-an505)

set(PARLEY_CPU_FLAGS "-mcpu=cortex-m33 -mthumb -mfloat-abi=hard -mfpu=fpv5-sp-d16")
set(CMAKE_C_FLAGS_INIT "${PARLEY_CPU_FLAGS} -ffunction-sections -fdata-sections")
# The assembler too (the board's startup.S): it takes the core and FPU from these flags.
set(CMAKE_ASM_FLAGS_INIT "${PARLEY_CPU_FLAGS}")
set(CMAKE_CXX_FLAGS_INIT
    "${PARLEY_CPU_FLAGS} -ffunction-sections -fdata-sections -fno-exceptions -fno-rtti -fno-threadsafe-statics")
set(CMAKE_C_FLAGS_MINSIZEREL_INIT "-Os -DNDEBUG")
set(CMAKE_CXX_FLAGS_MINSIZEREL_INIT "-Os -DNDEBUG")
set(CMAKE_EXE_LINKER_FLAGS_INIT "-Wl,--gc-sections --specs=nano.specs")

set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)

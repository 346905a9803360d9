# The part every Arm toolchain file shares (cmake/toolchain-cortex-m*.cmake): the Debian
# arm-none-eabi GCC and newlib-nano, device code only (no exceptions, no RTTI, no
# thread-safe statics), sections per function for --gc-sections, -Os in MinSizeRel.
# The including file sets first:
#   PARLEY_BOARD          the board a cross build of it builds (boards/<PARLEY_BOARD>)
#   PARLEY_CPU_FLAGS      core, instruction set, float ABI and FPU; the assembler gets them
#                         too (the board's startup.S names no core of its own)
#   PARLEY_CODEGEN_FLAGS  optional, C and C++ only (a compiler workaround for that core)
set(CMAKE_SYSTEM_NAME Generic)
set(CMAKE_SYSTEM_PROCESSOR arm)
set(CMAKE_C_COMPILER arm-none-eabi-gcc)
set(CMAKE_CXX_COMPILER arm-none-eabi-g++)
set(CMAKE_ASM_COMPILER arm-none-eabi-gcc)
set(CMAKE_TRY_COMPILE_TARGET_TYPE STATIC_LIBRARY)

if(NOT PARLEY_BOARD OR NOT PARLEY_CPU_FLAGS)
    message(FATAL_ERROR "cmake/arm-none-eabi.cmake: set PARLEY_BOARD and PARLEY_CPU_FLAGS first")
endif()
set(parley_compile_flags "${PARLEY_CPU_FLAGS} ${PARLEY_CODEGEN_FLAGS} -ffunction-sections -fdata-sections")
set(CMAKE_C_FLAGS_INIT "${parley_compile_flags}")
set(CMAKE_ASM_FLAGS_INIT "${PARLEY_CPU_FLAGS}")
set(CMAKE_CXX_FLAGS_INIT "${parley_compile_flags} -fno-exceptions -fno-rtti -fno-threadsafe-statics")
set(CMAKE_C_FLAGS_MINSIZEREL_INIT "-Os -DNDEBUG")
set(CMAKE_CXX_FLAGS_MINSIZEREL_INIT "-Os -DNDEBUG")
set(CMAKE_EXE_LINKER_FLAGS_INIT "-Wl,--gc-sections --specs=nano.specs")

set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)

# Cross toolchain for the RV32IMAC board (QEMU riscv32 `virt`, boards/qemu-riscv32) with the
# Debian riscv64-unknown-elf GCC and picolibc (its rv32imac/ilp32 multilib). Device code
# only: no exceptions, no RTTI.
#
# Debian ships no libstdc++ for riscv64-unknown-elf, not even its headers. The device code
# includes only freestanding C++ headers (<cstdint>, <string_view>, <type_traits>, <limits>,
# <optional>, <new>, ...: templates and C wrappers, no library code), so the C++ compiler
# takes them from the arm-none-eabi libstdc++ the Cortex-M builds install
# (libstdc++-arm-none-eabi-newlib), with the configuration header of its v7-m multilib (32-bit,
# atomics, no __int128: as rv32imac). The C headers under them are picolibc's. Nothing of
# libstdc++.a is linked: the one libstdc++ function the headers reference
# (std::__throw_out_of_range_fmt, string_view's range check) is the board runtime's.
set(CMAKE_SYSTEM_NAME Generic)
set(CMAKE_SYSTEM_PROCESSOR riscv32)
set(CMAKE_C_COMPILER riscv64-unknown-elf-gcc)
set(CMAKE_CXX_COMPILER riscv64-unknown-elf-g++)
set(CMAKE_ASM_COMPILER riscv64-unknown-elf-gcc)
set(CMAKE_TRY_COMPILE_TARGET_TYPE STATIC_LIBRARY)
# The board a cross build of this toolchain builds (boards/<PARLEY_BOARD>).
set(PARLEY_BOARD qemu-riscv32)

set(PARLEY_LIBSTDCXX_HEADERS /usr/include/newlib/c++/12.2.1 CACHE PATH
    "Freestanding C++ headers for riscv64-unknown-elf (see cmake/toolchain-riscv32.cmake)")
# rv32imac with the CSR instructions (the board reads mcause, mie, mcycle): spelled
# -march=rv32imac_zicsr, GCC 12.2 picks no multilib and links the rv64 default (ld: "ABI is
# incompatible"), so the ISA spec of 2.2 instead, in which Zicsr is part of I: the same
# instructions, and picolibc's rv32imac/ilp32 multilib.
set(PARLEY_CPU_FLAGS "-march=rv32imac -misa-spec=2.2 -mabi=ilp32 -mcmodel=medlow --specs=picolibc.specs")
set(CMAKE_C_FLAGS_INIT "${PARLEY_CPU_FLAGS} -ffunction-sections -fdata-sections")
set(CMAKE_ASM_FLAGS_INIT "${PARLEY_CPU_FLAGS}")
set(CMAKE_CXX_FLAGS_INIT
    "${PARLEY_CPU_FLAGS} -isystem ${PARLEY_LIBSTDCXX_HEADERS} -isystem ${PARLEY_LIBSTDCXX_HEADERS}/arm-none-eabi/thumb/v7-m/nofp -ffunction-sections -fdata-sections -fno-exceptions -fno-rtti -fno-threadsafe-statics")
set(CMAKE_C_FLAGS_MINSIZEREL_INIT "-Os -DNDEBUG")
set(CMAKE_CXX_FLAGS_MINSIZEREL_INIT "-Os -DNDEBUG")
# The compile flags (the specs and the multilib among them) reach the link too. C++ images
# link through the C driver: g++ would add -lstdc++, which this toolchain does not have.
set(CMAKE_EXE_LINKER_FLAGS_INIT "-Wl,--gc-sections")
set(CMAKE_CXX_LINK_EXECUTABLE
    "<CMAKE_C_COMPILER> <FLAGS> <CMAKE_CXX_LINK_FLAGS> <LINK_FLAGS> <OBJECTS> -o <TARGET> <LINK_LIBRARIES>")

set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)

# qemu-riscv32: compile-time options for every library of its cross build (docs/porting.md §4).
include("${CMAKE_CURRENT_LIST_DIR}/../common/mps2/cmake/config.cmake")

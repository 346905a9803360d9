// The C and C++ runtime of the qemu-riscv32 board, in place of picolibc's crt0: static
// constructors, exit, trap reports, and the few library hooks the image references. The
// counterpart of boards/common/mps2/runtime.cpp, whose system calls are newlib's: picolibc
// needs none of them (its stdio is not linked), and its malloc takes memory from the
// linker symbols __heap_start/__heap_end, which qemu_riscv32.ld does not define, so a malloc
// that slipped in fails the link (and tests/boards/check-no-heap.sh checks the ELF anyway).
#include <sys/time.h>

#include <cerrno>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "boards/common/mps2/semihost_log.h"
#include "boards/common/mps2/semihosting.h"

// Called from startup.S, or by picolibc and the C++ headers by these names.
extern "C" {
[[noreturn]] void board_exit(int code);
[[noreturn]] void board_trap(uint32_t cause, uint32_t pc, uint32_t value, uint32_t sp);
[[noreturn]] void _exit(int code);
void board_before_exit();  // virtio_netif.cpp
int gettimeofday(struct timeval* tv, void* tz);
int __cxa_atexit(void (*destructor)(void*), void* object, void* dso);
[[noreturn]] void __cxa_pure_virtual();
}

namespace {

namespace semihost = boards::mps2_an386::semihost;
using boards::mps2_an386::console_print;

// Exit codes that tell a crash from an application failure (as a shell would: 128 + signal).
constexpr int kExitAbort = 134;        // SIGABRT
constexpr int kExitFault = 139;        // SIGSEGV: an exception (no interrupt is ever enabled)
constexpr int kExitPureVirtual = 134;  // a call through a half-built object

[[noreturn]] void fail(std::string_view message, int code) {
    semihost::write_console(message);
    semihost::exit(code);
}

}  // namespace

// main's return: the frames still queued for the network card are sent first.
extern "C" [[noreturn]] void board_exit(int code) {
    board_before_exit();
    semihost::exit(code);
}

// From startup.S's trap_entry, on a fresh stack: mcause (2: illegal instruction, 5/7:
// load/store access fault, ...; the privileged spec's table), mepc, mtval (the faulting
// address or instruction) and the stack pointer at the trap.
extern "C" [[noreturn]] void board_trap(uint32_t cause, uint32_t pc, uint32_t value, uint32_t sp) {
    console_print("\n*** fault: exception %lu\n", static_cast<unsigned long>(cause));
    console_print("mepc=%08lx mtval=%08lx sp=%08lx\n", static_cast<unsigned long>(pc),
                  static_cast<unsigned long>(value), static_cast<unsigned long>(sp));
    semihost::exit(kExitFault);
}

extern "C" {

[[noreturn]] void abort() {
    fail("\n*** abort\n", kExitAbort);
}

[[noreturn]] void _exit(int code) {
    board_before_exit();
    semihost::exit(code);
}

// mbedTLS's default time source is time(); net/tls replaces it with hal::Clock at
// platform_init, so this only satisfies the link. No RTC: there is no time to give.
int gettimeofday(struct timeval* /*tv*/, void* /*tz*/) {
    errno = ENOSYS;
    return -1;
}

// Static objects' destructors would run at exit; a firmware never exits that way. So they
// are not registered at all.
void* __dso_handle = nullptr;  // NOLINT: the C++ ABI's name
int __cxa_atexit(void (*)(void*), void*, void*) {
    return 0;
}

[[noreturn]] void __cxa_pure_virtual() {
    fail("\n*** pure virtual call\n", kExitPureVirtual);
}

}  // extern "C"

// The one libstdc++ function the headers reference: std::string_view's range check. There is
// no libstdc++ for this toolchain (cmake/toolchain-riscv32.cmake); without exceptions the
// Arm boards' libstdc++ does the same: abort.
// Declared (noreturn) by <string_view>'s headers.
namespace std {
void __throw_out_of_range_fmt(const char* /*format*/, ...) {  // NOLINT: libstdc++'s name
    fail("\n*** out of range (std::string_view)\n", kExitAbort);
}
}  // namespace std

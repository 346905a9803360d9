// The C and C++ runtime of the board, in place of newlib's crt0 and libnosys: static
// constructors, exit, fault reports, and the system calls newlib may reference. Nothing
// here provides memory: _sbrk refuses (errno ENOMEM), so a malloc that slipped into the
// image fails instead of growing into the stack, and tests/boards's no-heap check fails the
// build long before that (docs/design.md §3).
#include <sys/stat.h>
#include <sys/time.h>

#include <cerrno>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "boards/common/mps2/semihost_log.h"
#include "boards/common/mps2/semihosting.h"

// Called from startup.S, or by newlib and libstdc++ by these names.
extern "C" {
[[noreturn]] void board_exit(int code);
[[noreturn]] void board_fault(const uint32_t* frame, uint32_t exception);
void* _sbrk(ptrdiff_t increment);
[[noreturn]] void _exit(int code);
int _write(int file, const char* data, int size);
int _read(int file, char* data, int size);
int _close(int file);
int _lseek(int file, int offset, int whence);
int _fstat(int file, struct stat* st);
int _isatty(int file);
int _kill(int pid, int signal);
int _getpid();
int _gettimeofday(struct timeval* tv, void* tz);
int __cxa_atexit(void (*destructor)(void*), void* object, void* dso);
[[noreturn]] void __cxa_pure_virtual();
int strcmp(const char* a, const char* b);  // NOLINT: the C library's name
}

namespace {

namespace semihost = boards::mps2_an386::semihost;
using boards::mps2_an386::console_print;

// Exit codes that tell a crash from an application failure (as a shell would: 128 + signal).
constexpr int kExitAbort = 134;        // SIGABRT
constexpr int kExitFault = 139;        // SIGSEGV: a fault or an unexpected interrupt
constexpr int kExitPureVirtual = 134;  // a call through a half-built object

// System Control Block fault status registers (Armv7-M ARM, B3.2).
volatile const uint32_t& scb(uintptr_t address) {
    return *reinterpret_cast<volatile const uint32_t*>(address);
}
constexpr uintptr_t kCfsr = 0xE000ED28;
constexpr uintptr_t kHfsr = 0xE000ED2C;
constexpr uintptr_t kMmfar = 0xE000ED34;
constexpr uintptr_t kBfar = 0xE000ED38;
#if __ARM_ARCH >= 8
// The Security Extension's SecureFault status and address registers (SFSR, SFAR): the
// Armv8-M boards run Secure, and a SecureFault (vector 7) says why only there.
constexpr uintptr_t kSfsr = 0xE000EDE4;
constexpr uintptr_t kSfar = 0xE000EDE8;
#endif

// The hardware-stacked exception frame.
enum Frame { kR0, kR1, kR2, kR3, kR12, kLr, kPc, kXpsr };

}  // namespace

extern "C" [[noreturn]] void board_exit(int code) {
    semihost::exit(code);
}

// From startup.S's fault_entry: `frame` is the stacked r0-r3, r12, lr, pc, xPSR.
extern "C" [[noreturn]] void board_fault(const uint32_t* frame, uint32_t exception) {
    console_print("\n*** fault: exception %lu\n", static_cast<unsigned long>(exception));
    console_print("pc=%08lx lr=%08lx xpsr=%08lx\n", static_cast<unsigned long>(frame[kPc]),
                  static_cast<unsigned long>(frame[kLr]), static_cast<unsigned long>(frame[kXpsr]));
    console_print("r0=%08lx r1=%08lx r2=%08lx r3=%08lx r12=%08lx\n",
                  static_cast<unsigned long>(frame[kR0]), static_cast<unsigned long>(frame[kR1]),
                  static_cast<unsigned long>(frame[kR2]), static_cast<unsigned long>(frame[kR3]),
                  static_cast<unsigned long>(frame[kR12]));
    console_print("cfsr=%08lx hfsr=%08lx mmfar=%08lx bfar=%08lx\n",
                  static_cast<unsigned long>(scb(kCfsr)), static_cast<unsigned long>(scb(kHfsr)),
                  static_cast<unsigned long>(scb(kMmfar)), static_cast<unsigned long>(scb(kBfar)));
#if __ARM_ARCH >= 8
    console_print("sfsr=%08lx sfar=%08lx\n", static_cast<unsigned long>(scb(kSfsr)),
                  static_cast<unsigned long>(scb(kSfar)));
#endif
    semihost::exit(kExitFault);
}

// ---- C library hooks ------------------------------------------------------------------

extern "C" {

// No heap on this board. newlib's malloc would call this; it gets nothing.
void* _sbrk(ptrdiff_t /*increment*/) {
    semihost::write_console("*** heap requested: this board has none (_sbrk refused)\n");
    errno = ENOMEM;
    return reinterpret_cast<void*>(-1);
}

[[noreturn]] void abort() {
    semihost::write_console("\n*** abort\n");
    semihost::exit(kExitAbort);
}

[[noreturn]] void _exit(int code) {
    semihost::exit(code);
}

int _write(int file, const char* data, int size) {
    if (file != 1 && file != 2) {
        errno = EBADF;
        return -1;
    }
    semihost::write_console(std::string_view(data, static_cast<size_t>(size)));
    return size;
}

int _read(int /*file*/, char* /*data*/, int /*size*/) {
    return 0;  // no console input
}

int _close(int /*file*/) {
    errno = EBADF;
    return -1;
}

int _lseek(int /*file*/, int /*offset*/, int /*whence*/) {
    errno = ESPIPE;
    return -1;
}

int _fstat(int /*file*/, struct stat* st) {
    st->st_mode = S_IFCHR;
    return 0;
}

int _isatty(int file) {
    return file <= 2 ? 1 : 0;
}

int _kill(int /*pid*/, int /*signal*/) {
    errno = EINVAL;
    return -1;
}

int _getpid() {
    return 1;
}

// mbedTLS's default time source is time(); net/tls replaces it with hal::Clock at
// platform_init, so this only satisfies the link. No RTC: there is no time to give.
int _gettimeofday(struct timeval* /*tv*/, void* /*tz*/) {
    errno = ENOSYS;
    return -1;
}

// Static objects' destructors would run at exit; a firmware never exits that way, and
// newlib's registry of them can allocate. So they are not registered at all.
void* __dso_handle = nullptr;  // NOLINT: the C++ ABI's name
int __cxa_atexit(void (*)(void*), void*, void*) {
    return 0;
}

[[noreturn]] void __cxa_pure_virtual() {
    semihost::write_console("\n*** pure virtual call\n");
    semihost::exit(kExitPureVirtual);
}

// In place of newlib's word-at-a-time strcmp (732 B of flash): mbedTLS compares a resumed
// session's host name with it, once per handshake, and nothing else calls it.
int strcmp(const char* a, const char* b) {  // NOLINT: the C library's name
    while (*a != '\0' && *a == *b) {
        ++a;
        ++b;
    }
    return static_cast<int>(static_cast<unsigned char>(*a)) -
           static_cast<int>(static_cast<unsigned char>(*b));
}

}  // extern "C"

// Semihosting: the debugger's (here QEMU's) services reached with `bkpt 0xAB` — console
// output, host files, host time, the command line and the exit code. Only present under
// a debugger or QEMU with `-semihosting-config enable=on`: on real hardware without a
// debugger the breakpoint faults, so a production board replaces every user of this file
// (console → UART, flash → the MCU's flash, exit → reset). No call allocates.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "hal/result.h"
#include "hal/span.h"

namespace boards::mps2_an386::semihost {

// A host file handle; negative when an open failed.
using Handle = int32_t;
constexpr Handle kInvalidHandle = -1;

// ISO C fopen modes as numbered by the semihosting specification.
enum class OpenMode : uint32_t {
    kReadBinary = 1,       // "rb"
    kReadWriteBinary = 3,  // "r+b"
    kWriteBinary = 5,      // "wb" (creates or truncates)
    kWritePlusBinary = 7,  // "w+b" (creates or truncates, readable too)
};

// Writes `text` to the host's console (stdout of QEMU).
void write_console(std::string_view text);

// A NUL-terminated `path`. Returns kInvalidHandle when the host refuses.
Handle open(const char* path, OpenMode mode);
bool close(Handle handle);
// Each returns true only when every byte moved.
bool write(Handle handle, hal::ConstByteSpan data);
bool read(Handle handle, hal::ByteSpan out);
bool seek(Handle handle, uint32_t position);
// The file's length in bytes, or -1.
int32_t file_length(Handle handle);

// Reads the host file `path` whole into `out` (at most out.size() - 1 bytes) and puts a
// NUL after it; returns the length read. kNotFound, kTooLarge (or empty), kFlashError.
hal::Result<size_t> read_whole_file(const char* path, hal::ByteSpan out);

// Host wall clock, seconds since 1970 (SYS_TIME).
uint32_t host_time_seconds();
// Centiseconds since the emulator started (SYS_CLOCK), or -1.
int32_t host_clock_centiseconds();

// Copies the command line (QEMU: `-append` text, or the `arg=` values of
// -semihosting-config) into `out`, NUL-terminated; returns its length, or 0 when there is
// none or it does not fit.
size_t command_line(hal::CharSpan out);

// Ends the emulation with `code` as QEMU's exit status (SYS_EXIT_EXTENDED).
[[noreturn]] void exit(int code);

}  // namespace boards::mps2_an386::semihost

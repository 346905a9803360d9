#include "boards/common/mps2/semihosting.h"

#include <cstring>

#include "boards/common/mps2/semihost_trap.h"

namespace boards::mps2_an386::semihost {
namespace {

// Operation numbers from Arm's "Semihosting for AArch32 and AArch64", version 3.
enum Op : uint32_t {
    kSysOpen = 0x01,
    kSysClose = 0x02,
    kSysWrite = 0x05,
    kSysRead = 0x06,
    kSysSeek = 0x0A,
    kSysFlen = 0x0C,
    kSysClock = 0x10,
    kSysTime = 0x11,
    kSysGetCmdline = 0x15,
    kSysExitExtended = 0x20,
};

// ADP_Stopped_ApplicationExit: with SYS_EXIT_EXTENDED the subcode is the exit status.
constexpr uint32_t kApplicationExit = 0x20026;
// SYS_WRITE to the console needs a handle; ":tt" opened for writing is the host's stdout.
constexpr uint32_t kModeWriteText = 4;

uint32_t call(uint32_t op, const void* argument) {
    return semihost_trap(op, argument);
}

uint32_t word(const void* pointer) {
    return static_cast<uint32_t>(reinterpret_cast<uintptr_t>(pointer));
}

Handle console_handle() {
    static Handle handle = kInvalidHandle;
    if (handle == kInvalidHandle) {
        const uint32_t block[3] = {word(":tt"), kModeWriteText, 3};
        handle = static_cast<Handle>(call(kSysOpen, block));
    }
    return handle;
}

}  // namespace

void write_console(std::string_view text) {
    if (text.empty()) return;
    (void)write(console_handle(), hal::as_bytes(text));
}

Handle open(const char* path, OpenMode mode) {
    const uint32_t block[3] = {word(path), static_cast<uint32_t>(mode),
                               static_cast<uint32_t>(std::strlen(path))};
    return static_cast<Handle>(call(kSysOpen, block));
}

bool close(Handle handle) {
    const uint32_t block[1] = {static_cast<uint32_t>(handle)};
    return call(kSysClose, block) == 0;
}

bool write(Handle handle, hal::ConstByteSpan data) {
    if (handle < 0) return false;
    const uint32_t block[3] = {static_cast<uint32_t>(handle), word(data.data()),
                               static_cast<uint32_t>(data.size())};
    return call(kSysWrite, block) == 0;  // the number of bytes NOT written
}

bool read(Handle handle, hal::ByteSpan out) {
    if (handle < 0) return false;
    const uint32_t block[3] = {static_cast<uint32_t>(handle), word(out.data()),
                               static_cast<uint32_t>(out.size())};
    return call(kSysRead, block) == 0;  // the number of bytes NOT read
}

bool seek(Handle handle, uint32_t position) {
    const uint32_t block[2] = {static_cast<uint32_t>(handle), position};
    return call(kSysSeek, block) == 0;
}

int32_t file_length(Handle handle) {
    const uint32_t block[1] = {static_cast<uint32_t>(handle)};
    return static_cast<int32_t>(call(kSysFlen, block));
}

hal::Result<size_t> read_whole_file(const char* path, hal::ByteSpan out) {
    const Handle file = open(path, OpenMode::kReadBinary);
    if (file < 0) return hal::Status::kNotFound;
    const int32_t length = file_length(file);
    const bool fits = length > 0 && static_cast<size_t>(length) < out.size();
    const bool whole = fits && read(file, out.first(static_cast<size_t>(length)));
    (void)close(file);
    if (!fits) return hal::Status::kTooLarge;
    if (!whole) return hal::Status::kFlashError;
    out[static_cast<size_t>(length)] = 0;
    return static_cast<size_t>(length);
}

uint32_t host_time_seconds() {
    return call(kSysTime, nullptr);
}

int32_t host_clock_centiseconds() {
    return static_cast<int32_t>(call(kSysClock, nullptr));
}

size_t command_line(hal::CharSpan out) {
    if (out.size() < 2) return 0;
    uint32_t block[2] = {word(out.data()), static_cast<uint32_t>(out.size())};
    if (call(kSysGetCmdline, block) != 0) return 0;
    const size_t length = block[1] < out.size() ? block[1] : out.size() - 1;
    out[length] = '\0';
    return length;
}

void exit(int code) {
    const uint32_t block[2] = {kApplicationExit, static_cast<uint32_t>(code)};
    for (;;)
        (void)call(kSysExitExtended, block);
}

}  // namespace boards::mps2_an386::semihost

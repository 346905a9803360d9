#include "boards/mps2-an386/apps/app_support.h"

#include <cstddef>
#include <cstdint>

#include "boards/mps2-an386/board_ca_bundle.h"
#include "boards/mps2-an386/semihost_log.h"
#include "boards/mps2-an386/semihosting.h"

namespace boards::mps2_an386 {
namespace {

constexpr size_t kMaxCaFileSize = 8 * 1024;
uint8_t g_ca_file[kMaxCaFileSize + 1];  // + the NUL mbedTLS wants after PEM

}  // namespace

int report_failure(const char* app, const char* step, hal::Status status) {
    console_print("%s: FAILED %s: %s\n", app, step, hal::to_string(status));
    return 1;
}

hal::Result<hal::ConstByteSpan> load_ca_bundle(const CommandLine& command_line, const char** path) {
    *path = command_line.value("ca");
    if (*path == nullptr) return hal::ConstByteSpan(kBoardCaBundle, sizeof kBoardCaBundle);
    const hal::Result<size_t> length = semihost::read_whole_file(*path, hal::ByteSpan(g_ca_file));
    if (!length.ok()) return length.status();
    return hal::ConstByteSpan(g_ca_file, length.value() + 1);
}

}  // namespace boards::mps2_an386

#include "boards/common/mps2/apps/app_support.h"

#include "boards/common/mps2/semihost_log.h"
#include "boards/common/mps2/semihosting.h"

namespace boards::mps2_an386 {

int report_failure(const char* app, const char* step, hal::Status status) {
    console_print("%s: FAILED %s: %s\n", app, step, hal::to_string(status));
    return 1;
}

hal::Result<size_t> read_ca_file(const char* path, hal::ByteSpan buffer) {
    return semihost::read_whole_file(path, buffer);
}

}  // namespace boards::mps2_an386

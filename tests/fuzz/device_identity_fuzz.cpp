// Fuzzes the host identity file reader: any bytes on disk either load as an identity
// of exactly the documented size or are refused; never a crash, never a silent rewrite.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "hal/entropy.h"
#include "port/posix/file_device_identity.h"

namespace {

// Loading an existing file must never consult entropy: that would mean regeneration.
class NoEntropy final : public hal::Entropy {
  public:
    hal::Status fill(hal::ByteSpan) override {
        std::abort();
        return hal::Status::kUnavailable;
    }
};

std::string scratch_path() {
    return "/tmp/parley-fuzz-identity-" + std::to_string(::getpid());
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string path = scratch_path();
    std::FILE* f = std::fopen(path.c_str(), "wb");
    if (f == nullptr) return 0;
    std::fwrite(data, 1, size, f);
    std::fclose(f);

    NoEntropy entropy;
    port::posix::FileDeviceIdentity identity;
    const hal::Status status = identity.load(path, entropy);
    if (status == hal::Status::kOk &&
        (size != port::posix::FileDeviceIdentity::kFileSize || !identity.loaded())) {
        std::abort();
    }
    std::remove(path.c_str());
    return 0;
}

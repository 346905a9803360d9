// FileDeviceIdentity: hal::DeviceIdentity for a host, kept in a small file that is
// created once from the entropy source and never silently replaced: a new key would
// orphan every secret encrypted under the old one, so a damaged file is an error.
//
// File format (57 bytes, version 1):
//   offset  0  4 bytes  magic "PDID"
//   offset  4  1 byte   format version (1)
//   offset  5 16 bytes  hardware id
//   offset 21 32 bytes  device key
//   offset 53  4 bytes  CRC-32 (IEEE 802.3, as zlib) of bytes 0..52, little-endian
// The file is written with mode 0600 through a temporary file and a rename.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "hal/device_identity.h"
#include "hal/entropy.h"
#include "hal/span.h"
#include "hal/status.h"

namespace port::posix {

class FileDeviceIdentity final : public hal::DeviceIdentity {
  public:
    static constexpr size_t kHardwareIdSize = 16;
    static constexpr size_t kFileSize = 4 + 1 + kHardwareIdSize + hal::kDeviceKeySize + 4;

    FileDeviceIdentity() = default;
    ~FileDeviceIdentity();  // wipes the key
    FileDeviceIdentity(const FileDeviceIdentity&) = delete;
    FileDeviceIdentity& operator=(const FileDeviceIdentity&) = delete;

    // Reads the identity from `path`, or creates it from `entropy` when the file does
    // not exist. Errors: kCorrupt (wrong size, magic or CRC), kUnsupported (a format
    // version this build does not know), kFlashError (I/O), kInvalidArgument (path),
    // or the entropy source's failure. After a failure the object holds no identity.
    hal::Status load(std::string_view path, hal::Entropy& entropy);

    bool loaded() const { return loaded_; }

    // Empty before a successful load().
    hal::ConstByteSpan hardware_id() override;

    // kFailedPrecondition before a successful load(); kBufferTooSmall for a short `out`.
    hal::Status device_key(hal::ByteSpan out) override;

  private:
    hal::Status decode(hal::ConstByteSpan file);
    void forget();

    uint8_t hardware_id_[kHardwareIdSize] = {};
    uint8_t key_[hal::kDeviceKeySize] = {};
    bool loaded_ = false;
};

}  // namespace port::posix

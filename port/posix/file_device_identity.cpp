#include "port/posix/file_device_identity.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "hal/crc32.h"
#include "port/posix/atomic_file.h"
#include "port/posix/file_io.h"

namespace port::posix {
namespace {

constexpr uint8_t kMagic[4] = {'P', 'D', 'I', 'D'};
constexpr uint8_t kVersion = 1;
constexpr size_t kVersionOffset = 4;
constexpr size_t kIdOffset = 5;
constexpr size_t kKeyOffset = kIdOffset + FileDeviceIdentity::kHardwareIdSize;
constexpr size_t kCrcOffset = kKeyOffset + hal::kDeviceKeySize;
static_assert(kCrcOffset + 4 == FileDeviceIdentity::kFileSize, "format layout");

void put_le32(uint8_t* out, uint32_t value) {
    for (int i = 0; i < 4; ++i)
        out[i] = static_cast<uint8_t>(value >> (8 * i));
}

uint32_t get_le32(const uint8_t* in) {
    uint32_t value = 0;
    for (int i = 3; i >= 0; --i)
        value = (value << 8) | in[i];
    return value;
}

// kNotFound when the file does not exist (the one case where creating it is right).
hal::Status read_file(const char* path, hal::ByteSpan out) {
    const int fd = ::open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return errno == ENOENT ? hal::Status::kNotFound : hal::Status::kFlashError;
    // One spare byte, so that a file longer than the format is seen as such.
    uint8_t file[FileDeviceIdentity::kFileSize + 1];
    const hal::Result<size_t> size = read_up_to(fd, hal::ByteSpan(file));
    ::close(fd);
    hal::Status status = size.status();
    if (status == hal::Status::kOk && size.value() != FileDeviceIdentity::kFileSize) {
        status = hal::Status::kCorrupt;
    }
    if (status == hal::Status::kOk) std::memcpy(out.data(), file, FileDeviceIdentity::kFileSize);
    explicit_bzero(file, sizeof file);
    return status;
}

// A fresh identity, encoded in `file`.
hal::Status generate(hal::Entropy& entropy, hal::ByteSpan file) {
    std::memcpy(file.data(), kMagic, sizeof kMagic);
    file[kVersionOffset] = kVersion;
    HAL_TRY(entropy.fill(file.subspan(kIdOffset, FileDeviceIdentity::kHardwareIdSize)));
    HAL_TRY(entropy.fill(file.subspan(kKeyOffset, hal::kDeviceKeySize)));
    put_le32(file.data() + kCrcOffset, hal::crc32(file.first(kCrcOffset)));
    return hal::Status::kOk;
}

hal::Status write_file(const char* path, hal::ConstByteSpan file) {
    AtomicFileWriter writer;
    HAL_TRY(writer.begin(path, 0600));  // the key is a secret: owner only
    HAL_TRY(writer.write(file));
    return writer.commit();
}

}  // namespace

FileDeviceIdentity::~FileDeviceIdentity() {
    forget();
}

hal::Status FileDeviceIdentity::load(std::string_view path, hal::Entropy& entropy) {
    forget();
    PathBuffer name{};
    HAL_TRY(copy_path(path, name));

    uint8_t file[kFileSize];
    hal::Status status = read_file(name, hal::ByteSpan(file));
    if (status == hal::Status::kNotFound) {
        status = generate(entropy, hal::ByteSpan(file));
        if (status == hal::Status::kOk)
            status = write_file(name, hal::ConstByteSpan(file, kFileSize));
    }
    if (status == hal::Status::kOk) status = decode(hal::ConstByteSpan(file, kFileSize));
    explicit_bzero(file, sizeof file);
    return status;
}

hal::ConstByteSpan FileDeviceIdentity::hardware_id() {
    return loaded_ ? hal::ConstByteSpan(hardware_id_) : hal::ConstByteSpan();
}

hal::Status FileDeviceIdentity::device_key(hal::ByteSpan out) {
    if (!loaded_) return hal::Status::kFailedPrecondition;
    if (out.size() < sizeof key_) return hal::Status::kBufferTooSmall;
    std::memcpy(out.data(), key_, sizeof key_);
    return hal::Status::kOk;
}

hal::Status FileDeviceIdentity::decode(hal::ConstByteSpan file) {
    if (std::memcmp(file.data(), kMagic, sizeof kMagic) != 0) return hal::Status::kCorrupt;
    if (get_le32(file.data() + kCrcOffset) != hal::crc32(file.first(kCrcOffset))) {
        return hal::Status::kCorrupt;
    }
    // Checked after the CRC: a damaged version byte is corruption, not a newer format.
    if (file[kVersionOffset] != kVersion) return hal::Status::kUnsupported;
    std::memcpy(hardware_id_, file.data() + kIdOffset, sizeof hardware_id_);
    std::memcpy(key_, file.data() + kKeyOffset, sizeof key_);
    loaded_ = true;
    return hal::Status::kOk;
}

// explicit_bzero, unlike memset, cannot be optimised away as a dead store.
void FileDeviceIdentity::forget() {
    explicit_bzero(key_, sizeof key_);
    explicit_bzero(hardware_id_, sizeof hardware_id_);
    loaded_ = false;
}

}  // namespace port::posix

#include "port/posix/file_device_identity.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <CppUTest/TestHarness.h>

#include <cstring>
#include <string>

#include "tests/port_posix/port_posix_fixtures.h"

using hal::Status;
using port::posix::FileDeviceIdentity;

namespace {

// Bytes 0, 1, 2, ... continuing across calls, so each fill is recognisable.
class CountingEntropy final : public hal::Entropy {
  public:
    Status fill(hal::ByteSpan out) override {
        ++calls;
        for (uint8_t& byte : out)
            byte = next++;
        return Status::kOk;
    }
    int calls = 0;
    uint8_t next = 0;
};

class BrokenEntropy final : public hal::Entropy {
  public:
    Status fill(hal::ByteSpan) override { return Status::kUnavailable; }
};

size_t read_whole(const std::string& path, uint8_t* out, size_t size) {
    const int fd = ::open(path.c_str(), O_RDONLY);
    if (fd < 0) return 0;
    const ssize_t n = ::read(fd, out, size);
    ::close(fd);
    return n > 0 ? static_cast<size_t>(n) : 0;
}

void write_whole(const std::string& path, const uint8_t* data, size_t size) {
    const int fd = ::open(path.c_str(), O_WRONLY | O_TRUNC);
    CHECK(fd >= 0);
    CHECK_EQUAL(static_cast<ssize_t>(size), ::write(fd, data, size));
    ::close(fd);
}

}  // namespace

TEST_GROUP(FileDeviceIdentity) {
    port_posix_test::TempDir dir;
    std::string path = dir.file("identity");
    CountingEntropy entropy;
    FileDeviceIdentity identity;
};

TEST(FileDeviceIdentity, CreatesTheFileFromEntropyInTheDocumentedFormat) {
    CHECK_EQUAL(Status::kOk, identity.load(path, entropy));
    uint8_t file[80] = {};
    CHECK_EQUAL(FileDeviceIdentity::kFileSize, read_whole(path, file, sizeof file));
    MEMCMP_EQUAL("PDID\x01", file, 5);
    for (uint8_t i = 0; i < 48; ++i)
        CHECK_EQUAL(i, file[5 + i]);                 // id 0..15, key 16..47
    const uint8_t crc[] = {0x8E, 0xF2, 0x5F, 0xE7};  // zlib.crc32 of the first 53 bytes
    MEMCMP_EQUAL(crc, file + 53, sizeof crc);

    const hal::ConstByteSpan id = identity.hardware_id();
    CHECK_EQUAL(FileDeviceIdentity::kHardwareIdSize, id.size());
    MEMCMP_EQUAL(file + 5, id.data(), id.size());
    uint8_t key[hal::kDeviceKeySize];
    CHECK_EQUAL(Status::kOk, identity.device_key(hal::ByteSpan(key)));
    MEMCMP_EQUAL(file + 21, key, sizeof key);
}

TEST(FileDeviceIdentity, ReloadsTheSameIdentityWithoutTouchingEntropy) {
    CHECK_EQUAL(Status::kOk, identity.load(path, entropy));
    const int calls_after_creation = entropy.calls;

    FileDeviceIdentity reloaded;
    CHECK_EQUAL(Status::kOk, reloaded.load(path, entropy));
    CHECK_EQUAL(calls_after_creation, entropy.calls);
    MEMCMP_EQUAL(identity.hardware_id().data(), reloaded.hardware_id().data(),
                 FileDeviceIdentity::kHardwareIdSize);
    uint8_t first[hal::kDeviceKeySize];
    uint8_t second[hal::kDeviceKeySize];
    CHECK_EQUAL(Status::kOk, identity.device_key(hal::ByteSpan(first)));
    CHECK_EQUAL(Status::kOk, reloaded.device_key(hal::ByteSpan(second)));
    MEMCMP_EQUAL(first, second, sizeof first);
}

TEST(FileDeviceIdentity, TheFileIsReadableByItsOwnerOnly) {
    const mode_t previous = ::umask(0);  // even a permissive umask must not widen it
    const Status status = identity.load(path, entropy);
    ::umask(previous);
    CHECK_EQUAL(Status::kOk, status);
    struct stat info {};
    CHECK_EQUAL(0, ::stat(path.c_str(), &info));
    CHECK_EQUAL(0600, static_cast<int>(info.st_mode & 0777));
    CHECK(::access((path + ".tmp").c_str(), F_OK) != 0);
}

TEST(FileDeviceIdentity, ADamagedFileIsCorruptAndNeverRegenerated) {
    CHECK_EQUAL(Status::kOk, identity.load(path, entropy));
    uint8_t file[FileDeviceIdentity::kFileSize];
    CHECK_EQUAL(sizeof file, read_whole(path, file, sizeof file));
    file[30] ^= 0x01;  // one bit of the key
    write_whole(path, file, sizeof file);

    FileDeviceIdentity reloaded;
    const int calls_before = entropy.calls;
    CHECK_EQUAL(Status::kCorrupt, reloaded.load(path, entropy));
    CHECK_EQUAL(calls_before, entropy.calls);
    CHECK_FALSE(reloaded.loaded());
    CHECK_EQUAL(0u, reloaded.hardware_id().size());

    uint8_t after[FileDeviceIdentity::kFileSize];
    CHECK_EQUAL(sizeof after, read_whole(path, after, sizeof after));
    MEMCMP_EQUAL(file, after, sizeof file);  // still the damaged file, for forensics
}

TEST(FileDeviceIdentity, FilesOfTheWrongLengthOrMagicAreCorrupt) {
    CHECK_EQUAL(Status::kOk, identity.load(path, entropy));
    uint8_t file[FileDeviceIdentity::kFileSize + 1] = {};
    CHECK_EQUAL(FileDeviceIdentity::kFileSize, read_whole(path, file, sizeof file));

    FileDeviceIdentity other;
    write_whole(path, file, FileDeviceIdentity::kFileSize - 1);
    CHECK_EQUAL(Status::kCorrupt, other.load(path, entropy));
    write_whole(path, file, FileDeviceIdentity::kFileSize + 1);
    CHECK_EQUAL(Status::kCorrupt, other.load(path, entropy));
    write_whole(path, file, 0);
    CHECK_EQUAL(Status::kCorrupt, other.load(path, entropy));
    file[0] = 'X';
    write_whole(path, file, FileDeviceIdentity::kFileSize);
    CHECK_EQUAL(Status::kCorrupt, other.load(path, entropy));
}

TEST(FileDeviceIdentity, DeviceKeyNeedsRoomForTheWholeKey) {
    CHECK_EQUAL(Status::kOk, identity.load(path, entropy));
    uint8_t small[hal::kDeviceKeySize - 1];
    CHECK_EQUAL(Status::kBufferTooSmall, identity.device_key(hal::ByteSpan(small)));
}

TEST(FileDeviceIdentity, NothingIsAvailableBeforeLoading) {
    uint8_t key[hal::kDeviceKeySize];
    CHECK_FALSE(identity.loaded());
    CHECK_EQUAL(0u, identity.hardware_id().size());
    CHECK_EQUAL(Status::kFailedPrecondition, identity.device_key(hal::ByteSpan(key)));
}

TEST(FileDeviceIdentity, AnEntropyFailureCreatesNoFile) {
    BrokenEntropy broken;
    CHECK_EQUAL(Status::kUnavailable, identity.load(path, broken));
    CHECK_FALSE(identity.loaded());
    CHECK(::access(path.c_str(), F_OK) != 0);
}

TEST(FileDeviceIdentity, AnUnwritableDirectoryIsAStorageError) {
    const std::string missing_dir = dir.file("no-such-dir/identity");
    CHECK_EQUAL(Status::kFlashError, identity.load(missing_dir, entropy));
    CHECK_FALSE(identity.loaded());
}

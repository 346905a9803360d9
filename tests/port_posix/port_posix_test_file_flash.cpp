#include "port/posix/file_flash.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <CppUTest/TestHarness.h>

#include <cstring>
#include <string>

#include "tests/port_posix/port_posix_fixtures.h"
#include "tests/support/alloc_guard.h"

using hal::Status;
using port::posix::FileFlash;

namespace {

constexpr hal::FlashGeometry kGeometry{4096, 4, 1};

bool all_bytes_are(hal::ConstByteSpan bytes, uint8_t value) {
    for (const uint8_t byte : bytes) {
        if (byte != value) return false;
    }
    return true;
}

}  // namespace

TEST_GROUP(FileFlash) {
    port_posix_test::TempDir dir;
    std::string path = dir.file("flash.bin");
    uint8_t sector[4096];

    Status read_sector(FileFlash & flash, uint32_t index) {
        return flash.read(index * kGeometry.sector_size, hal::ByteSpan(sector));
    }
};

TEST(FileFlash, OpeningCreatesAFullyErasedDevice) {
    FileFlash flash(path, kGeometry);
    CHECK_EQUAL(Status::kOk, flash.open());
    for (uint32_t i = 0; i < kGeometry.sector_count; ++i) {
        CHECK_EQUAL(Status::kOk, read_sector(flash, i));
        CHECK_TRUE(all_bytes_are(hal::ConstByteSpan(sector), 0xFF));
    }
    struct stat info {};
    CHECK_EQUAL(0, ::stat(path.c_str(), &info));
    CHECK_EQUAL(kGeometry.total_size(), static_cast<uint32_t>(info.st_size));
    CHECK(::access((path + ".tmp").c_str(), F_OK) != 0);  // no temporary file left behind
}

TEST(FileFlash, ProgramTurnsOnesIntoZerosAndMayClearMoreBitsLater) {
    FileFlash flash(path, kGeometry);
    CHECK_EQUAL(Status::kOk, flash.open());
    const uint8_t first[] = {0xF0, 0x0F};
    const uint8_t second[] = {0x30, 0x01};  // only clears bits that are still 1
    CHECK_EQUAL(Status::kOk, flash.program(100, hal::ConstByteSpan(first)));
    CHECK_EQUAL(Status::kOk, flash.program(100, hal::ConstByteSpan(second)));
    uint8_t got[2] = {};
    CHECK_EQUAL(Status::kOk, flash.read(100, hal::ByteSpan(got)));
    MEMCMP_EQUAL(second, got, sizeof got);
}

TEST(FileFlash, ProgrammingAZeroBitBackToOneIsRefusedAndChangesNothing) {
    FileFlash flash(path, kGeometry);
    CHECK_EQUAL(Status::kOk, flash.open());
    const uint8_t zero = 0x00;
    CHECK_EQUAL(Status::kOk, flash.program(5, hal::ConstByteSpan(&zero, 1)));

    // Bytes 0..4 are erased and could take the data; byte 5 is 0x00 and cannot.
    const uint8_t data[] = {0x11, 0x22, 0x33, 0x44, 0x55, 0x01};
    CHECK_EQUAL(Status::kFlashNotErased, flash.program(0, hal::ConstByteSpan(data)));

    uint8_t got[6] = {};
    CHECK_EQUAL(Status::kOk, flash.read(0, hal::ByteSpan(got)));
    const uint8_t unchanged[] = {0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x00};
    MEMCMP_EQUAL(unchanged, got, sizeof got);
}

TEST(FileFlash, EraseRestoresOnesAndCountsWearPerSector) {
    FileFlash flash(path, kGeometry);
    CHECK_EQUAL(Status::kOk, flash.open());
    std::memset(sector, 0, sizeof sector);
    CHECK_EQUAL(Status::kOk, flash.program(4096, hal::ConstByteSpan(sector)));

    CHECK_EQUAL(Status::kOk, flash.erase(1));
    CHECK_EQUAL(Status::kOk, flash.erase(1));
    CHECK_EQUAL(Status::kOk, flash.erase(3));

    CHECK_EQUAL(Status::kOk, read_sector(flash, 1));
    CHECK_TRUE(all_bytes_are(hal::ConstByteSpan(sector), 0xFF));
    CHECK_EQUAL(0u, flash.erase_count(0));
    CHECK_EQUAL(2u, flash.erase_count(1));
    CHECK_EQUAL(0u, flash.erase_count(2));
    CHECK_EQUAL(1u, flash.erase_count(3));
    CHECK_EQUAL(0u, flash.erase_count(99));
}

TEST(FileFlash, EraseLeavesOtherSectorsAlone) {
    FileFlash flash(path, kGeometry);
    CHECK_EQUAL(Status::kOk, flash.open());
    std::memset(sector, 0x5A, sizeof sector);
    CHECK_EQUAL(Status::kOk, flash.program(0, hal::ConstByteSpan(sector)));
    CHECK_EQUAL(Status::kOk, flash.program(8192, hal::ConstByteSpan(sector)));
    CHECK_EQUAL(Status::kOk, flash.erase(1));
    CHECK_EQUAL(Status::kOk, read_sector(flash, 0));
    CHECK_TRUE(all_bytes_are(hal::ConstByteSpan(sector), 0x5A));
    CHECK_EQUAL(Status::kOk, read_sector(flash, 2));
    CHECK_TRUE(all_bytes_are(hal::ConstByteSpan(sector), 0x5A));
}

TEST(FileFlash, RequestsOutsideTheDeviceAreInvalidArguments) {
    FileFlash flash(path, kGeometry);
    CHECK_EQUAL(Status::kOk, flash.open());
    const uint8_t two[2] = {0, 0};
    uint8_t out[2];
    const uint32_t end = kGeometry.total_size();
    CHECK_EQUAL(Status::kInvalidArgument, flash.program(end - 1, hal::ConstByteSpan(two)));
    CHECK_EQUAL(Status::kInvalidArgument, flash.program(end, hal::ConstByteSpan(two)));
    CHECK_EQUAL(Status::kInvalidArgument, flash.program(0xFFFFFFFFu, hal::ConstByteSpan(two)));
    CHECK_EQUAL(Status::kInvalidArgument, flash.read(end - 1, hal::ByteSpan(out)));
    CHECK_EQUAL(Status::kInvalidArgument, flash.erase(kGeometry.sector_count));
    CHECK_EQUAL(Status::kOk, flash.read(end - 2, hal::ByteSpan(out)));  // the last bytes
}

TEST(FileFlash, ProgramMustBeAlignedToTheProgramUnit) {
    FileFlash flash(path, hal::FlashGeometry{4096, 4, 8});
    CHECK_EQUAL(Status::kOk, flash.open());
    uint8_t eight[8] = {};
    CHECK_EQUAL(Status::kInvalidArgument, flash.program(4, hal::ConstByteSpan(eight)));
    CHECK_EQUAL(Status::kInvalidArgument, flash.program(8, hal::ConstByteSpan(eight, 4)));
    CHECK_EQUAL(Status::kOk, flash.program(8, hal::ConstByteSpan(eight)));
    uint8_t three[3];
    CHECK_EQUAL(Status::kOk, flash.read(9, hal::ByteSpan(three)));  // reads are not aligned
}

TEST(FileFlash, ContentsSurviveClosingAndReopening) {
    const uint8_t data[] = {'k', 'e', 'p', 't'};
    {
        FileFlash flash(path, kGeometry);
        CHECK_EQUAL(Status::kOk, flash.open());
        CHECK_EQUAL(Status::kOk, flash.program(5000, hal::ConstByteSpan(data)));
    }
    FileFlash again(path, kGeometry);
    CHECK_EQUAL(Status::kOk, again.open());
    uint8_t got[4] = {};
    CHECK_EQUAL(Status::kOk, again.read(5000, hal::ByteSpan(got)));
    MEMCMP_EQUAL(data, got, sizeof got);
}

TEST(FileFlash, AFileOfTheWrongSizeIsCorruptAndLeftIntact) {
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT, 0600);
    CHECK(fd >= 0);
    CHECK_EQUAL(5, ::write(fd, "data!", 5));
    ::close(fd);

    FileFlash flash(path, kGeometry);
    CHECK_EQUAL(Status::kCorrupt, flash.open());
    CHECK_FALSE(flash.is_open());

    char got[8] = {};
    const int check = ::open(path.c_str(), O_RDONLY);
    CHECK_EQUAL(5, ::read(check, got, sizeof got));
    ::close(check);
    MEMCMP_EQUAL("data!", got, 5);
}

TEST(FileFlash, BadGeometriesAreInvalidArguments) {
    const hal::FlashGeometry too_many{4096, port::posix::kMaxFlashSectors + 1, 1};
    const hal::FlashGeometry empty_sectors{0, 4, 1};
    const hal::FlashGeometry unit_not_dividing{4096, 4, 3};
    const hal::FlashGeometry too_large{0x10000000u, 32, 1};  // 8 GiB overflows 32 bits
    for (const hal::FlashGeometry& geometry :
         {too_many, empty_sectors, unit_not_dividing, too_large}) {
        FileFlash flash(path, geometry);
        CHECK_EQUAL(Status::kInvalidArgument, flash.open());
    }
    CHECK(::access(path.c_str(), F_OK) != 0);  // nothing was created
}

TEST(FileFlash, CallsBeforeOpenFailWithFailedPrecondition) {
    FileFlash flash(path, kGeometry);
    uint8_t byte = 0;
    CHECK_EQUAL(Status::kFailedPrecondition, flash.erase(0));
    CHECK_EQUAL(Status::kFailedPrecondition, flash.program(0, hal::ConstByteSpan(&byte, 1)));
    CHECK_EQUAL(Status::kFailedPrecondition, flash.read(0, hal::ByteSpan(&byte, 1)));
    CHECK_EQUAL(Status::kOk, flash.open());
    CHECK_EQUAL(Status::kFailedPrecondition, flash.open());
}

TEST(FileFlash, EraseProgramAndReadAllocateNothing) {
    FileFlash flash(path, kGeometry);
    CHECK_EQUAL(Status::kOk, flash.open());
    const uint8_t data[] = {1, 2, 3, 4};
    uint8_t got[4] = {};
    Status erased = Status::kInternal;
    Status programmed = Status::kInternal;
    Status read = Status::kInternal;
    size_t allocations = 0;
    {
        test::AllocGuard guard;
        erased = flash.erase(0);
        programmed = flash.program(0, hal::ConstByteSpan(data));
        read = flash.read(0, hal::ByteSpan(got));
        allocations = guard.allocations();
    }
    CHECK_EQUAL(0u, allocations);
    CHECK_EQUAL(Status::kOk, erased);
    CHECK_EQUAL(Status::kOk, programmed);
    CHECK_EQUAL(Status::kOk, read);
    MEMCMP_EQUAL(data, got, sizeof got);
}

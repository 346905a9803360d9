// FakeFlash: the test double must behave like NOR and fail exactly as asked, or the
// power-loss tests prove nothing.
#include "tests/support/fake_flash.h"

#include <CppUTest/TestHarness.h>

#include "tests/settings/check_status.h"

using hal::Status;
using test::FakeFlash;

namespace {

constexpr hal::FlashGeometry kGeometry{256, 4, 1};

bool all_bytes_are(hal::ConstByteSpan bytes, uint8_t value) {
    for (const uint8_t byte : bytes) {
        if (byte != value) return false;
    }
    return true;
}

}  // namespace

TEST_GROUP(FakeFlash) {
    FakeFlash flash{kGeometry};
    const uint8_t data[4] = {0x12, 0x34, 0x56, 0x78};

    hal::ConstByteSpan at(uint32_t address, size_t size) {
        return hal::ConstByteSpan(flash.image().data() + address, size);
    }
};

TEST(FakeFlash, StartsErased) {
    CHECK_TRUE(flash.valid());
    CHECK_TRUE(all_bytes_are(flash.image(), 0xFF));
}

TEST(FakeFlash, RefusesToTurnAZeroBitIntoOneAndChangesNothing) {
    CHECK_STATUS(Status::kOk, flash.program(10, hal::ConstByteSpan(data)));
    const uint8_t other[2] = {0x12, 0xFF};  // 0x34 -> 0xFF needs 0 bits to become 1
    CHECK_STATUS(Status::kFlashNotErased, flash.program(10, hal::ConstByteSpan(other)));
    MEMCMP_EQUAL(data, at(10, 4).data(), 4);
}

TEST(FakeFlash, EraseRestoresOnesAndIsCountedPerSector) {
    CHECK_STATUS(Status::kOk, flash.program(300, hal::ConstByteSpan(data)));
    CHECK_STATUS(Status::kOk, flash.erase(1));
    CHECK_TRUE(all_bytes_are(at(256, 256), 0xFF));
    UNSIGNED_LONGS_EQUAL(1, flash.erase_count(1));
    UNSIGNED_LONGS_EQUAL(0, flash.erase_count(0));
    UNSIGNED_LONGS_EQUAL(2, flash.operations());
}

TEST(FakeFlash, EnforcesTheProgramUnit) {
    FakeFlash wide({256, 4, 8});
    const uint8_t eight[8] = {};
    CHECK_STATUS(Status::kInvalidArgument, wide.program(4, hal::ConstByteSpan(eight)));
    CHECK_STATUS(Status::kInvalidArgument, wide.program(0, hal::ConstByteSpan(data)));
    CHECK_STATUS(Status::kOk, wide.program(8, hal::ConstByteSpan(eight)));
}

TEST(FakeFlash, RecordsEveryOperation) {
    CHECK_STATUS(Status::kOk, flash.erase(2));
    CHECK_STATUS(Status::kOk, flash.program(20, hal::ConstByteSpan(data)));
    const FakeFlash::Operation erase = flash.operation(1);
    const FakeFlash::Operation program = flash.operation(2);
    CHECK_TRUE(erase.kind == FakeFlash::Kind::kErase);
    UNSIGNED_LONGS_EQUAL(512, erase.address);
    CHECK_TRUE(program.kind == FakeFlash::Kind::kProgram);
    UNSIGNED_LONGS_EQUAL(4, program.size);
}

TEST(FakeFlash, AfterAPowerCutNothingChanges) {
    flash.cut_power_after(1);
    CHECK_STATUS(Status::kOk, flash.program(0, hal::ConstByteSpan(data)));
    CHECK_STATUS(Status::kFlashError, flash.program(8, hal::ConstByteSpan(data)));
    CHECK_STATUS(Status::kFlashError, flash.erase(0));
    CHECK_TRUE(all_bytes_are(at(8, 4), 0xFF));
    MEMCMP_EQUAL(data, at(0, 4).data(), 4);
    flash.restore_power();
    CHECK_STATUS(Status::kOk, flash.program(8, hal::ConstByteSpan(data)));
}

TEST(FakeFlash, ATornProgramLandsOnlyItsFirstBytes) {
    flash.cut_power_during(1, FakeFlash::Tear{2, true, false});
    CHECK_STATUS(Status::kFlashError, flash.program(0, hal::ConstByteSpan(data)));
    BYTES_EQUAL(0x12, at(0, 1)[0]);
    BYTES_EQUAL(0x34, at(1, 1)[0]);
    BYTES_EQUAL(0xF6, at(2, 1)[0]);  // half programmed: only the low nibble of 0x56
    BYTES_EQUAL(0xFF, at(3, 1)[0]);
}

TEST(FakeFlash, ATornEraseLeavesOldBytesOrGarbage) {
    CHECK_STATUS(Status::kOk, flash.program(0, hal::ConstByteSpan(data)));
    CHECK_STATUS(Status::kOk, flash.program(100, hal::ConstByteSpan(data)));
    flash.cut_power_during(3, FakeFlash::Tear{50, false, false});
    CHECK_STATUS(Status::kFlashError, flash.erase(0));
    CHECK_TRUE(all_bytes_are(at(0, 50), 0xFF));
    MEMCMP_EQUAL(data, at(100, 4).data(), 4);

    flash.restore_power();
    flash.cut_power_during(4, FakeFlash::Tear{0, false, true});
    CHECK_STATUS(Status::kFlashError, flash.erase(0));
    CHECK_FALSE(all_bytes_are(at(0, 256), 0xFF));
}

TEST(FakeFlash, InjectsAFailureAtOneOperation) {
    flash.fail_operation(2);
    CHECK_STATUS(Status::kOk, flash.program(0, hal::ConstByteSpan(data)));
    CHECK_STATUS(Status::kFlashError, flash.program(8, hal::ConstByteSpan(data)));
    CHECK_TRUE(all_bytes_are(at(8, 4), 0xFF));
    CHECK_STATUS(Status::kOk, flash.program(16, hal::ConstByteSpan(data)));
}

TEST(FakeFlash, AWeakProgramReportsSuccessButLeavesABitSet) {
    flash.weaken_program(1);
    CHECK_STATUS(Status::kOk, flash.program(0, hal::ConstByteSpan(data)));
    CHECK_TRUE(at(0, 1)[0] != 0x12);
    MEMCMP_EQUAL(data + 1, at(1, 3).data(), 3);
}

TEST(FakeFlash, ADeadPartFailsEverythingFromThenOn) {
    flash.fail_from(2);
    CHECK_STATUS(Status::kOk, flash.erase(0));
    CHECK_STATUS(Status::kFlashError, flash.erase(1));
    CHECK_STATUS(Status::kFlashError, flash.program(0, hal::ConstByteSpan(data)));
}

TEST(FakeFlash, RefusesAGeometryItCannotHold) {
    FakeFlash huge({4096, 1000, 1});
    CHECK_FALSE(huge.valid());
    uint8_t byte = 0;
    CHECK_STATUS(Status::kInvalidArgument, huge.read(0, hal::ByteSpan(&byte, 1)));
}

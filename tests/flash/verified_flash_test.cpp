// firmware::flash: blank checks and CRCs over flash ranges (in chunks, across chunk
// boundaries), program-then-verify (a refused program keeps its Status, a weak one is
// caught by the read-back), erase with a blank check, erase only when not blank, and the
// CRC slot. A read fault anywhere comes back as an error.
#include "firmware/flash/verified_flash.h"

#include <cstdint>
#include <cstring>

#include "hal/crc32.h"
#include "tests/support/fake_flash.h"
#include "tests/support/read_fault_flash.h"

#include <CppUTest/TestHarness.h>

namespace {

using firmware::flash::kErasedByte;
using firmware::flash::kReadChunkBytes;
using hal::Status;
using test::FakeFlash;

constexpr hal::FlashGeometry kGeometry{256, 4, 1};
constexpr uint32_t kSize = 3 * kReadChunkBytes + 5;  // several chunks and a partial one

// A part whose erase reports kOk and changes nothing: only the blank check notices.
class StuckEraseFlash final : public hal::Flash {
  public:
    explicit StuckEraseFlash(hal::Flash& inner) : inner_(inner) {}
    hal::FlashGeometry geometry() const override { return inner_.geometry(); }
    Status erase(uint32_t) override { return Status::kOk; }
    Status program(uint32_t address, hal::ConstByteSpan data) override {
        return inner_.program(address, data);
    }
    Status read(uint32_t address, hal::ByteSpan out) override { return inner_.read(address, out); }

  private:
    hal::Flash& inner_;
};

void fill(uint8_t* bytes, size_t size, uint8_t seed) {
    for (size_t i = 0; i < size; ++i)
        bytes[i] = static_cast<uint8_t>(seed + 31 * i);
}

}  // namespace

TEST_GROUP(VerifiedFlash) {
    FakeFlash flash{kGeometry};
    uint8_t data[kSize];
    void setup() override {
        fill(data, sizeof data, 0x11);
    }
};

TEST(VerifiedFlash, AllErasedLooksAtEveryByte) {
    uint8_t bytes[40];
    std::memset(bytes, kErasedByte, sizeof bytes);
    CHECK_TRUE(firmware::flash::all_erased(hal::ConstByteSpan(bytes)));
    CHECK_TRUE(firmware::flash::all_erased(hal::ConstByteSpan()));
    for (size_t i = 0; i < sizeof bytes; ++i) {
        bytes[i] = 0xFE;
        CHECK_FALSE(firmware::flash::all_erased(hal::ConstByteSpan(bytes)));
        bytes[i] = kErasedByte;
    }
}

TEST(VerifiedFlash, IsErasedFindsOneProgrammedByteAnywhereInTheRange) {
    CHECK_TRUE(firmware::flash::is_erased(flash, 10, kSize).value());
    const uint8_t zero[1] = {0x7F};
    CHECK_EQUAL(Status::kOk, flash.program(10 + kSize - 1, hal::ConstByteSpan(zero)));
    CHECK_FALSE(firmware::flash::is_erased(flash, 10, kSize).value());
    CHECK_TRUE(firmware::flash::is_erased(flash, 10, kSize - 1).value());
    CHECK_TRUE(firmware::flash::is_erased(flash, 10 + kSize, 0).value());
}

TEST(VerifiedFlash, CrcOfRangeIsTheCrcOfItsBytesAndContinues) {
    CHECK_EQUAL(Status::kOk, flash.program(20, hal::ConstByteSpan(data)));
    const uint32_t whole = hal::crc32(hal::ConstByteSpan(data));
    const hal::Result<uint32_t> crc = firmware::flash::crc_of_range(flash, 20, kSize, 0);
    CHECK_EQUAL(Status::kOk, crc.status());
    UNSIGNED_LONGS_EQUAL(whole, crc.value());
    const uint32_t head = firmware::flash::crc_of_range(flash, 20, 7, 0).value();
    UNSIGNED_LONGS_EQUAL(whole, firmware::flash::crc_of_range(flash, 27, kSize - 7, head).value());
}

TEST(VerifiedFlash, ProgramVerifiedLandsTheBytes) {
    CHECK_EQUAL(Status::kOk, firmware::flash::program_verified(flash, 0, hal::ConstByteSpan(data)));
    MEMCMP_EQUAL(data, flash.image().data(), kSize);
}

TEST(VerifiedFlash, ProgramVerifiedKeepsTheStatusOfARefusedProgram) {
    CHECK_EQUAL(Status::kOk, firmware::flash::program_verified(flash, 0, hal::ConstByteSpan(data)));
    uint8_t other[kSize];
    fill(other, sizeof other, 0x80);
    CHECK_EQUAL(Status::kFlashNotErased,
                firmware::flash::program_verified(flash, 0, hal::ConstByteSpan(other)));
    flash.fail_operation(flash.operations() + 1, Status::kFlashError);
    CHECK_EQUAL(Status::kFlashError,
                firmware::flash::program_verified(flash, 128, hal::ConstByteSpan(data)));
}

TEST(VerifiedFlash, ProgramVerifiedCatchesAWeakProgramByReadingBack) {
    flash.weaken_program(flash.operations() + 1);
    CHECK_EQUAL(Status::kFlashError,
                firmware::flash::program_verified(flash, 0, hal::ConstByteSpan(data)));
}

TEST(VerifiedFlash, EraseVerifiedErasesAndChecksTheSectorIsBlank) {
    CHECK_EQUAL(Status::kOk, flash.program(256, hal::ConstByteSpan(data)));
    CHECK_EQUAL(Status::kOk, firmware::flash::erase_verified(flash, 1));
    CHECK_TRUE(firmware::flash::is_erased(flash, 256, 256).value());
    CHECK_EQUAL(Status::kOk, flash.program(256, hal::ConstByteSpan(data)));
    StuckEraseFlash stuck(flash);
    CHECK_EQUAL(Status::kFlashError, firmware::flash::erase_verified(stuck, 1));
    CHECK_EQUAL(Status::kFlashError, firmware::flash::erase_unless_blank(stuck, 1));
}

TEST(VerifiedFlash, EraseUnlessBlankLeavesABlankSectorAlone) {
    CHECK_EQUAL(Status::kOk, firmware::flash::erase_unless_blank(flash, 2));
    UNSIGNED_LONGS_EQUAL(0, flash.operations());
    CHECK_EQUAL(Status::kOk, flash.program(2 * 256 + 255, hal::ConstByteSpan(data, 1)));
    CHECK_EQUAL(Status::kOk, firmware::flash::erase_unless_blank(flash, 2));
    UNSIGNED_LONGS_EQUAL(1, flash.erase_count(2));
    CHECK_TRUE(firmware::flash::is_erased(flash, 2 * 256, 256).value());
}

TEST(VerifiedFlash, EveryReadFaultIsAnError) {
    CHECK_EQUAL(Status::kOk, flash.program(0, hal::ConstByteSpan(data)));
    CHECK_EQUAL(Status::kOk, flash.program(256, hal::ConstByteSpan(data)));
    test::ReadFaultFlash counting(flash);
    CHECK_FALSE(firmware::flash::is_erased(counting, 256, 256).value());
    const uint32_t reads = counting.reads;
    CHECK(reads >= 1);
    for (uint32_t n = 1; n <= kSize / kReadChunkBytes + 1; ++n) {
        test::ReadFaultFlash faulty(flash, n);
        CHECK_EQUAL(Status::kFlashError,
                    firmware::flash::crc_of_range(faulty, 0, kSize, 0).status());
        test::ReadFaultFlash faulty_erase(flash, n);
        CHECK_EQUAL(Status::kFlashError, firmware::flash::erase_unless_blank(faulty_erase, 1));
    }
    test::ReadFaultFlash faulty_program(flash, 2);
    CHECK_EQUAL(Status::kFlashError,
                firmware::flash::program_verified(faulty_program, 512, hal::ConstByteSpan(data)));
}

TEST(VerifiedFlash, ACrcSlotHoldsTheCrcThenErasedBytes) {
    uint8_t slot[8];
    firmware::flash::encode_crc_slot(0x12345678u, hal::ByteSpan(slot));
    const uint8_t want[8] = {0x78, 0x56, 0x34, 0x12, 0xFF, 0xFF, 0xFF, 0xFF};
    MEMCMP_EQUAL(want, slot, sizeof want);
    UNSIGNED_LONGS_EQUAL(0x12345678u, firmware::flash::decode_crc(slot));
}

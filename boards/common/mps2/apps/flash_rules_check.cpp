#include "boards/common/mps2/apps/flash_rules_check.h"

namespace boards::mps2_an386 {
namespace {

constexpr uint8_t kErased = 0xFF;
constexpr uint8_t kFirst = 0x0F;   // clears the high nibble
constexpr uint8_t kSecond = 0x05;  // clears two more bits: allowed
constexpr uint8_t kBack = 0x1F;    // would set a cleared bit again: refused

hal::Status expect_byte(hal::Flash& flash, uint32_t address, uint8_t expected) {
    uint8_t value = 0;
    HAL_TRY(flash.read(address, hal::ByteSpan(&value, 1)));
    return value == expected ? hal::Status::kOk : hal::Status::kFlashError;
}

hal::Status program_byte(hal::Flash& flash, uint32_t address, uint8_t value) {
    return flash.program(address, hal::ConstByteSpan(&value, 1));
}

}  // namespace

hal::Status check_flash_rules(hal::Flash& flash, uint32_t sector) {
    const uint32_t address = sector * flash.geometry().sector_size;
    HAL_TRY(flash.erase(sector));
    HAL_TRY(expect_byte(flash, address, kErased));
    HAL_TRY(program_byte(flash, address, kFirst));
    HAL_TRY(expect_byte(flash, address, kFirst));
    if (program_byte(flash, address, kBack) != hal::Status::kFlashNotErased) {
        return hal::Status::kFlashError;
    }
    HAL_TRY(expect_byte(flash, address, kFirst));
    HAL_TRY(program_byte(flash, address, kSecond));
    HAL_TRY(expect_byte(flash, address, kSecond));
    HAL_TRY(flash.erase(sector));
    return expect_byte(flash, address, kErased);
}

}  // namespace boards::mps2_an386

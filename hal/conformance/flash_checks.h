// Flash conformance (hal/flash.h): a sane geometry; erase sets its sector (only) to
// 0xFF; program lands exactly its bytes and can only clear bits; a request that would
// need a 0 bit to become 1 is refused with kFlashNotErased and changes nothing; program
// alignment to program_unit and the device's bounds are enforced (kInvalidArgument);
// reads need no alignment; what program returned kOk for survives a reboot; a power cut
// tears a program only between the old and the new bits and an erase only in its
// sector, and the device works again afterwards.
//
// The checks erase and program only the scratch sectors the fixture names (at least two,
// adjacent); whatever they held is lost.
#pragma once

#include <cstddef>
#include <cstdint>

#include "hal/conformance/conformance.h"
#include "hal/flash.h"

namespace hal::conformance {

class FlashFixture {
  public:
    virtual hal::Flash& flash() = 0;

    // The sectors the checks may use: [first_scratch_sector, + scratch_sector_count).
    virtual uint32_t first_scratch_sector() const = 0;
    virtual uint32_t scratch_sector_count() const = 0;

    // False on parts that allow one program per program unit between erases (some MCU
    // flash with ECC): the check that programs a unit twice is skipped. The NOR rule of
    // hal/flash.h allows clearing more bits of a programmed unit.
    virtual bool allows_reprogramming() const { return true; }

    // Power off and on again, the device reopened (a host file closed and reopened, a
    // fake's power restored, a board's flash driver re-initialised). False when the
    // fixture cannot: the persistence and power-cut checks are skipped.
    virtual bool reboot() { return false; }

    // Power fails during the next program: its first `landed_bytes` bytes land and, with
    // `partial_byte`, the byte after them only in part. The call reports an error; reboot()
    // then powers the device up again. False when the fixture cannot (real hardware,
    // usually): the check is skipped.
    virtual bool cut_power_during_next_program(uint32_t landed_bytes, bool partial_byte) {
        (void)landed_bytes;
        (void)partial_byte;
        return false;
    }

    // Power fails during the next erase, leaving the sector holding arbitrary bytes.
    virtual bool cut_power_during_next_erase() { return false; }

  protected:
    ~FlashFixture() = default;
};

Summary run_flash_checks(FlashFixture& fixture, Reporter& reporter, const char* only = nullptr);
size_t flash_check_count();

}  // namespace hal::conformance

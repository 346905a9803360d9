// SemihostFlash: hal::Flash kept in a file on the host through semihosting, so that a
// reboot of the emulated board (a new QEMU run) finds its token and outbox again. The
// geometry matches the host board (boards/host/host_device.h): 4 KB sectors, 4 for the
// settings store and 16 for the outbox. NOR rules are enforced by reading before
// writing: erase sets 0xFF, program refuses (kFlashNotErased, nothing written) a byte
// that would need a 0 bit to become 1. Power cuts are not simulated here (the fake flash
// of the tests does that). A new or short file is filled with 0xFF (erased).
#pragma once

#include <cstdint>

#include "boards/common/mps2/semihosting.h"
#include "hal/flash.h"
#include "hal/span.h"
#include "hal/status.h"

namespace boards::mps2_an386 {

class SemihostFlash final : public hal::Flash {
  public:
    static constexpr uint32_t kSectorSize = 4096;
    static constexpr uint32_t kSettingsSectors = 4;
    static constexpr uint32_t kOutboxSectors = 16;
    static constexpr hal::FlashGeometry kGeometry{kSectorSize, kSettingsSectors + kOutboxSectors,
                                                  1};

    SemihostFlash() = default;
    SemihostFlash(const SemihostFlash&) = delete;
    SemihostFlash& operator=(const SemihostFlash&) = delete;

    // Opens (or creates) the host file `path`, NUL-terminated, relative to QEMU's working
    // directory. Errors: kFlashError (the host refused), kFailedPrecondition (twice).
    hal::Status open(const char* path);

    hal::FlashGeometry geometry() const override { return kGeometry; }
    hal::Status erase(uint32_t sector) override;
    hal::Status program(uint32_t address, hal::ConstByteSpan data) override;
    hal::Status read(uint32_t address, hal::ByteSpan out) override;

  private:
    // Bytes moved per semihosting call: a stack buffer, not a RAM copy of the device.
    static constexpr uint32_t kChunkSize = 256;

    hal::Status fill_erased(uint32_t address, uint32_t size);
    hal::Status check_programmable(uint32_t address, hal::ConstByteSpan data);

    semihost::Handle file_ = semihost::kInvalidHandle;
};

}  // namespace boards::mps2_an386

// ReadFaultFlash: a hal::Flash over another that fails its n-th read (1-based) with
// kFlashError and counts reads, programs and erases. For sweeping a read fault over every
// read a mount or a walk makes: the fault must come back as an error, never as a wrong
// value or a write.
#pragma once

#include <cstdint>

#include "hal/flash.h"

namespace test {

class ReadFaultFlash final : public hal::Flash {
  public:
    static constexpr uint32_t kNever = UINT32_MAX;

    explicit ReadFaultFlash(hal::Flash& inner, uint32_t fail_read = kNever)
        : inner_(inner), fail_read_(fail_read) {}

    hal::FlashGeometry geometry() const override { return inner_.geometry(); }
    hal::Status erase(uint32_t sector) override {
        ++writes;
        return inner_.erase(sector);
    }
    hal::Status program(uint32_t address, hal::ConstByteSpan data) override {
        ++writes;
        return inner_.program(address, data);
    }
    hal::Status read(uint32_t address, hal::ByteSpan out) override {
        if (++reads == fail_read_) return hal::Status::kFlashError;
        return inner_.read(address, out);
    }

    uint32_t reads = 0;
    uint32_t writes = 0;

  private:
    hal::Flash& inner_;
    uint32_t fail_read_;
};

}  // namespace test

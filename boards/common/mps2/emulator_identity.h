// EmulatorIdentity: hal::DeviceIdentity of the emulated board. QEMU has neither a unique
// id nor secure storage, so the hardware id is a fixed string and the device key is
// SHA-256 of a build-time secret (PARLEY_BOARD_DEVICE_SECRET) and that id: every image
// built with the same secret is the "same device". A REAL BOARD reads its MCU unique id
// (e.g. the 96-bit UID) and keeps the device key in OTP, eFuses or a secure element, never
// in the image. No call allocates.
#pragma once

#include "hal/device_identity.h"
#include "hal/span.h"
#include "hal/status.h"

namespace boards::mps2_an386 {

class EmulatorIdentity final : public hal::DeviceIdentity {
  public:
    hal::ConstByteSpan hardware_id() override;
    hal::Status device_key(hal::ByteSpan out) override;
};

}  // namespace boards::mps2_an386

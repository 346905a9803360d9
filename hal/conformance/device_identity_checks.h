// DeviceIdentity conformance (hal/device_identity.h): a hardware id that is not empty and
// stays the same (the view stays valid); a device key of exactly kDeviceKeySize bytes,
// the same on every call, refused into a shorter buffer (kBufferTooSmall), never written
// past its 32 bytes, and not blank (an unprogrammed OTP or eFuse reads all 0x00 or 0xFF);
// both the same after a reboot.
#pragma once

#include <cstddef>

#include "hal/conformance/conformance.h"
#include "hal/device_identity.h"

namespace hal::conformance {

class DeviceIdentityFixture {
  public:
    virtual hal::DeviceIdentity& identity() = 0;

    // Builds the identity again from where it is kept (reloads the file, re-reads the
    // OTP), as a reboot would; identity() then returns the new object. False when the
    // fixture cannot, and the check that needs it is skipped.
    virtual bool reload() { return false; }

  protected:
    ~DeviceIdentityFixture() = default;
};

Summary run_device_identity_checks(DeviceIdentityFixture& fixture, Reporter& reporter,
                                   const char* only = nullptr);
size_t device_identity_check_count();

}  // namespace hal::conformance

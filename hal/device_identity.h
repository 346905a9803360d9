// DeviceIdentity: what makes this device itself. A stable hardware id (e.g. the MCU's
// unique id) and a device-unique secret key from which the stores derive the key that
// encrypts secrets at rest, so that a flash image copied to another device is useless.
#pragma once

#include <cstddef>

#include "hal/span.h"
#include "hal/status.h"

namespace hal {

constexpr size_t kDeviceKeySize = 32;

class DeviceIdentity {
  public:
    // A stable id, unique per device; a view valid for the object's lifetime.
    virtual ConstByteSpan hardware_id() = 0;

    // Copies the kDeviceKeySize-byte device key into `out` (out.size() must be at least
    // that: kBufferTooSmall otherwise). The caller wipes its copy after use.
    virtual Status device_key(ByteSpan out) = 0;

  protected:
    ~DeviceIdentity() = default;
};

}  // namespace hal

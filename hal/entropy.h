// Entropy: unpredictable bytes from the device (TRNG, OS). Seeds the TLS random
// generator and makes device ids and backoff jitter. Tests inject deterministic sources.
// A board without a hardware source must say so loudly (see boards/*/README).
#pragma once

#include "hal/span.h"
#include "hal/status.h"

namespace hal {

class Entropy {
  public:
    // Fills `out` completely or fails (kUnavailable when the source is not ready).
    virtual Status fill(ByteSpan out) = 0;

  protected:
    ~Entropy() = default;
};

}  // namespace hal

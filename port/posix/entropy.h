// GetrandomEntropy: hal::Entropy from the kernel's CSPRNG through getrandom(2).
// Never blocks: before the kernel pool is initialised (very early boot) fill() reports
// kUnavailable, as the contract asks of a source that is not ready yet.
#pragma once

#include "hal/entropy.h"
#include "hal/span.h"
#include "hal/status.h"

namespace port::posix {

class GetrandomEntropy final : public hal::Entropy {
  public:
    hal::Status fill(hal::ByteSpan out) override;
};

}  // namespace port::posix

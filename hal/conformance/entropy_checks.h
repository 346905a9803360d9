// Entropy conformance (hal/entropy.h): fill() fills the whole buffer and nothing beyond
// it, for any size and alignment; the bytes are not constant and no bit is stuck; a
// source that is not ready says so (kUnavailable) instead of handing out weak bytes.
#pragma once

#include <cstddef>

#include "hal/conformance/conformance.h"
#include "hal/entropy.h"

namespace hal::conformance {

class EntropyFixture {
  public:
    virtual hal::Entropy& entropy() = 0;

    // Makes the source "not ready" (a fake's broken switch, a TRNG held in reset); false
    // when the fixture cannot, and the check that needs it is skipped.
    virtual bool make_unavailable() { return false; }
    // Undoes make_unavailable().
    virtual void make_available() {}

  protected:
    ~EntropyFixture() = default;
};

Summary run_entropy_checks(EntropyFixture& fixture, Reporter& reporter, const char* only = nullptr);
size_t entropy_check_count();

}  // namespace hal::conformance

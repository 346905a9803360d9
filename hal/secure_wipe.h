// secure_wipe: overwrite memory that held a secret (a client secret, a token, a key) with
// zeros in a way the compiler may not drop, even when the memory is never read again
// (a buffer about to go out of scope, an object in its destructor). The one wipe for
// secrets in device code. Standard C++ only: no heap, no library call.
#pragma once

#include <cstddef>

namespace hal {

// Sets `size` bytes at `data` to 0. `data` may be null when `size` is 0.
void secure_wipe(void* data, size_t size);

}  // namespace hal

#include "hal/secure_wipe.h"

namespace hal {

void secure_wipe(void* data, size_t size) {
    // Writes through a volatile pointer are observable behaviour: none may be elided.
    volatile unsigned char* bytes = static_cast<volatile unsigned char*>(data);
    for (size_t i = 0; i < size; ++i)
        bytes[i] = 0;
#if defined(__GNUC__) || defined(__clang__)
    // And the memory counts as used afterwards, so no store before it is dead either.
    __asm__ __volatile__("" : : "r"(data) : "memory");
#endif
}

}  // namespace hal

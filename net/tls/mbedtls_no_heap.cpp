// mbedTLS's allocator before net::tls::platform_init installs the static arena
// (MBEDTLS_PLATFORM_STD_CALLOC/FREE in mbedtls_config.h): it refuses, so no path can fall
// back to the C heap. Built into the mbedTLS library itself (cmake/deps.cmake), so every
// user of mbedTLS links without needing the TLS module.
#include <cstddef>

extern "C" void* parley_mbedtls_no_calloc(size_t /*count*/, size_t /*size*/) {
    return nullptr;
}

extern "C" void parley_mbedtls_no_free(void* /*pointer*/) {}

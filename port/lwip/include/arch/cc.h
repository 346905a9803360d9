// Compiler and platform glue for lwIP: fixed-width types come from <stdint.h>,
// assertions and diagnostics go to the port's hooks (no printf dependency).
#pragma once

#include <stdint.h>
#include <stdlib.h>

#define LWIP_NO_INTTYPES_H 0
#define LWIP_TIMEVAL_PRIVATE 0
#ifndef BYTE_ORDER
#define BYTE_ORDER LITTLE_ENDIAN
#endif

#ifdef __cplusplus
extern "C" {
#endif
void lwip_port_assert(const char* message, const char* file, int line);
#ifdef __cplusplus
}
#endif

#define LWIP_PLATFORM_DIAG(x) \
    do {                      \
    } while (0)
#define LWIP_PLATFORM_ASSERT(x) lwip_port_assert((x), __FILE__, __LINE__)

// Compiler and C library glue for lwIP, for both targets: the host (x86-64, glibc) and
// the board (arm-none-eabi, newlib). Fixed-width types come from <stdint.h>; assertions go
// to the port's hook (HAL log, then abort); lwIP prints nothing itself.
#pragma once

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

// <inttypes.h> exists on both C libraries and gives lwIP its printf formats.
#define LWIP_NO_INTTYPES_H 0

// lwIP's own struct timeval (sockets API only) would collide with <sys/time.h>, which
// newlib and glibc both provide and other headers pull in.
#define LWIP_TIMEVAL_PRIVATE 0
// lwIP's own character tests (lwip/arch.h) instead of <ctype.h>: the DNS name compare is
// the only user, and newlib's ctype table is 257 B of flash.
#define LWIP_NO_CTYPE_H 1

// Both targets are little-endian; the C library may already say so (lwIP's arch.h
// defines LITTLE_ENDIAN when it does not).
#ifndef BYTE_ORDER
#define BYTE_ORDER LITTLE_ENDIAN
#endif
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
#error "arch/cc.h assumes a little-endian target"
#endif

// One instruction each (REV16 / REV on the M4) instead of lwIP's portable C versions.
#define lwip_htons(x) ((u16_t)__builtin_bswap16((u16_t)(x)))
#define lwip_htonl(x) ((u32_t)__builtin_bswap32((u32_t)(x)))

#ifdef __cplusplus
extern "C" {
#endif
// Logs "lwip assert: <message> (<file>:<line>)" through the HAL log, then aborts
// (port/lwip/lwip_stack.cpp). Only reached in debug builds: NDEBUG sets LWIP_NOASSERT.
void lwip_port_assert(const char* message, const char* file, int line) __attribute__((noreturn));
#ifdef __cplusplus
}
#endif

#define LWIP_PLATFORM_DIAG(x) \
    do {                      \
    } while (0)
#define LWIP_PLATFORM_ASSERT(x) lwip_port_assert((x), __FILE__, __LINE__)

// Compile-time capacities of the settings store (firmware/settings). Every value is an
// #ifndef default that a board may override with -D; the store's own sizes live here,
// the sizes it shares with other modules in their homes (included below).
// SPEC.md explains how they bound the flash a store needs.
#pragma once

#include <cstddef>
#include <cstdint>

#include "net/oauth/oauth_config.h"    // client id, secret and access token lengths
#include "net/parley/parley_config.h"  // device id length

// Record keys the generic RecordStore can hold (ids 0 .. N-1). Settings uses them all.
#ifndef PARLEY_SETTINGS_MAX_KEYS
#define PARLEY_SETTINGS_MAX_KEYS 7
#endif

// Keys 0 .. LARGE_KEYS-1 hold values up to MAX_VALUE_SIZE; the keys after them up to
// SMALL_VALUE_SIZE (the registered user's string, sealed: 256 + 28). So a seventh key
// costs a sector 304 bytes, not 576, and 4 KiB sectors still hold every key at its
// largest with a 16-byte program unit (SPEC.md "Geometry and capacities").
#ifndef PARLEY_SETTINGS_LARGE_KEYS
#define PARLEY_SETTINGS_LARGE_KEYS 6
#endif
#ifndef PARLEY_SETTINGS_SMALL_VALUE_SIZE
#define PARLEY_SETTINGS_SMALL_VALUE_SIZE 288
#endif

// Largest value one record carries, in bytes: a sealed token of the longest length the
// OAuth client accepts (16 + 512 + 28). With 6 keys of this size and one small one, a
// 4 KiB sector holds every key at its largest (SPEC.md "Geometry and capacities").
#ifndef PARLEY_SETTINGS_MAX_VALUE_SIZE
#define PARLEY_SETTINGS_MAX_VALUE_SIZE 560
#endif

// Largest flash program unit the record layout supports (a power of two).
#ifndef PARLEY_SETTINGS_MAX_PROGRAM_UNIT
#define PARLEY_SETTINGS_MAX_PROGRAM_UNIT 16
#endif

namespace firmware::settings {

constexpr size_t kMaxKeys = PARLEY_SETTINGS_MAX_KEYS;
constexpr size_t kMaxValueSize = PARLEY_SETTINGS_MAX_VALUE_SIZE;
constexpr size_t kLargeKeys = PARLEY_SETTINGS_LARGE_KEYS;
constexpr size_t kSmallValueSize = PARLEY_SETTINGS_SMALL_VALUE_SIZE;
constexpr uint32_t kMaxProgramUnit = PARLEY_SETTINGS_MAX_PROGRAM_UNIT;
// Sizes the store shares with the modules that send what it keeps: defined there, once.
constexpr size_t kClientIdMaxSize = net::oauth::kMaxClientIdLength;
constexpr size_t kClientSecretMaxSize = net::oauth::kMaxClientSecretLength;
constexpr size_t kAccessTokenMaxSize = net::oauth::kMaxTokenLength;
constexpr size_t kDeviceIdMaxSize = net::parley::kMaxDeviceIdLength;  // text; UUIDs are 36
constexpr size_t kUserAuthMaxSize = net::parley::kMaxAuthStringLength;

// The on-flash format stores keys in one byte and lengths in two.
static_assert(kMaxKeys >= 1 && kMaxKeys <= 255, "key ids are one byte");
static_assert(kMaxValueSize <= 0xFFFF, "value lengths are two bytes");
static_assert(kLargeKeys <= kMaxKeys && kSmallValueSize <= kMaxValueSize,
              "the small keys are the last ones, their values no larger than the others");
static_assert(kMaxProgramUnit >= 1 && kMaxProgramUnit <= 128 &&
                  (kMaxProgramUnit & (kMaxProgramUnit - 1)) == 0,
              "program unit: a power of two that fits the sector header byte");

}  // namespace firmware::settings

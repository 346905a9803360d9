// Compile-time capacities of the outbox (firmware/outbox). Every value is an #ifndef
// default that a board may override with -D (docs/porting.md §4, "config overrides"); SPEC.md
// explains how they bound the flash an outbox needs (a partition must hold one entry of the largest
// size, plus a sector).
#pragma once

#include <cstddef>
#include <cstdint>

#include "net/parley/parley_config.h"  // what a received message holds

// Largest message text accepted, in bytes of UTF-8. The service's composer limit is 5000
// characters; 6000 bytes hold 5000 characters of mostly ASCII/Latin text with room for
// accents. A board for scripts of two or more bytes per character raises it (10000
// matches net/parley's PARLEY_PARLEY_MAX_TEXT_BYTES). Longer texts are refused (kTooLarge).
#ifndef PARLEY_OUTBOX_MAX_TEXT_BYTES
#define PARLEY_OUTBOX_MAX_TEXT_BYTES 6000
#endif

// An already uploaded media file sent as a message: its id ("2024/01/15/x.jpg") and
// description, in bytes.
#ifndef PARLEY_OUTBOX_MAX_MEDIA_ID_BYTES
#define PARLEY_OUTBOX_MAX_MEDIA_ID_BYTES 64
#endif
#ifndef PARLEY_OUTBOX_MAX_DESCRIPTION_BYTES
#define PARLEY_OUTBOX_MAX_DESCRIPTION_BYTES 256
#endif

// Largest flash program unit the format supports (a power of two).
#ifndef PARLEY_OUTBOX_MAX_PROGRAM_UNIT
#define PARLEY_OUTBOX_MAX_PROGRAM_UNIT 16
#endif

// Bytes of an entry staged and programmed per flash call (a multiple of the largest
// program unit): the outbox's only buffer, inside the Outbox object.
#ifndef PARLEY_OUTBOX_PROGRAM_CHUNK_BYTES
#define PARLEY_OUTBOX_PROGRAM_CHUNK_BYTES 64
#endif

// How far the device's wall clock may run ahead of the service's when reconciling: a
// message stored by the service more than this many seconds before the entry was accepted
// cannot be that entry (reconciliation.h).
#ifndef PARLEY_OUTBOX_MATCH_SKEW_SECONDS
#define PARLEY_OUTBOX_MATCH_SKEW_SECONDS 300
#endif

namespace firmware::outbox {

constexpr size_t kMaxTextBytes = PARLEY_OUTBOX_MAX_TEXT_BYTES;
constexpr size_t kMaxMediaIdBytes = PARLEY_OUTBOX_MAX_MEDIA_ID_BYTES;
constexpr size_t kMaxDescriptionBytes = PARLEY_OUTBOX_MAX_DESCRIPTION_BYTES;
constexpr uint32_t kMaxProgramUnit = PARLEY_OUTBOX_MAX_PROGRAM_UNIT;
constexpr uint32_t kProgramChunkBytes = PARLEY_OUTBOX_PROGRAM_CHUNK_BYTES;
constexpr int64_t kMatchSkewSeconds = PARLEY_OUTBOX_MATCH_SKEW_SECONDS;

// Everything an entry carries besides its fixed fields: media id, description, text.
constexpr size_t kMaxPayloadBytes = kMaxMediaIdBytes + kMaxDescriptionBytes + kMaxTextBytes;
// An entry's media id and description: the buffer an entry is read with when its text
// is read from flash in pieces (EntryText), as the messenger does.
constexpr size_t kMaxEntryFieldsBytes = kMaxMediaIdBytes + kMaxDescriptionBytes;

// The on-flash format keeps the media id length in one byte, the others in two.
static_assert(kMaxMediaIdBytes <= 0xFF, "media id lengths are one byte");
static_assert(kMaxDescriptionBytes <= 0xFFFF && kMaxTextBytes <= 0xFFFF,
              "description and text lengths are two bytes");
static_assert(kMaxProgramUnit >= 1 && kMaxProgramUnit <= 128 &&
                  (kMaxProgramUnit & (kMaxProgramUnit - 1)) == 0,
              "program unit: a power of two that fits the sector header byte");
static_assert(kProgramChunkBytes >= 16 && kProgramChunkBytes % kMaxProgramUnit == 0,
              "a program chunk is whole program units and holds a CRC or id slot");

// Reconciliation compares an entry with messages the API client decoded, byte for byte
// (reconciliation.h): an entry's media id must fit a decoded message's without being cut,
// or its stored copy would never match and it would be sent twice. (Texts stream whole:
// any length compares.)
static_assert(kMaxMediaIdBytes <= net::parley::kMaxIdTextLength,
              "an entry's media id fits a received message's media id");
static_assert(kMaxDescriptionBytes <= net::parley::kMaxDescriptionLength,
              "an entry's description fits what the API client sends");

}  // namespace firmware::outbox

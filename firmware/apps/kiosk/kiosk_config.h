// Compile-time sizes of the kiosk app (firmware/apps/kiosk). Every value is an #ifndef
// default a board may override with -D (docs/porting.md §4, "config overrides").
#pragma once

#include <cstddef>
#include <cstdint>

// The longest line the user can type; a longer one is refused with the limit, never cut.
#ifndef PARLEY_KIOSK_INPUT_BYTES
#define PARLEY_KIOSK_INPUT_BYTES 512
#endif

// A received text up to this many bytes is held until its message is complete and shown
// after the sender's name on one line; a longer one is shown as it arrives, the sender
// after it (messages stream: the kiosk never holds more than this).
#ifndef PARLEY_KIOSK_HELD_TEXT_BYTES
#define PARLEY_KIOSK_HELD_TEXT_BYTES 1024
#endif

// Messages received while the screen is idle, remembered to be marked read when it
// wakes (one status update's worth; more stay marked delivered).
#ifndef PARLEY_KIOSK_UNSHOWN_IDS
#define PARLEY_KIOSK_UNSHOWN_IDS 50
#endif

// Attachments of received messages waiting for the loop to download them. A fetch
// delivers one message per messenger step and the loop downloads one after each step, so
// one slot is in use at a time (two while a download waits for its retry); more arriving
// at once are shown "not saved" (kiosk.h, "Downloads").
#ifndef PARLEY_KIOSK_PENDING_DOWNLOADS
#define PARLEY_KIOSK_PENDING_DOWNLOADS 4
#endif

// The largest attachment downloaded (KioskConfig::download_limit_bytes's default): the
// service takes uploads up to 10 MiB (net::parley::kMaxMediaSize).
#ifndef PARLEY_KIOSK_DOWNLOAD_LIMIT_BYTES
#define PARLEY_KIOSK_DOWNLOAD_LIMIT_BYTES 10485760  // 10 MiB
#endif

namespace firmware::apps::kiosk {

constexpr size_t kKioskInputBytes = PARLEY_KIOSK_INPUT_BYTES;
constexpr size_t kKioskHeldTextBytes = PARLEY_KIOSK_HELD_TEXT_BYTES;
constexpr size_t kKioskUnshownIds = PARLEY_KIOSK_UNSHOWN_IDS;
constexpr size_t kKioskPendingDownloads = PARLEY_KIOSK_PENDING_DOWNLOADS;
constexpr uint64_t kKioskDownloadLimitBytes = PARLEY_KIOSK_DOWNLOAD_LIMIT_BYTES;
// A download that failed on the network is tried this many times in all.
constexpr uint8_t kKioskDownloadAttempts = 2;

}  // namespace firmware::apps::kiosk

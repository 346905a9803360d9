// Compile-time defaults of the messenger (firmware/messenger). Every value is an #ifndef
// default a board may override with -D (docs/porting.md §4, "config overrides"); the
// timings are MessengerConfig's defaults, which an app may also set at run time.
#pragma once

#include <cstddef>
#include <cstdint>

#include "hal/time.h"
#include "net/parley/parley_config.h"  // kMessagesPerPage

// One network operation, connect included.
#ifndef PARLEY_MESSENGER_OPERATION_TIMEOUT_MS
#define PARLEY_MESSENGER_OPERATION_TIMEOUT_MS 30000
#endif

// Pages read looking for an unanswered send (outbox SPEC.md "Reconciliation").
#ifndef PARLEY_MESSENGER_MAX_RECONCILE_PAGES
#define PARLEY_MESSENGER_MAX_RECONCILE_PAGES 8
#endif

// How long an entry whose send got no answer waits before it is looked for: the
// service's worst answer time (it may still store a request it took longer than our
// deadline to answer). A restart waits it again from boot: the device cannot tell how
// long it was off.
#ifndef PARLEY_MESSENGER_SEND_GRACE_MS
#define PARLEY_MESSENGER_SEND_GRACE_MS 120000
#endif

// Messages shown on a device's first start (at most one page).
#ifndef PARLEY_MESSENGER_HISTORY_MESSAGES
#define PARLEY_MESSENGER_HISTORY_MESSAGES 20
#endif

// 1: read receipts and the unread count (docs/protocol.md §6.8) are built in, and an app
// turns them on at run time (MessengerConfig). 0: left out, for an image that never sends
// them (the emulated boards' ticket images, boards/common/mps2/cmake/config.cmake): about
// 2 KB of flash, the client's status and unseen-count requests included.
#ifndef PARLEY_MESSENGER_RECEIPTS
#define PARLEY_MESSENGER_RECEIPTS 1
#endif

// 1: attachments can be downloaded (Messenger::download_media and download_image,
// docs/protocol.md §6.7). 0: left out, for an image whose app never downloads (the
// emulated boards' ticket images, boards/common/mps2/cmake/config.cmake): the calls
// answer kUnsupported and the client's legacy-path reader stays out of the image.
#ifndef PARLEY_MESSENGER_DOWNLOADS
#define PARLEY_MESSENGER_DOWNLOADS 1
#endif

namespace firmware::messenger {

constexpr hal::Millis kOperationTimeoutMs = PARLEY_MESSENGER_OPERATION_TIMEOUT_MS;
constexpr int kMaxReconcilePages = PARLEY_MESSENGER_MAX_RECONCILE_PAGES;
constexpr hal::Millis kSendGraceMs = PARLEY_MESSENGER_SEND_GRACE_MS;
constexpr uint8_t kHistoryMessages = PARLEY_MESSENGER_HISTORY_MESSAGES;
constexpr bool kReceiptsBuiltIn = PARLEY_MESSENGER_RECEIPTS != 0;
constexpr bool kDownloadsBuiltIn = PARLEY_MESSENGER_DOWNLOADS != 0;

static_assert(kHistoryMessages <= net::parley::kMessagesPerPage,
              "history comes from one page of messages");

}  // namespace firmware::messenger

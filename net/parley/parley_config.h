// Compile-time sizes and limits of the Parley API client (docs/protocol.md §6, §7, §10), each an
// #ifndef default a board may override with -D (docs/porting.md §4, "config overrides").
// Every fixed size in net/parley comes from here; the comment next to each says why it has
// the size it has. The prefix is PARLEY_<MODULE>_ as everywhere, so this module's is
// PARLEY_PARLEY_.
#pragma once

#include <cstddef>
#include <cstdint>

// --- Input limits (checked before anything is sent) -------------------------------------
#ifndef PARLEY_PARLEY_MAX_TEXT_LENGTH
#define PARLEY_PARLEY_MAX_TEXT_LENGTH 5000  // characters (code points): the official SDKs' limit
#endif
#ifndef PARLEY_PARLEY_MIN_DEVICE_ID_LENGTH
#define PARLEY_PARLEY_MIN_DEVICE_ID_LENGTH 10  // docs/protocol.md §3: "at least 10"
#endif
#ifndef PARLEY_PARLEY_MAX_DEVICE_ID_LENGTH
#define PARLEY_PARLEY_MAX_DEVICE_ID_LENGTH 64  // a UUID v4 is 36; room for vendor schemes
#endif
#ifndef PARLEY_PARLEY_MAX_MEDIA_SIZE
#define PARLEY_PARLEY_MAX_MEDIA_SIZE (uint64_t{10} * 1024 * 1024)  // "≤ 10 MB", read as MiB
#endif
#ifndef PARLEY_PARLEY_MAX_AUTH_STRING_LENGTH
// The registered user's string (KPN authString, Parley direct Authorization), bytes of
// visible ASCII and spaces. The record is silent on its length (docs/protocol.md §3);
// 256 holds a 512-bit digest in hex or a short signed token, and a request head with it
// still fits the 2 KB HTTP buffer (firmware/device/device.h).
#define PARLEY_PARLEY_MAX_AUTH_STRING_LENGTH 256
#endif
#ifndef PARLEY_PARLEY_MAX_FILENAME_LENGTH
#define PARLEY_PARLEY_MAX_FILENAME_LENGTH 128  // bytes; also bounds the multipart part head
#endif
#ifndef PARLEY_PARLEY_MAX_STATUS_IDS
#define PARLEY_PARLEY_MAX_STATUS_IDS 50  // one page of messages per status update
#endif

// --- Response decoding ----------------------------------------------------------------
#ifndef PARLEY_PARLEY_MAX_PART_JSON_SIZE
// The capture buffer: one small part of a response read whole, in place (net/json/
// json_raw.h) — the envelope's status and first notification, "paging", the page's
// "agent", and the "data" of the small endpoints (a sent message's id, an upload's media
// id, the unseen count with up to 50 ids, the account config). Message elements never
// pass through it: they stream (message_decoder.h). The largest realistic part, an
// unseen count listing 50 ids of 19 digits, is about 1.1 KB of JSON; 2 KB also holds the
// OAuth token answer (net::oauth::kMaxResponseSize), which borrows this buffer.
#define PARLEY_PARLEY_MAX_PART_JSON_SIZE 2048
#endif
#ifndef PARLEY_PARLEY_MAX_ERROR_STRING_LENGTH
#define PARLEY_PARLEY_MAX_ERROR_STRING_LENGTH 64  // documented codes are at most 29 characters
#endif

// --- Message model capacities (bytes, UTF-8; longer values are cut and flagged) -------
// The text has none: it streams to the handler in pieces, whatever its length.
#ifndef PARLEY_PARLEY_MAX_TITLE_LENGTH
#define PARLEY_PARLEY_MAX_TITLE_LENGTH 256
#endif
#ifndef PARLEY_PARLEY_MAX_URL_LENGTH
#define PARLEY_PARLEY_MAX_URL_LENGTH 256  // image paths, avatars, button payloads
#endif
#ifndef PARLEY_PARLEY_MAX_NAME_LENGTH
#define PARLEY_PARLEY_MAX_NAME_LENGTH 80  // agent names, button titles, quick replies
#endif
#ifndef PARLEY_PARLEY_MAX_ID_TEXT_LENGTH
#define PARLEY_PARLEY_MAX_ID_TEXT_LENGTH 128  // agent ids, media ids ("2024/01/15/x.jpg")
#endif
#ifndef PARLEY_PARLEY_MAX_MIME_TYPE_LENGTH
#define PARLEY_PARLEY_MAX_MIME_TYPE_LENGTH 64
#endif
#ifndef PARLEY_PARLEY_MAX_DESCRIPTION_LENGTH
#define PARLEY_PARLEY_MAX_DESCRIPTION_LENGTH 512  // media descriptions, sent and received
#endif
#ifndef PARLEY_PARLEY_MAX_BUTTONS
#define PARLEY_PARLEY_MAX_BUTTONS 8
#endif
#ifndef PARLEY_PARLEY_MAX_QUICK_REPLIES
#define PARLEY_PARLEY_MAX_QUICK_REPLIES 8
#endif
#ifndef PARLEY_PARLEY_MAX_CAROUSEL_ITEMS
// Carousel items kept (title, text; their buttons share the message's kMaxButtons). 0
// decodes none (they are still counted): a device whose app shows no carousel saves the
// items' RAM (4 × 348 B) and the code that reads them.
#define PARLEY_PARLEY_MAX_CAROUSEL_ITEMS 4
#endif
#ifndef PARLEY_PARLEY_MAX_UNSEEN_IDS
#define PARLEY_PARLEY_MAX_UNSEEN_IDS 50
#endif

// --- Request building -----------------------------------------------------------------
#ifndef PARLEY_PARLEY_MAX_REQUEST_BODY_SIZE
// Small JSON bodies: device subscription (push token, user information), media
// message, status update. Message texts never pass through it: they are streamed.
#define PARLEY_PARLEY_MAX_REQUEST_BODY_SIZE 2048
#endif
#ifndef PARLEY_PARLEY_MAX_PAGING_PATH_LENGTH
#define PARLEY_PARLEY_MAX_PAGING_PATH_LENGTH \
    64  // "/messages/before:<20 digits>" with room to spare
#endif
#ifndef PARLEY_PARLEY_MAX_PATH_LENGTH
#define PARLEY_PARLEY_MAX_PATH_LENGTH 512  // a media download path with percent-encoded parts
#endif

namespace net::parley {

// The service's page of messages (docs/protocol.md §8): a fact of the API, not a knob.
constexpr size_t kMessagesPerPage = 50;

constexpr size_t kMaxTextLength = PARLEY_PARLEY_MAX_TEXT_LENGTH;
constexpr size_t kMinDeviceIdLength = PARLEY_PARLEY_MIN_DEVICE_ID_LENGTH;
constexpr size_t kMaxDeviceIdLength = PARLEY_PARLEY_MAX_DEVICE_ID_LENGTH;
constexpr size_t kMaxAuthStringLength = PARLEY_PARLEY_MAX_AUTH_STRING_LENGTH;
constexpr uint64_t kMaxMediaSize = PARLEY_PARLEY_MAX_MEDIA_SIZE;
constexpr size_t kMaxFilenameLength = PARLEY_PARLEY_MAX_FILENAME_LENGTH;
constexpr size_t kMaxStatusIds = PARLEY_PARLEY_MAX_STATUS_IDS;

constexpr size_t kMaxPartJsonSize = PARLEY_PARLEY_MAX_PART_JSON_SIZE;
constexpr size_t kMaxErrorStringLength = PARLEY_PARLEY_MAX_ERROR_STRING_LENGTH;

constexpr size_t kMaxTitleLength = PARLEY_PARLEY_MAX_TITLE_LENGTH;
constexpr size_t kMaxUrlLength = PARLEY_PARLEY_MAX_URL_LENGTH;
constexpr size_t kMaxNameLength = PARLEY_PARLEY_MAX_NAME_LENGTH;
constexpr size_t kMaxIdTextLength = PARLEY_PARLEY_MAX_ID_TEXT_LENGTH;
constexpr size_t kMaxMimeTypeLength = PARLEY_PARLEY_MAX_MIME_TYPE_LENGTH;
constexpr size_t kMaxDescriptionLength = PARLEY_PARLEY_MAX_DESCRIPTION_LENGTH;
constexpr size_t kMaxButtons = PARLEY_PARLEY_MAX_BUTTONS;
constexpr size_t kMaxQuickReplies = PARLEY_PARLEY_MAX_QUICK_REPLIES;
constexpr size_t kMaxCarouselItems = PARLEY_PARLEY_MAX_CAROUSEL_ITEMS;
constexpr size_t kMaxUnseenIds = PARLEY_PARLEY_MAX_UNSEEN_IDS;

constexpr size_t kMaxRequestBodySize = PARLEY_PARLEY_MAX_REQUEST_BODY_SIZE;
constexpr size_t kMaxPagingPathLength = PARLEY_PARLEY_MAX_PAGING_PATH_LENGTH;
constexpr size_t kMaxPathLength = PARLEY_PARLEY_MAX_PATH_LENGTH;
static_assert(kMaxCarouselItems < UINT8_MAX, "a button names its carousel item in 8 bits");
static_assert(kMaxStatusIds <= kMessagesPerPage, "a status update marks at most one page");

}  // namespace net::parley

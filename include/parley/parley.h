/* parley.h: the C interface of the Parley embedded client (issue 14, docs/c-api.md).
 *
 * C99, no heap, no C++ types. The app (the "board") gives the client six things through
 * callbacks — a TCP socket, a clock, entropy, NOR flash, a log sink and a device identity
 * (parley_hal_t, the C mirror of the C++ hal:: interfaces: hal/socket.h, hal/clock.h,
 * hal/entropy.h, hal/flash.h, hal/log.h, hal/device_identity.h; their contracts apply
 * here word for word, docs/porting.md §1) — and one block of static storage
 * (parley_storage_t) that holds the whole device: settings store, outbox, TLS client and
 * its mbedTLS arena, HTTP client, token keeper, API client and messenger.
 *
 *     static parley_storage_t storage;
 *     parley_config_t config;
 *     parley_device_t* device;
 *     parley_config_init(&config);
 *     config.server_url = "https://api.example.com/communication/parley/secure-messenger";
 *     config.ca_bundle = ca_pem; config.ca_bundle_size = sizeof ca_pem;  (PEM with its NUL)
 *     config.callbacks.message = on_message;
 *     parley_create(&storage, sizeof storage, &hal, &config, &device);
 *     parley_provision(device, "client-id", "client-secret");      (once; kept in flash)
 *     parley_start(device);
 *     parley_send_text(device, "Coin acceptor jammed", &sequence);   (durable on PARLEY_OK)
 *     for (;;) { uint32_t due; parley_step(device, &due); sleep_until(due); }
 *
 * Every function returns a parley_error_t (or a value that cannot fail). Errors are the
 * project's one status vocabulary (hal/status.h); parley_error_string() gives each its
 * stable short name. Functions take NUL-terminated UTF-8 strings; the strings of the
 * configuration are kept by reference and must stay valid while the device exists
 * (string literals or statics). The CA bundle is parsed at create and not kept.
 *
 * One device per process (per firmware image): the log sink and mbedTLS's memory are
 * process-wide. mbedTLS keeps its arena (a part of the storage) for the life of the
 * process, so a device created again after parley_destroy must use the same storage.
 * Calls are not thread-safe: call everything from one thread (or task), callbacks come
 * from within parley_step and the send functions on that thread.
 */
#ifndef PARLEY_PARLEY_H
#define PARLEY_PARLEY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "parley/parley_version.h" /* PARLEY_VERSION_STRING (generated from CMake) */

#ifdef __cplusplus
extern "C" {
#endif

/* ---- errors ------------------------------------------------------------------------- */

/* The project's hal::Status, value for value (the C++ side static_asserts each). */
typedef enum parley_error {
    PARLEY_OK = 0,
    /* Caller errors: fix the call; retrying the same thing cannot help. */
    PARLEY_ERR_INVALID_ARGUMENT = 1,    /* malformed or out-of-range input, a NULL pointer,
                                           a required callback missing */
    PARLEY_ERR_BUFFER_TOO_SMALL = 2,    /* a caller's buffer (or the storage) is too small */
    PARLEY_ERR_UNSUPPORTED = 3,         /* not available (e.g. an http:// server URL) */
    PARLEY_ERR_FAILED_PRECONDITION = 4, /* wrong state: not started, started twice, a
                                           second device, another storage */
    /* Transport: may succeed later (the messenger retries on its own). */
    PARLEY_ERR_TIMEOUT = 5,          /* a deadline passed */
    PARLEY_ERR_CLOSED = 6,           /* the peer closed the connection (orderly) */
    PARLEY_ERR_NETWORK = 7,          /* connection refused or reset, no route */
    PARLEY_ERR_NAME_RESOLUTION = 8,  /* the host name did not resolve */
    PARLEY_ERR_RETRY_LATER = 9,      /* the service asked to come back later (5xx, 429) */
    PARLEY_ERR_OUTCOME_UNKNOWN = 10, /* a request was written and no answer came */
    /* Authentication and requests. */
    PARLEY_ERR_TOKEN_INVALID = 11,   /* the access token was refused (renewed once) */
    PARLEY_ERR_BAD_CREDENTIALS = 12, /* client id / secret refused or none provisioned:
                                        the link stops until parley_provision */
    PARLEY_ERR_BAD_REQUEST = 13,     /* the service refused the request as invalid */
    PARLEY_ERR_NOT_FOUND = 14,       /* the addressed object does not exist */
    PARLEY_ERR_SERVICE = 15,         /* the service answered with another error */
    /* Data. */
    PARLEY_ERR_CORRUPT = 16,          /* bytes failed validation; flash holds no readable
                                         store (see parley_config_t.erase_unreadable_flash) */
    PARLEY_ERR_TOO_LARGE = 17,        /* input over its named limit (nothing is cut) */
    PARLEY_ERR_NO_SPACE = 18,         /* the outbox is full */
    PARLEY_ERR_FLASH = 19,            /* the flash reported a failure */
    PARLEY_ERR_FLASH_NOT_ERASED = 20, /* program asked to turn a 0 bit into 1 */
    /* TLS: each rejection distinct; fail closed, the link stops. */
    PARLEY_ERR_CERT_UNTRUSTED = 21,
    PARLEY_ERR_CERT_EXPIRED = 22,
    PARLEY_ERR_CERT_NOT_YET_VALID = 23,
    PARLEY_ERR_CERT_HOSTNAME_MISMATCH = 24,
    PARLEY_ERR_CERT_INVALID = 25,
    PARLEY_ERR_TLS_VERSION_REFUSED = 26,
    PARLEY_ERR_TLS_HANDSHAKE_FAILED = 27,
    PARLEY_ERR_TLS = 28,
    /* Other. */
    PARLEY_ERR_OUT_OF_MEMORY = 29, /* a fixed arena or pool is exhausted */
    PARLEY_ERR_UNAVAILABLE = 30,   /* not known (wall clock without RTC; entropy not ready) */
    PARLEY_ERR_INTERNAL = 31,      /* a bug, or a callback broke its contract */
    /* The service desk wants a registered user (device_requires_authorization): none is
       provisioned, or the one provisioned was refused. The link stops until
       parley_provision_user. */
    PARLEY_ERR_AUTHORIZATION_REQUIRED = 32
} parley_error_t;

/* The error's stable short name ("cert-expired", "no-space"); never NULL. */
const char* parley_error_string(parley_error_t error);

/* The library's version, "MAJOR.MINOR.PATCH" (PARLEY_VERSION_STRING of the build). */
const char* parley_version(void);

/* ---- the HAL: callbacks the app implements ------------------------------------------ */
/* Times are the clock's now_ms scale: monotonic 32-bit milliseconds that wrap. Every
 * deadline is absolute on that scale; no call may block past it. */

typedef struct parley_socket {
    void* context;
    /* Resolve `host` (a name or a literal address, NUL-terminated) and connect.
       PARLEY_ERR_NAME_RESOLUTION, PARLEY_ERR_NETWORK, PARLEY_ERR_TIMEOUT. */
    parley_error_t (*connect)(void* context, const char* host, uint16_t port, uint32_t deadline_ms);
    /* Move at least one byte and say how many in *done, or *done = 0 when nothing moved
       before the deadline. PARLEY_ERR_CLOSED for the peer's orderly close, else
       PARLEY_ERR_NETWORK. `size` is never 0. */
    parley_error_t (*send)(void* context, const uint8_t* data, size_t size, uint32_t deadline_ms,
                           size_t* done);
    parley_error_t (*recv)(void* context, uint8_t* out, size_t size, uint32_t deadline_ms,
                           size_t* done);
    void (*close)(void* context); /* safe when not connected */
    bool (*is_connected)(void* context);
} parley_socket_t;

typedef struct parley_clock {
    void* context;
    uint32_t (*now_ms)(void* context); /* monotonic, wraps modulo 2^32 */
    /* Unix seconds into *seconds, or PARLEY_ERR_UNAVAILABLE without an RTC. NULL: never
       known (the client sets its own from the server's Date header). */
    parley_error_t (*wall_seconds)(void* context, int64_t* seconds);
    void (*set_wall_seconds)(void* context, int64_t seconds); /* optional (NULL) */
} parley_clock_t;

typedef struct parley_entropy {
    void* context;
    /* Fill all `size` bytes from a true source, or PARLEY_ERR_UNAVAILABLE. */
    parley_error_t (*fill)(void* context, uint8_t* out, size_t size);
} parley_entropy_t;

/* NOR flash (hal/flash.h): erase sets a sector to 0xFF; program only clears bits (a
   request that would set one is PARLEY_ERR_FLASH_NOT_ERASED and changes nothing);
   addresses are byte offsets; program's address and size are multiples of program_unit.
   Ranges are checked before the callbacks are called. Faults: PARLEY_ERR_FLASH. */
typedef struct parley_flash {
    void* context;
    uint32_t sector_size;
    uint32_t sector_count;
    uint32_t program_unit; /* 1, 2, 4, 8 or 16 */
    parley_error_t (*read)(void* context, uint32_t address, uint8_t* out, size_t size);
    parley_error_t (*program)(void* context, uint32_t address, const uint8_t* data, size_t size);
    parley_error_t (*erase)(void* context, uint32_t sector);
} parley_flash_t;

typedef enum parley_log_level {
    PARLEY_LOG_ERROR = 0,
    PARLEY_LOG_WARN = 1,
    PARLEY_LOG_INFO = 2,
    PARLEY_LOG_DEBUG = 3
} parley_log_level_t;

typedef struct parley_log {
    void* context;
    /* One finished line (not NUL-terminated: print with "%.*s"). NULL: logs discarded.
       Never contains a secret. */
    void (*write)(void* context, parley_log_level_t level, const char* module, size_t module_length,
                  const char* message, size_t message_length);
} parley_log_t;

#define PARLEY_DEVICE_KEY_SIZE 32

typedef struct parley_identity {
    void* context;
    const uint8_t* hardware_id; /* stable, unique per device (the MCU's unique id) */
    size_t hardware_id_size;
    /* Copy the PARLEY_DEVICE_KEY_SIZE-byte device-unique secret key into `out`: the
       settings store derives the key that seals credentials and token from it. */
    parley_error_t (*device_key)(void* context, uint8_t* out, size_t size);
} parley_identity_t;

typedef struct parley_hal {
    parley_socket_t socket; /* TCP to the API's origin (the client runs TLS over it) */
    parley_clock_t clock;
    parley_entropy_t entropy;
    parley_flash_t flash; /* settings on the first sectors, the outbox on the next */
    parley_log_t log;
    parley_identity_t identity;
} parley_hal_t;

/* ---- the app's callbacks: what the messenger reports -------------------------------- */

typedef enum parley_link {
    PARLEY_LINK_CONNECTING = 0, /* nothing has succeeded yet */
    PARLEY_LINK_ONLINE = 1,     /* the last operation succeeded */
    PARLEY_LINK_RETRYING = 2,   /* the last operation failed; backing off */
    PARLEY_LINK_STOPPED = 3     /* a failure retrying cannot fix (credentials,
                                   certificate): waiting for parley_provision */
} parley_link_t;

typedef enum parley_message_type {
    PARLEY_MESSAGE_UNKNOWN = 0,
    PARLEY_MESSAGE_USER = 1,
    PARLEY_MESSAGE_AGENT = 2,
    PARLEY_MESSAGE_SYSTEM = 3,
    PARLEY_MESSAGE_USER_SILENT = 4,
    PARLEY_MESSAGE_AGENT_SYSTEM = 5
} parley_message_type_t;

/* A message from the service desk, valid during the callback only. Its text came before
   it through message_text; the strings are NUL-terminated ("" when absent). */
typedef struct parley_message {
    uint64_t id;  /* the server's id, increasing */
    int64_t time; /* Unix seconds; 0 when absent */
    parley_message_type_t type;
    bool has_text;
    uint32_t text_bytes; /* the length of the text given in pieces */
    const char* title;
    bool agent_present;
    const char* agent_id;
    const char* agent_name;
    bool media_present;
    const char* media_id;
    const char* media_mime_type;
    const char* media_filename;
    const char* media_description;
    uint8_t button_count; /* buttons and quick replies are counted, not given */
    uint8_t quick_reply_count;
    uint16_t carousel_count;
    bool truncated; /* a field was cut to its capacity or a list lost entries */
} parley_message_t;

/* Every callback is optional (NULL); `context` is given to each. */
typedef struct parley_callbacks {
    void* context;
    /* A message's text, in pieces as it arrives: valid UTF-8, never split inside a
       character, not NUL-terminated, any total length. */
    void (*message_text)(void* context, const char* piece, size_t length);
    /* Then the message itself: each reaches this once, in order. */
    void (*message)(void* context, const parley_message_t* message);
    /* The pieces since the last message are void (the fetch broke off; the message will
       come again, whole). */
    void (*message_text_dropped)(void* context);
    /* An outbox entry reached the service (server_id 0 when only reconciliation knows). */
    void (*sent)(void* context, uint32_t sequence, uint64_t server_id);
    /* An outbox entry was set aside as failed, never sent again: the service refused it
       (PARLEY_ERR_BAD_REQUEST, `error` its error string) or the client's input check did
       (PARLEY_ERR_INVALID_ARGUMENT, PARLEY_ERR_TOO_LARGE). `error` is NUL-terminated. */
    void (*failed)(void* context, uint32_t sequence, parley_error_t why, const char* error);
    void (*link)(void* context, parley_link_t state, parley_error_t cause);
    /* An agent started or stopped typing; `agent_name` NUL-terminated, maybe "". */
    void (*typing)(void* context, bool typing, const char* agent_name);
    /* How many messages from the service desk wait unseen: once after parley_start and
       after each parley_request_unread_count. from_service: the service's own count
       (GET messages/unseen/count); otherwise the new messages above the last id seen
       (at_least: a full page of them, there may be more). Optional. */
    void (*unread)(void* context, uint32_t count, bool from_service, bool at_least);
} parley_callbacks_t;

/* ---- configuration ------------------------------------------------------------------ */

typedef enum parley_dialect {
    PARLEY_DIALECT_KPN = 0,   /* KPN's API gateway: OAuth client credentials */
    PARLEY_DIALECT_PARLEY = 1 /* Parley direct: an account secret */
} parley_dialect_t;

typedef struct parley_config {
    /* https://HOST[:PORT][/BASE]; TLS only (http:// is PARLEY_ERR_UNSUPPORTED). The KPN
       token endpoint is on the same origin, at token_path. */
    const char* server_url;
    parley_dialect_t dialect;
    const char* token_path;     /* KPN; default "/oauth/client_credential/accesstoken" */
    const char* api_version;    /* KPN "api-version" header; "" or NULL: latest */
    const char* auth_string;    /* optional registered-user string, kept in the image;
                                   NULL or "" (the default): the one stored sealed
                                   by parley_provision_user, if any */
    bool query_string_encoding; /* requests as query strings instead of JSON bodies */
    const char* device_name;    /* the registration's user name */
    const char* app_version;    /* the registration's version (your firmware's) */
    /* The CA bundle the connection trusts: PEM with its NUL, or DER certificates. */
    const uint8_t* ca_bundle;
    size_t ca_bundle_size;
    /* Certificates are checked against this time while the wall clock is unknown:
       normally the firmware's build time (Unix seconds). */
    int64_t time_floor_seconds;
    /* How the flash is shared: settings on the first sectors, the outbox on the next
       (docs/porting.md §3: 4 KiB sectors; the defaults are 4 and 16). */
    uint32_t settings_sectors;
    uint32_t outbox_sectors;
    /* When a store on flash is unreadable (PARLEY_ERR_CORRUPT on mount): erase it and
       start over (true: a new device id, provision again, queued messages lost) or fail
       parley_create / parley_start with PARLEY_ERR_CORRUPT (false, the default). */
    bool erase_unreadable_flash;
    /* The messenger's timings (parley_config_init sets the defaults). */
    uint32_t operation_timeout_ms; /* one network operation */
    uint32_t send_grace_ms;        /* wait before looking for a send in doubt */
    uint32_t retry_base_ms;        /* the backoff's first delay */
    uint8_t history_messages;      /* messages shown on the very first start (<= 50) */
    /* Read receipts and the service's unread count (Parley v1.9: PUT messages/status,
       GET messages/unseen/count), used only where the dialect and version have them
       (docs/protocol.md §6.8); a service that refuses them is not asked again. Each
       delivered message is marked delivered, or read after parley_message_shown.
       parley_config_init: true. */
    bool read_receipts;
    parley_callbacks_t callbacks;
} parley_config_t;

/* Fills `config` with the defaults: KPN dialect, JSON bodies, 4 + 16 sectors, report
   unreadable flash, the messenger's default timings, no callbacks, no strings. */
void parley_config_init(parley_config_t* config);

/* ---- storage ------------------------------------------------------------------------ */

/* The bytes the device needs, as a compile-time constant for the app's static. It
   depends on the pointer size and on the library's config overrides (docs/porting.md
   §4): a build that overrides a size defines PARLEY_DEVICE_STORAGE_SIZE itself, for the
   library and the app alike (the library static_asserts that its objects fit and
   parley_storage_size() says what it needs). */
#ifndef PARLEY_DEVICE_STORAGE_SIZE
#if UINTPTR_MAX <= 0xFFFFFFFFu
#define PARLEY_DEVICE_STORAGE_SIZE 65024u /* 32-bit targets: 43 KiB of it the TLS arena */
#else
#define PARLEY_DEVICE_STORAGE_SIZE 90112u /* 64-bit hosts: 64 KiB of it the TLS arena */
#endif
#endif
#define PARLEY_DEVICE_STORAGE_ALIGN 8

typedef union parley_storage {
    unsigned char bytes[PARLEY_DEVICE_STORAGE_SIZE];
    uint64_t align_u64; /* PARLEY_DEVICE_STORAGE_ALIGN */
    double align_double;
    void* align_pointer;
} parley_storage_t;

/* The bytes this build of the library needs (at most PARLEY_DEVICE_STORAGE_SIZE). */
size_t parley_storage_size(void);

/* ---- the device --------------------------------------------------------------------- */

typedef struct parley_device parley_device_t; /* lives in the caller's storage */

/* Builds the device in `storage` (no network): the HAL adapters, mbedTLS on the storage's
   arena with the CA bundle, the settings store mounted (damage survived is repaired),
   the device id loaded or made. `hal` is copied; `config` is copied, its strings kept by
   reference. Errors: PARLEY_ERR_INVALID_ARGUMENT (NULL, a required callback missing, bad
   geometry), PARLEY_ERR_BUFFER_TOO_SMALL (storage_size < parley_storage_size()),
   PARLEY_ERR_FAILED_PRECONDITION (a device exists, or another storage was used before),
   PARLEY_ERR_INVALID_ARGUMENT for a CA bundle without a usable certificate,
   PARLEY_ERR_UNSUPPORTED (a flash geometry the settings cannot use), PARLEY_ERR_CORRUPT,
   flash and entropy errors. On error nothing is left to destroy. */
parley_error_t parley_create(parley_storage_t* storage, size_t storage_size,
                             const parley_hal_t* hal, const parley_config_t* config,
                             parley_device_t** device);

/* Stores the credentials in flash, the secret sealed with the device key: KPN, the
   OAuth client id and secret; Parley direct, the account secret (client_id ignored, may
   be NULL). Idempotent; new credentials clear the old token and subscription and bring
   a stopped link back. PARLEY_ERR_INVALID_ARGUMENT (empty), PARLEY_ERR_TOO_LARGE
   (client id over 128 or secret over 256 bytes), flash errors. */
parley_error_t parley_provision(parley_device_t* device, const char* client_id,
                                const char* client_secret);

/* True when credentials are stored. */
bool parley_provisioned(parley_device_t* device);

/* Stores the registered user's string in flash, sealed like the secret (sent as the KPN
   authString or the Parley direct Authorization header), for a service desk that talks
   only to registered users; NULL or "" removes it (anonymous again). Replaces one stored
   before; the same string again writes nothing. A change makes the device subscribe
   again (at once when started, leaving a link stopped by PARLEY_ERR_AUTHORIZATION_
   REQUIRED); queued messages are kept. PARLEY_ERR_INVALID_ARGUMENT (a character other
   than visible ASCII or space), PARLEY_ERR_TOO_LARGE (over 256 bytes),
   PARLEY_ERR_FAILED_PRECONDITION (config.auth_string names one), flash errors. */
parley_error_t parley_provision_user(parley_device_t* device, const char* auth_string);

/* True when a registered user's string is stored (never gives it back). */
bool parley_user_provisioned(parley_device_t* device);

/* Mounts the outbox and starts the messenger (no network yet: that is parley_step).
   PARLEY_ERR_BAD_CREDENTIALS (Parley direct without a provisioned account secret),
   PARLEY_ERR_UNSUPPORTED (not https://), PARLEY_ERR_INVALID_ARGUMENT (a bad URL or
   configuration), PARLEY_ERR_FAILED_PRECONDITION (started already), PARLEY_ERR_CORRUPT. */
parley_error_t parley_start(parley_device_t* device);

/* One turn of the messenger: at most one network operation (renew the token, subscribe,
   poll, fetch a message, send an outbox entry, a typing event), bounded by
   operation_timeout_ms. *next_due_ms (optional) is when to call again, on now_ms's
   scale: sleep until then. PARLEY_ERR_FAILED_PRECONDITION before parley_start. Network
   failures are not errors here: they show in the link callback and parley_status. */
parley_error_t parley_step(parley_device_t* device, uint32_t* next_due_ms);

/* Accepts a text into the outbox: durable in flash on PARLEY_OK, sent by the next steps,
   exactly once and in order; *sequence (optional) is its handle in the sent and failed
   callbacks. PARLEY_ERR_INVALID_ARGUMENT (not UTF-8, empty or blank), PARLEY_ERR_TOO_LARGE
   (over 6000 bytes or 5000 characters), PARLEY_ERR_NO_SPACE (outbox full),
   PARLEY_ERR_FAILED_PRECONDITION (not started). */
parley_error_t parley_send_text(parley_device_t* device, const char* text, uint32_t* sequence);

/* A service-desk ticket (firmware/apps/ticket): "Fault report CODE" with the device id,
   firmware version, uptime and an optional description, as one outbox text. */
typedef struct parley_ticket {
    const char* fault_code;       /* required, up to 64 bytes */
    const char* firmware_version; /* NULL: config.app_version */
    uint32_t uptime_s;
    const char* description; /* optional, up to 768 bytes */
} parley_ticket_t;

/* Composes and accepts a ticket as parley_send_text does. PARLEY_ERR_INVALID_ARGUMENT (no
   fault code), PARLEY_ERR_TOO_LARGE (a field over its limit), PARLEY_ERR_BUFFER_TOO_SMALL
   (the composed ticket over 1024 bytes), and parley_send_text's errors. */
parley_error_t parley_send_ticket(parley_device_t* device, const parley_ticket_t* ticket,
                                  uint32_t* sequence);

/* Accepts a message with a media file already uploaded (its media id) and an optional
   description (NULL or ""). PARLEY_ERR_INVALID_ARGUMENT, PARLEY_ERR_TOO_LARGE (id over 64
   or description over 256 bytes), and parley_send_text's errors. */
parley_error_t parley_send_media(parley_device_t* device, const char* media_id,
                                 const char* description, uint32_t* sequence);

/* The user is typing (throttled typing events go out in the next steps). */
void parley_user_typing(parley_device_t* device);
/* Poll the service at the next step, whatever the schedule says. */
void parley_poll_soon(parley_device_t* device);
/* The app showed message `id` (from the message callback) to its user: it is marked read
   after the next poll instead of delivered. No effect with read_receipts off. */
void parley_message_shown(parley_device_t* device, uint64_t id);
/* Report the unread count again (the unread callback), e.g. after a wake-up. */
void parley_request_unread_count(parley_device_t* device);

#define PARLEY_DEVICE_ID_MAX 64

typedef struct parley_status_info {
    bool started;
    bool provisioned;
    bool subscribed; /* the service knows this device */
    parley_link_t link;
    parley_error_t link_cause;                /* the last link callback's cause (PARLEY_OK: none) */
    uint32_t unconfirmed;                     /* outbox entries the service has not confirmed yet */
    uint64_t last_seen_id;                    /* the newest incoming message delivered */
    uint32_t operations;                      /* network operations since parley_start */
    uint32_t token_requests;                  /* token requests since parley_start (KPN) */
    char device_id[PARLEY_DEVICE_ID_MAX + 1]; /* the device's id (a UUID), NUL-terminated */
} parley_status_t;

/* What the device is doing; fills *status. PARLEY_ERR_INVALID_ARGUMENT for NULL. */
parley_error_t parley_status(parley_device_t* device, parley_status_t* status);

/* Closes the API connection (the app has finished for now; a step reconnects). */
void parley_disconnect(parley_device_t* device);

/* Closes the connection and ends the device; its storage may be reused for a new one. */
void parley_destroy(parley_device_t* device);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* PARLEY_PARLEY_H */

/* The C API (include/parley/parley.h) driven from C, as a C app would: fake callbacks
 * (in-memory NOR flash, a clock the test moves, counting entropy, a socket that refuses
 * to connect), checking the version, the error strings, the storage size, the argument
 * and state checks, provisioning, the outbox (a send is queued, durable across a
 * re-create), a step's failure reported through the link callback, and that none of it
 * touches the heap (malloc and operator new are wrapped at link time).
 *
 * A small runner of its own: each TEST is a function; CHECKs print file:line and count
 * failures; the exit status is 0 when every check held. Usage: test_capi CA.pem */
#include <fcntl.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "parley/parley.h"

/* ---- the runner --------------------------------------------------------------------- */

static int g_checks;
static int g_failures;

#define CHECK(cond)                                                                  \
    do {                                                                             \
        ++g_checks;                                                                  \
        if (!(cond)) {                                                               \
            ++g_failures;                                                            \
            fprintf(stderr, "%s:%d: CHECK(%s) failed\n", __FILE__, __LINE__, #cond); \
        }                                                                            \
    } while (0)

#define CHECK_ERR(expected, actual)                                                          \
    do {                                                                                     \
        const parley_error_t check_actual_ = (actual);                                       \
        ++g_checks;                                                                          \
        if (check_actual_ != (expected)) {                                                   \
            ++g_failures;                                                                    \
            fprintf(stderr, "%s:%d: %s: expected %s, got %s\n", __FILE__, __LINE__, #actual, \
                    parley_error_string(expected), parley_error_string(check_actual_));      \
        }                                                                                    \
    } while (0)

/* ---- heap calls, counted (-Wl,--wrap=...) ------------------------------------------ */

void* __real_malloc(size_t size);
void* __real_calloc(size_t count, size_t size);
void* __real_realloc(void* p, size_t size);
void __real_free(void* p);
void* __real__Znwm(size_t size);
void* __real__Znam(size_t size);
void* __wrap_malloc(size_t size);
void* __wrap_calloc(size_t count, size_t size);
void* __wrap_realloc(void* p, size_t size);
void __wrap_free(void* p);
void* __wrap__Znwm(size_t size);
void* __wrap__Znam(size_t size);

static int g_heap_calls;

void* __wrap_malloc(size_t size) {
    ++g_heap_calls;
    return __real_malloc(size);
}
void* __wrap_calloc(size_t count, size_t size) {
    ++g_heap_calls;
    return __real_calloc(count, size);
}
void* __wrap_realloc(void* p, size_t size) {
    ++g_heap_calls;
    return __real_realloc(p, size);
}
void __wrap_free(void* p) {
    if (p != NULL) ++g_heap_calls;
    __real_free(p);
}
void* __wrap__Znwm(size_t size) {
    ++g_heap_calls;
    return __real__Znwm(size);
}
void* __wrap__Znam(size_t size) {
    ++g_heap_calls;
    return __real__Znam(size);
}

/* ---- fakes -------------------------------------------------------------------------- */

#define SECTOR_SIZE 4096u
#define SECTOR_COUNT 20u

static uint8_t g_flash[SECTOR_SIZE * SECTOR_COUNT];
static uint32_t g_now = 1000;
static uint32_t g_entropy_counter;
static int g_connects;
static int g_log_lines;

static parley_error_t flash_read(void* context, uint32_t address, uint8_t* out, size_t size) {
    (void)context;
    memcpy(out, g_flash + address, size);
    return PARLEY_OK;
}

/* NOR: programming only clears bits; a request to set one changes nothing. */
static parley_error_t flash_program(void* context, uint32_t address, const uint8_t* data,
                                    size_t size) {
    size_t i;
    (void)context;
    for (i = 0; i < size; ++i) {
        if ((data[i] & (uint8_t)~g_flash[address + i]) != 0) return PARLEY_ERR_FLASH_NOT_ERASED;
    }
    for (i = 0; i < size; ++i)
        g_flash[address + i] &= data[i];
    return PARLEY_OK;
}

static parley_error_t flash_erase(void* context, uint32_t sector) {
    (void)context;
    memset(g_flash + (size_t)sector * SECTOR_SIZE, 0xFF, SECTOR_SIZE);
    return PARLEY_OK;
}

static bool g_ticking; /* each reading moves the clock on by 1 ms */

static uint32_t clock_now(void* context) {
    (void)context;
    return g_ticking ? g_now++ : g_now;
}

static parley_error_t entropy_fill(void* context, uint8_t* out, size_t size) {
    size_t i;
    (void)context;
    for (i = 0; i < size; ++i)
        out[i] = (uint8_t)(++g_entropy_counter * 2654435761u >> 24);
    return PARLEY_OK;
}

static const uint8_t kHardwareId[] = {0x10, 0x20, 0x30, 0x40, 0x50, 0x60, 0x70, 0x80};

static parley_error_t identity_key(void* context, uint8_t* out, size_t size) {
    size_t i;
    (void)context;
    for (i = 0; i < size; ++i)
        out[i] = (uint8_t)(0xA5 ^ i);
    return PARLEY_OK;
}

static parley_error_t socket_connect(void* context, const char* host, uint16_t port,
                                     uint32_t deadline_ms) {
    (void)context;
    (void)host;
    (void)port;
    (void)deadline_ms;
    ++g_connects;
    return PARLEY_ERR_NETWORK; /* nobody there */
}

static parley_error_t socket_io(void* context, const uint8_t* data, size_t size,
                                uint32_t deadline_ms, size_t* done) {
    (void)context;
    (void)data;
    (void)size;
    (void)deadline_ms;
    *done = 0;
    return PARLEY_ERR_NETWORK;
}

static parley_error_t socket_recv(void* context, uint8_t* out, size_t size, uint32_t deadline_ms,
                                  size_t* done) {
    return socket_io(context, out, size, deadline_ms, done);
}

static void socket_close(void* context) {
    (void)context;
}

static bool socket_connected(void* context) {
    (void)context;
    return false;
}

static void log_write(void* context, parley_log_level_t level, const char* module,
                      size_t module_length, const char* message, size_t message_length) {
    (void)context;
    (void)level;
    (void)module;
    (void)module_length;
    (void)message;
    (void)message_length;
    ++g_log_lines;
}

static parley_hal_t fake_hal(void) {
    parley_hal_t hal;
    memset(&hal, 0, sizeof hal);
    hal.socket.connect = socket_connect;
    hal.socket.send = socket_io;
    hal.socket.recv = socket_recv;
    hal.socket.close = socket_close;
    hal.socket.is_connected = socket_connected;
    hal.clock.now_ms = clock_now;
    hal.entropy.fill = entropy_fill;
    hal.flash.sector_size = SECTOR_SIZE;
    hal.flash.sector_count = SECTOR_COUNT;
    hal.flash.program_unit = 1;
    hal.flash.read = flash_read;
    hal.flash.program = flash_program;
    hal.flash.erase = flash_erase;
    hal.log.write = log_write;
    hal.identity.hardware_id = kHardwareId;
    hal.identity.hardware_id_size = sizeof kHardwareId;
    hal.identity.device_key = identity_key;
    return hal;
}

/* What the callbacks saw. */
static struct {
    int links;
    parley_link_t link;
    parley_error_t cause;
} g_seen;

static void on_link(void* context, parley_link_t state, parley_error_t cause) {
    (void)context;
    ++g_seen.links;
    g_seen.link = state;
    g_seen.cause = cause;
}

static uint8_t g_ca[16384];
static size_t g_ca_size;

static parley_config_t fake_config(void) {
    parley_config_t config;
    parley_config_init(&config);
    config.server_url = "https://service.invalid/communication/parley/secure-messenger";
    config.device_name = "c test";
    config.app_version = "9.8.7";
    config.ca_bundle = g_ca;
    config.ca_bundle_size = g_ca_size;
    config.callbacks.link = on_link;
    return config;
}

/* One storage for the whole process: mbedTLS keeps its arena (parley.h). */
static parley_storage_t g_storage;

static void blank_flash(void) {
    memset(g_flash, 0xFF, sizeof g_flash);
}

static parley_device_t* create_ok(const parley_config_t* config) {
    const parley_hal_t hal = fake_hal();
    parley_device_t* device = NULL;
    CHECK_ERR(PARLEY_OK, parley_create(&g_storage, sizeof g_storage, &hal, config, &device));
    CHECK(device != NULL);
    return device;
}

/* ---- tests -------------------------------------------------------------------------- */

static void test_version(void) {
    const char* version = parley_version();
    CHECK(version != NULL);
    CHECK(strcmp(version, PARLEY_VERSION_STRING) == 0);
    CHECK(strchr(version, '.') != NULL);
    CHECK(PARLEY_VERSION_MAJOR >= 0 && PARLEY_VERSION_MINOR >= 0 && PARLEY_VERSION_PATCH >= 0);
}

static void test_error_strings(void) {
    int e;
    CHECK(strcmp(parley_error_string(PARLEY_OK), "ok") == 0);
    CHECK(strcmp(parley_error_string(PARLEY_ERR_CERT_EXPIRED), "cert-expired") == 0);
    CHECK(strcmp(parley_error_string(PARLEY_ERR_AUTHORIZATION_REQUIRED),
                 "authorization-required") == 0);
    for (e = PARLEY_OK; e <= PARLEY_ERR_AUTHORIZATION_REQUIRED; ++e) {
        const char* name = parley_error_string((parley_error_t)e);
        CHECK(name != NULL && name[0] != '\0' && strcmp(name, "?") != 0);
    }
    /* A value the enum does not have reads as a broken contract, not as garbage. */
    CHECK(strcmp(parley_error_string((parley_error_t)77), "internal") == 0);
}

static void test_storage_size(void) {
    const parley_hal_t hal = fake_hal();
    const parley_config_t config = fake_config();
    parley_device_t* device = NULL;
    struct aligned {
        char c;
        parley_storage_t storage;
    };
    CHECK(parley_storage_size() > 0);
    CHECK(parley_storage_size() <= PARLEY_DEVICE_STORAGE_SIZE);
    CHECK(sizeof(parley_storage_t) >= PARLEY_DEVICE_STORAGE_SIZE);
    CHECK(offsetof(struct aligned, storage) >= PARLEY_DEVICE_STORAGE_ALIGN);
    CHECK_ERR(PARLEY_ERR_BUFFER_TOO_SMALL,
              parley_create(&g_storage, parley_storage_size() - 1, &hal, &config, &device));
    CHECK(device == NULL);
}

static void test_arguments(void) {
    parley_hal_t hal = fake_hal();
    parley_config_t config = fake_config();
    parley_device_t* device = NULL;
    static const uint8_t junk[] =
        "-----BEGIN CERTIFICATE-----\nnot base64\n-----END CERTIFICATE-----\n";
    CHECK_ERR(PARLEY_ERR_INVALID_ARGUMENT,
              parley_create(&g_storage, sizeof g_storage, NULL, &config, &device));
    CHECK_ERR(PARLEY_ERR_INVALID_ARGUMENT,
              parley_create(&g_storage, sizeof g_storage, &hal, NULL, &device));
    CHECK_ERR(PARLEY_ERR_INVALID_ARGUMENT,
              parley_create(NULL, sizeof g_storage, &hal, &config, &device));
    CHECK_ERR(PARLEY_ERR_INVALID_ARGUMENT,
              parley_create(&g_storage, sizeof g_storage, &hal, &config, NULL));
    hal.socket.send = NULL; /* a required callback missing */
    CHECK_ERR(PARLEY_ERR_INVALID_ARGUMENT,
              parley_create(&g_storage, sizeof g_storage, &hal, &config, &device));
    hal = fake_hal();
    config.settings_sectors = 10; /* 10 + 16 sectors on a 20-sector flash */
    CHECK_ERR(PARLEY_ERR_INVALID_ARGUMENT,
              parley_create(&g_storage, sizeof g_storage, &hal, &config, &device));
    config = fake_config();
    config.server_url = NULL;
    CHECK_ERR(PARLEY_ERR_INVALID_ARGUMENT,
              parley_create(&g_storage, sizeof g_storage, &hal, &config, &device));
    config = fake_config();
    config.ca_bundle = junk;
    config.ca_bundle_size = sizeof junk;
    blank_flash();
    CHECK_ERR(PARLEY_ERR_INVALID_ARGUMENT,
              parley_create(&g_storage, sizeof g_storage, &hal, &config, &device));
    CHECK(device == NULL);
    /* NULL devices are refused or ignored, never dereferenced. */
    CHECK_ERR(PARLEY_ERR_INVALID_ARGUMENT, parley_start(NULL));
    CHECK_ERR(PARLEY_ERR_INVALID_ARGUMENT, parley_step(NULL, NULL));
    CHECK_ERR(PARLEY_ERR_INVALID_ARGUMENT, parley_send_text(NULL, "x", NULL));
    CHECK_ERR(PARLEY_ERR_INVALID_ARGUMENT, parley_status(NULL, NULL));
    CHECK(!parley_provisioned(NULL));
    parley_destroy(NULL);
}

static void test_one_device_one_storage(void) {
    static parley_storage_t other;
    const parley_hal_t hal = fake_hal();
    const parley_config_t config = fake_config();
    parley_device_t* device;
    parley_device_t* second = NULL;
    blank_flash();
    device = create_ok(&config);
    CHECK_ERR(PARLEY_ERR_FAILED_PRECONDITION,
              parley_create(&other, sizeof other, &hal, &config, &second));
    parley_destroy(device);
    /* mbedTLS keeps the first arena: another storage is refused even after destroy. */
    CHECK_ERR(PARLEY_ERR_FAILED_PRECONDITION,
              parley_create(&other, sizeof other, &hal, &config, &second));
    CHECK(second == NULL);
}

static void test_state_checks_before_start(void) {
    const parley_config_t config = fake_config();
    parley_device_t* device;
    parley_status_t status;
    uint32_t sequence = 0;
    blank_flash();
    device = create_ok(&config);
    CHECK_ERR(PARLEY_ERR_FAILED_PRECONDITION, parley_step(device, NULL));
    CHECK_ERR(PARLEY_ERR_FAILED_PRECONDITION, parley_send_text(device, "hello", &sequence));
    CHECK_ERR(PARLEY_OK, parley_status(device, &status));
    CHECK(!status.started && !status.provisioned && !status.subscribed);
    CHECK(strlen(status.device_id) == 36); /* a UUID, made from the entropy callback */
    CHECK(status.link == PARLEY_LINK_CONNECTING && status.unconfirmed == 0);
    CHECK(g_log_lines >= 0);
    /* Read receipts are on by default; marking and asking are no-ops before start. */
    CHECK(config.read_receipts);
    parley_message_shown(device, 10001);
    parley_message_shown(NULL, 10001);
    parley_request_unread_count(device);
    parley_request_unread_count(NULL);
    parley_destroy(device);
}

static void test_provisioning(void) {
    const parley_config_t config = fake_config();
    parley_device_t* device;
    parley_status_t before;
    parley_status_t after;
    char long_secret[300];
    blank_flash();
    memset(long_secret, 's', sizeof long_secret - 1);
    long_secret[sizeof long_secret - 1] = '\0';

    device = create_ok(&config);
    CHECK(!parley_provisioned(device));
    CHECK_ERR(PARLEY_ERR_INVALID_ARGUMENT, parley_provision(device, "demo-client", ""));
    CHECK_ERR(PARLEY_ERR_INVALID_ARGUMENT, parley_provision(device, NULL, "secret"));
    CHECK_ERR(PARLEY_ERR_TOO_LARGE, parley_provision(device, "demo-client", long_secret));
    CHECK(!parley_provisioned(device));
    CHECK_ERR(PARLEY_OK, parley_provision(device, "demo-client", "demo-secret"));
    CHECK_ERR(PARLEY_OK, parley_provision(device, "demo-client", "demo-secret")); /* again */
    CHECK(parley_provisioned(device));
    CHECK_ERR(PARLEY_OK, parley_status(device, &before));
    parley_destroy(device);

    /* Kept in flash: the same device id and credentials after a re-create. */
    device = create_ok(&config);
    CHECK(parley_provisioned(device));
    CHECK_ERR(PARLEY_OK, parley_status(device, &after));
    CHECK(strcmp(before.device_id, after.device_id) == 0);
    parley_destroy(device);
}

/* The registered user's string: stored sealed, replaced, removed; refused when it cannot
   be a header or the configuration names one; set while started without an error. */
static void test_provisioning_a_user(void) {
    parley_config_t config = fake_config();
    parley_device_t* device;
    char long_user[300];
    blank_flash();
    memset(long_user, 'u', sizeof long_user - 1);
    long_user[sizeof long_user - 1] = '\0';

    device = create_ok(&config);
    CHECK(!parley_user_provisioned(device));
    CHECK_ERR(PARLEY_ERR_TOO_LARGE, parley_provision_user(device, long_user));
    CHECK_ERR(PARLEY_ERR_INVALID_ARGUMENT, parley_provision_user(device, "two\nlines"));
    CHECK(!parley_user_provisioned(device));
    CHECK_ERR(PARLEY_OK, parley_provision_user(device, "user-42"));
    CHECK(parley_user_provisioned(device));
    CHECK_ERR(PARLEY_OK, parley_provision(device, "demo-client", "demo-secret"));
    CHECK_ERR(PARLEY_OK, parley_start(device));
    CHECK_ERR(PARLEY_OK, parley_provision_user(device, "user-43")); /* while started */
    CHECK(parley_user_provisioned(device));
    parley_destroy(device);

    device = create_ok(&config); /* kept in flash */
    CHECK(parley_user_provisioned(device));
    CHECK_ERR(PARLEY_OK, parley_provision_user(device, NULL));
    CHECK(!parley_user_provisioned(device));
    parley_destroy(device);

    config.auth_string = "compiled-in-user";
    device = create_ok(&config);
    CHECK_ERR(PARLEY_ERR_FAILED_PRECONDITION, parley_provision_user(device, "user-44"));
    parley_destroy(device);
}

static void test_sends_are_queued_in_the_outbox(void) {
    const parley_config_t config = fake_config();
    parley_device_t* device;
    parley_status_t status;
    parley_ticket_t ticket;
    uint32_t sequence = 0;
    blank_flash();
    device = create_ok(&config);
    CHECK_ERR(PARLEY_OK, parley_provision(device, "demo-client", "demo-secret"));
    CHECK_ERR(PARLEY_OK, parley_start(device));
    CHECK_ERR(PARLEY_ERR_FAILED_PRECONDITION, parley_start(device));

    CHECK_ERR(PARLEY_OK, parley_send_text(device, "Coin acceptor jammed", &sequence));
    CHECK(sequence == 1);
    CHECK_ERR(PARLEY_ERR_INVALID_ARGUMENT, parley_send_text(device, "", &sequence));
    CHECK_ERR(PARLEY_ERR_INVALID_ARGUMENT, parley_send_text(device, "  ", &sequence));
    CHECK_ERR(PARLEY_ERR_INVALID_ARGUMENT, parley_send_text(device, "\xff\xfe", &sequence));
    CHECK_ERR(PARLEY_ERR_INVALID_ARGUMENT, parley_send_text(device, NULL, &sequence));

    memset(&ticket, 0, sizeof ticket);
    CHECK_ERR(PARLEY_ERR_INVALID_ARGUMENT, parley_send_ticket(device, &ticket, &sequence));
    ticket.fault_code = "E42";
    ticket.uptime_s = 3723;
    ticket.description = "paper low";
    CHECK_ERR(PARLEY_OK, parley_send_ticket(device, &ticket, &sequence));
    CHECK(sequence == 2);
    CHECK_ERR(PARLEY_OK, parley_send_media(device, "m-123", "a photo", &sequence));
    CHECK(sequence == 3);
    CHECK_ERR(PARLEY_ERR_INVALID_ARGUMENT, parley_send_media(device, NULL, NULL, &sequence));

    CHECK_ERR(PARLEY_OK, parley_status(device, &status));
    CHECK(status.started && status.provisioned && status.unconfirmed == 3);
    parley_destroy(device);

    /* Durable: the entries are still waiting after a re-create. */
    device = create_ok(&config);
    CHECK_ERR(PARLEY_OK, parley_start(device));
    CHECK_ERR(PARLEY_OK, parley_status(device, &status));
    CHECK(status.unconfirmed == 3);
    parley_destroy(device);
}

static void test_a_failed_step_shows_in_the_link(void) {
    const parley_config_t config = fake_config();
    parley_device_t* device;
    parley_status_t status;
    uint32_t next = 0;
    blank_flash();
    memset(&g_seen, 0, sizeof g_seen);
    g_connects = 0;
    device = create_ok(&config);
    CHECK_ERR(PARLEY_OK, parley_provision(device, "demo-client", "demo-secret"));
    CHECK_ERR(PARLEY_OK, parley_start(device));
    CHECK_ERR(PARLEY_OK, parley_send_text(device, "hello", NULL));
    CHECK_ERR(PARLEY_OK, parley_step(device, &next));
    CHECK(g_connects == 1);
    CHECK(g_seen.links >= 1 && g_seen.link == PARLEY_LINK_RETRYING);
    CHECK_ERR(PARLEY_ERR_NETWORK, g_seen.cause);
    CHECK((int32_t)(next - g_now) > 0); /* backing off: the next step is later */
    CHECK_ERR(PARLEY_OK, parley_status(device, &status));
    CHECK(status.link == PARLEY_LINK_RETRYING && status.link_cause == PARLEY_ERR_NETWORK);
    CHECK(status.unconfirmed == 1 && !status.subscribed);
    /* Before the backoff ends a step does nothing. */
    CHECK_ERR(PARLEY_OK, parley_step(device, &next));
    CHECK(g_connects == 1);
    g_now = next;
    CHECK_ERR(PARLEY_OK, parley_step(device, &next));
    CHECK(g_connects == 2);
    parley_destroy(device);
}

/* A socket that takes one byte per send and then closes: the adapter must pass on each
   count, so the TLS ClientHello goes out exactly once, byte by byte. */
static uint8_t g_wire[4096];
static size_t g_wire_size;

static parley_error_t trickle_connect(void* context, const char* host, uint16_t port,
                                      uint32_t deadline_ms) {
    (void)context;
    (void)port;
    (void)deadline_ms;
    CHECK(strcmp(host, "service.invalid") == 0); /* NUL-terminated, without the path */
    return PARLEY_OK;
}

static parley_error_t trickle_send(void* context, const uint8_t* data, size_t size,
                                   uint32_t deadline_ms, size_t* done) {
    (void)context;
    (void)deadline_ms;
    CHECK(size > 0);
    if (g_wire_size == sizeof g_wire) return PARLEY_ERR_NETWORK;
    g_wire[g_wire_size++] = data[0];
    *done = 1;
    return PARLEY_OK;
}

static parley_error_t closed_recv(void* context, uint8_t* out, size_t size, uint32_t deadline_ms,
                                  size_t* done) {
    (void)context;
    (void)out;
    (void)size;
    (void)deadline_ms;
    *done = 0;
    return PARLEY_ERR_CLOSED;
}

static void test_partial_sends_are_counted(void) {
    const parley_config_t config = fake_config();
    parley_hal_t hal = fake_hal();
    parley_device_t* device = NULL;
    size_t record;
    blank_flash();
    g_wire_size = 0;
    hal.socket.connect = trickle_connect;
    hal.socket.send = trickle_send;
    hal.socket.recv = closed_recv;
    CHECK_ERR(PARLEY_OK, parley_create(&g_storage, sizeof g_storage, &hal, &config, &device));
    CHECK_ERR(PARLEY_OK, parley_provision(device, "demo-client", "demo-secret"));
    CHECK_ERR(PARLEY_OK, parley_start(device));
    g_ticking = true;
    CHECK_ERR(PARLEY_OK, parley_step(device, NULL));
    g_ticking = false;
    CHECK(g_wire_size > 5 && g_wire[0] == 0x16); /* a TLS handshake record */
    record = ((size_t)g_wire[3] << 8) | g_wire[4];
    CHECK(g_wire_size == 5 + record); /* once, whole, nothing repeated */
    parley_destroy(device);
}

static void test_parley_direct_needs_an_account_secret(void) {
    parley_config_t config = fake_config();
    parley_device_t* device;
    blank_flash();
    config.dialect = PARLEY_DIALECT_PARLEY;
    config.server_url = "https://service.invalid/clientApi/v1.9";
    device = create_ok(&config);
    CHECK_ERR(PARLEY_ERR_BAD_CREDENTIALS, parley_start(device));
    CHECK_ERR(PARLEY_OK, parley_provision(device, NULL, "demo-account-secret"));
    CHECK_ERR(PARLEY_OK, parley_start(device));
    CHECK_ERR(PARLEY_ERR_FAILED_PRECONDITION, parley_provision(device, NULL, "another"));
    parley_destroy(device);
}

static void test_tls_only(void) {
    parley_config_t config = fake_config();
    parley_device_t* device;
    blank_flash();
    config.server_url = "http://service.invalid/communication/parley/secure-messenger";
    device = create_ok(&config);
    CHECK_ERR(PARLEY_ERR_UNSUPPORTED, parley_start(device));
    parley_destroy(device);
}

static void test_unreadable_flash(void) {
    parley_config_t config = fake_config();
    const parley_hal_t hal = fake_hal();
    parley_device_t* device = NULL;
    memset(g_flash, 0x00, sizeof g_flash); /* no readable log anywhere */
    CHECK_ERR(PARLEY_ERR_CORRUPT,
              parley_create(&g_storage, sizeof g_storage, &hal, &config, &device));
    CHECK(device == NULL);
    config.erase_unreadable_flash = true; /* the board's policy: erase and start over */
    device = create_ok(&config);
    CHECK_ERR(PARLEY_OK, parley_start(device));
    parley_destroy(device);
}

static void test_no_heap(void) {
    const parley_config_t config = fake_config();
    parley_device_t* device;
    parley_ticket_t ticket;
    uint32_t next;
    int i;
    blank_flash();
    g_heap_calls = 0;
    device = create_ok(&config);
    CHECK_ERR(PARLEY_OK, parley_provision(device, "demo-client", "demo-secret"));
    CHECK_ERR(PARLEY_OK, parley_start(device));
    CHECK_ERR(PARLEY_OK, parley_send_text(device, "hello", NULL));
    memset(&ticket, 0, sizeof ticket);
    ticket.fault_code = "E7";
    CHECK_ERR(PARLEY_OK, parley_send_ticket(device, &ticket, NULL));
    for (i = 0; i < 5; ++i) {
        CHECK_ERR(PARLEY_OK, parley_step(device, &next));
        g_now = next;
    }
    parley_destroy(device);
    CHECK(g_heap_calls == 0);
}

/* The CA bundle from a file, with its NUL (mbedTLS parses PEM with it); no stdio, so
   no heap. */
static int read_ca(const char* path) {
    const int fd = open(path, O_RDONLY);
    ssize_t got;
    if (fd < 0) return -1;
    got = read(fd, g_ca, sizeof g_ca - 1);
    close(fd);
    if (got <= 0) return -1;
    g_ca[got] = 0;
    g_ca_size = (size_t)got + 1;
    return 0;
}

typedef struct {
    const char* name;
    void (*run)(void);
} test_t;

int main(int argc, char** argv) {
    static const test_t tests[] = {
        {"version", test_version},
        {"error_strings", test_error_strings},
        {"storage_size", test_storage_size},
        {"arguments", test_arguments},
        {"state_checks_before_start", test_state_checks_before_start},
        {"provisioning", test_provisioning},
        {"provisioning a user", test_provisioning_a_user},
        {"sends_are_queued_in_the_outbox", test_sends_are_queued_in_the_outbox},
        {"a_failed_step_shows_in_the_link", test_a_failed_step_shows_in_the_link},
        {"partial_sends_are_counted", test_partial_sends_are_counted},
        {"parley_direct_needs_an_account_secret", test_parley_direct_needs_an_account_secret},
        {"tls_only", test_tls_only},
        {"unreadable_flash", test_unreadable_flash},
        {"no_heap", test_no_heap},
        /* Last: it leaves another storage refused for the rest of the process. */
        {"one_device_one_storage", test_one_device_one_storage},
    };
    size_t i;
    if (argc != 2 || read_ca(argv[1]) != 0) {
        fprintf(stderr, "usage: test_capi CA.pem (a readable PEM file)\n");
        return 2;
    }
    for (i = 0; i < sizeof tests / sizeof tests[0]; ++i) {
        const int failures = g_failures;
        tests[i].run();
        printf("%s %s\n", g_failures == failures ? "ok  " : "FAIL", tests[i].name);
    }
    printf("capi: %d checks, %d failed (parley %s, storage %lu of %lu B)\n", g_checks, g_failures,
           parley_version(), (unsigned long)parley_storage_size(),
           (unsigned long)PARLEY_DEVICE_STORAGE_SIZE);
    return g_failures == 0 ? 0 : 1;
}

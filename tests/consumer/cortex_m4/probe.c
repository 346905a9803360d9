/* probe.c: a Cortex-M4 C program on the C API (tests/consumer/cortex_m4): every parley_*
 * function is called, with HAL callbacks that do nothing (no board), so that the link
 * must resolve the whole client. It is linked, not run. */
#include <stddef.h>
#include <stdint.h>

#include "parley/parley.h"

static parley_error_t no_connect(void* context, const char* host, uint16_t port,
                                 uint32_t deadline_ms) {
    (void)context;
    (void)host;
    (void)port;
    (void)deadline_ms;
    return PARLEY_ERR_NETWORK;
}

static parley_error_t no_send(void* context, const uint8_t* data, size_t size, uint32_t deadline_ms,
                              size_t* done) {
    (void)context;
    (void)data;
    (void)size;
    (void)deadline_ms;
    *done = 0;
    return PARLEY_ERR_NETWORK;
}

static parley_error_t no_recv(void* context, uint8_t* out, size_t size, uint32_t deadline_ms,
                              size_t* done) {
    (void)context;
    (void)out;
    (void)size;
    (void)deadline_ms;
    *done = 0;
    return PARLEY_ERR_NETWORK;
}

static void no_close(void* context) {
    (void)context;
}

static bool not_connected(void* context) {
    (void)context;
    return false;
}

static uint32_t zero_ms(void* context) {
    (void)context;
    return 0;
}

static parley_error_t no_entropy(void* context, uint8_t* out, size_t size) {
    (void)context;
    (void)out;
    (void)size;
    return PARLEY_ERR_UNAVAILABLE;
}

static parley_error_t no_read(void* context, uint32_t address, uint8_t* out, size_t size) {
    (void)context;
    (void)address;
    (void)out;
    (void)size;
    return PARLEY_ERR_FLASH;
}

static parley_error_t no_program(void* context, uint32_t address, const uint8_t* data,
                                 size_t size) {
    (void)context;
    (void)address;
    (void)data;
    (void)size;
    return PARLEY_ERR_FLASH;
}

static parley_error_t no_erase(void* context, uint32_t sector) {
    (void)context;
    (void)sector;
    return PARLEY_ERR_FLASH;
}

static parley_error_t no_key(void* context, uint8_t* out, size_t size) {
    (void)context;
    (void)out;
    (void)size;
    return PARLEY_ERR_UNAVAILABLE;
}

static const uint8_t kHardwareId[4] = {1, 2, 3, 4};
static const uint8_t kCaBundle[1] = {0};
static parley_storage_t g_storage;

int main(void) {
    parley_hal_t hal = {{NULL, no_connect, no_send, no_recv, no_close, not_connected},
                        {NULL, zero_ms, NULL, NULL},
                        {NULL, no_entropy},
                        {NULL, 4096, 20, 1, no_read, no_program, no_erase},
                        {NULL, NULL},
                        {NULL, kHardwareId, sizeof kHardwareId, no_key}};
    parley_config_t config;
    parley_device_t* device = NULL;
    parley_status_t status;
    parley_ticket_t ticket = {0};
    uint32_t sequence = 0;
    uint32_t due = 0;
    parley_config_init(&config);
    config.server_url = "https://localhost/communication/parley/secure-messenger";
    config.device_name = "probe";
    config.app_version = PARLEY_VERSION_STRING;
    config.ca_bundle = kCaBundle;
    config.ca_bundle_size = sizeof kCaBundle;
    ticket.fault_code = "E1";
    if (parley_create(&g_storage, sizeof g_storage, &hal, &config, &device) != PARLEY_OK)
        return (int)parley_storage_size() + (parley_error_string(PARLEY_OK)[0] != 0) +
               (parley_version()[0] != 0);
    (void)parley_provision(device, "id", "secret");
    (void)parley_provisioned(device);
    (void)parley_start(device);
    (void)parley_send_text(device, "text", &sequence);
    (void)parley_send_ticket(device, &ticket, &sequence);
    (void)parley_send_media(device, "media", "description", &sequence);
    parley_user_typing(device);
    parley_poll_soon(device);
    parley_message_shown(device, 1);
    parley_request_unread_count(device);
    (void)parley_step(device, &due);
    (void)parley_status(device, &status);
    parley_disconnect(device);
    parley_destroy(device);
    return 0;
}

/* c_ticket: the ticket app written in C on the C API (include/parley/parley.h), for a
 * POSIX host. Every callback of parley_hal_t is implemented here in plain C — a BSD
 * socket with poll() for the deadlines, CLOCK_MONOTONIC, getrandom(), a flash image in a
 * file with NOR rules, an identity file, stderr — as a board's C firmware would implement
 * them on its own drivers. It opens a service-desk ticket and waits for the first reply.
 *
 * Usage: c_ticket --server URL --ca FILE [--flash FILE] [--identity FILE]
 *                 [--dialect kpn|parley] [--provision] [--fault CODE] [--text TEXT]
 *                 [--wait SECONDS]
 *   --provision  read the credentials from stdin first (KPN: client id and secret on two
 *                lines; Parley direct: the account secret on one), kept sealed in flash
 * Exit status: 0 replied, 10 sent without a reply in time, 11 still queued, 1 failed,
 * 2 a bad command line. */
#define _DEFAULT_SOURCE /* getrandom, nanosleep, getaddrinfo */

#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "parley/parley.h"

/* ---- clock -------------------------------------------------------------------------- */

static uint32_t clock_now(void* context) {
    struct timespec t;
    (void)context;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (uint32_t)((uint64_t)t.tv_sec * 1000u + (uint64_t)t.tv_nsec / 1000000u);
}

static parley_error_t clock_wall(void* context, int64_t* seconds) {
    struct timespec t;
    (void)context;
    if (clock_gettime(CLOCK_REALTIME, &t) != 0) return PARLEY_ERR_UNAVAILABLE;
    *seconds = (int64_t)t.tv_sec;
    return PARLEY_OK;
}

/* Milliseconds until `deadline` on the monotonic scale (0 once passed; wraps safely). */
static int remaining_ms(uint32_t deadline) {
    const int32_t left = (int32_t)(deadline - clock_now(NULL));
    return left > 0 ? (int)left : 0;
}

/* ---- entropy ------------------------------------------------------------------------ */

static parley_error_t entropy_fill(void* context, uint8_t* out, size_t size) {
    (void)context;
    while (size > 0) {
        const ssize_t got = getrandom(out, size, 0);
        if (got < 0 && errno == EINTR) continue;
        if (got <= 0) return PARLEY_ERR_UNAVAILABLE;
        out += got;
        size -= (size_t)got;
    }
    return PARLEY_OK;
}

/* ---- socket: non-blocking TCP, poll() until the deadline ----------------------------- */

typedef struct {
    int fd;
} tcp_t;

static void tcp_close(void* context) {
    tcp_t* tcp = context;
    if (tcp->fd >= 0) close(tcp->fd);
    tcp->fd = -1;
}

static bool tcp_connected(void* context) {
    return ((tcp_t*)context)->fd >= 0;
}

/* Waits until `fd` is ready for `events` or the deadline: 1 ready, 0 not, -1 error. */
static int wait_ready(int fd, short events, uint32_t deadline) {
    struct pollfd p;
    int ready;
    p.fd = fd;
    p.events = events;
    p.revents = 0;
    do {
        ready = poll(&p, 1, remaining_ms(deadline));
    } while (ready < 0 && errno == EINTR);
    return ready;
}

static parley_error_t connect_one(tcp_t* tcp, const struct addrinfo* a, uint32_t deadline) {
    int error = 0;
    socklen_t length = sizeof error;
    const int one = 1;
    const int fd =
        socket(a->ai_family, a->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, a->ai_protocol);
    if (fd < 0) return PARLEY_ERR_NETWORK;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    if (connect(fd, a->ai_addr, a->ai_addrlen) != 0 && errno != EINPROGRESS) {
        close(fd);
        return PARLEY_ERR_NETWORK;
    }
    if (wait_ready(fd, POLLOUT, deadline) <= 0) {
        close(fd);
        return PARLEY_ERR_TIMEOUT;
    }
    if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &length) != 0 || error != 0) {
        close(fd);
        return PARLEY_ERR_NETWORK;
    }
    tcp->fd = fd;
    return PARLEY_OK;
}

static parley_error_t tcp_connect(void* context, const char* host, uint16_t port,
                                  uint32_t deadline) {
    tcp_t* tcp = context;
    struct addrinfo hints;
    struct addrinfo* found = NULL;
    const struct addrinfo* a;
    char service[8];
    parley_error_t result = PARLEY_ERR_NETWORK;
    if (tcp->fd >= 0) return PARLEY_ERR_FAILED_PRECONDITION;
    memset(&hints, 0, sizeof hints);
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    snprintf(service, sizeof service, "%u", (unsigned)port);
    /* getaddrinfo blocks past the deadline: the host's documented exception (porting.md). */
    if (getaddrinfo(host, service, &hints, &found) != 0) return PARLEY_ERR_NAME_RESOLUTION;
    for (a = found; a != NULL && result != PARLEY_OK; a = a->ai_next) {
        if (remaining_ms(deadline) == 0) {
            result = PARLEY_ERR_TIMEOUT;
            break;
        }
        result = connect_one(tcp, a, deadline);
    }
    freeaddrinfo(found);
    return result;
}

static parley_error_t tcp_send(void* context, const uint8_t* data, size_t size, uint32_t deadline,
                               size_t* done) {
    tcp_t* tcp = context;
    *done = 0;
    if (tcp->fd < 0) return PARLEY_ERR_CLOSED;
    for (;;) {
        const ssize_t sent = send(tcp->fd, data, size, MSG_NOSIGNAL);
        if (sent > 0) {
            *done = (size_t)sent;
            return PARLEY_OK;
        }
        if (sent < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) {
            tcp_close(tcp);
            return errno == EPIPE ? PARLEY_ERR_CLOSED : PARLEY_ERR_NETWORK;
        }
        if (sent < 0 && errno == EINTR) continue;
        if (wait_ready(tcp->fd, POLLOUT, deadline) <= 0) return PARLEY_OK; /* 0 moved */
    }
}

static parley_error_t tcp_recv(void* context, uint8_t* out, size_t size, uint32_t deadline,
                               size_t* done) {
    tcp_t* tcp = context;
    *done = 0;
    if (tcp->fd < 0) return PARLEY_ERR_CLOSED;
    for (;;) {
        const ssize_t got = recv(tcp->fd, out, size, 0);
        if (got > 0) {
            *done = (size_t)got;
            return PARLEY_OK;
        }
        if (got == 0) {
            tcp_close(tcp);
            return PARLEY_ERR_CLOSED;
        }
        if (errno == EINTR) continue;
        if (errno != EAGAIN && errno != EWOULDBLOCK) {
            tcp_close(tcp);
            return PARLEY_ERR_NETWORK;
        }
        if (wait_ready(tcp->fd, POLLIN, deadline) <= 0) return PARLEY_OK; /* 0 moved */
    }
}

/* ---- flash: a file of SECTORS x 4 KiB, NOR rules enforced ----------------------------- */

#define SECTOR_SIZE 4096u
#define SECTORS 20u

typedef struct {
    int fd;
} flash_t;

static parley_error_t flash_read(void* context, uint32_t address, uint8_t* out, size_t size) {
    const flash_t* flash = context;
    return pread(flash->fd, out, size, (off_t)address) == (ssize_t)size ? PARLEY_OK
                                                                        : PARLEY_ERR_FLASH;
}

static parley_error_t flash_program(void* context, uint32_t address, const uint8_t* data,
                                    size_t size) {
    const flash_t* flash = context;
    uint8_t now[256];
    size_t done;
    /* Checked first over the whole range: a refused request changes nothing. */
    for (done = 0; done < size; done += sizeof now) {
        const size_t n = size - done < sizeof now ? size - done : sizeof now;
        size_t i;
        if (flash_read(context, address + (uint32_t)done, now, n) != PARLEY_OK)
            return PARLEY_ERR_FLASH;
        for (i = 0; i < n; ++i)
            if ((data[done + i] & (uint8_t)~now[i]) != 0) return PARLEY_ERR_FLASH_NOT_ERASED;
    }
    for (done = 0; done < size; done += sizeof now) {
        const size_t n = size - done < sizeof now ? size - done : sizeof now;
        size_t i;
        if (flash_read(context, address + (uint32_t)done, now, n) != PARLEY_OK)
            return PARLEY_ERR_FLASH;
        for (i = 0; i < n; ++i)
            now[i] &= data[done + i];
        if (pwrite(flash->fd, now, n, (off_t)(address + done)) != (ssize_t)n)
            return PARLEY_ERR_FLASH;
    }
    return fdatasync(flash->fd) == 0 ? PARLEY_OK : PARLEY_ERR_FLASH;
}

static parley_error_t flash_erase(void* context, uint32_t sector) {
    const flash_t* flash = context;
    uint8_t blank[SECTOR_SIZE];
    memset(blank, 0xFF, sizeof blank);
    if (pwrite(flash->fd, blank, sizeof blank, (off_t)sector * SECTOR_SIZE) !=
        (ssize_t)sizeof blank)
        return PARLEY_ERR_FLASH;
    return fdatasync(flash->fd) == 0 ? PARLEY_OK : PARLEY_ERR_FLASH;
}

/* Opens the flash file; a new one is made erased. */
static int flash_open(flash_t* flash, const char* path) {
    off_t size;
    uint32_t sector;
    flash->fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (flash->fd < 0) return -1;
    size = lseek(flash->fd, 0, SEEK_END);
    if (size == (off_t)SECTOR_SIZE * SECTORS) return 0;
    if (size != 0) return -1; /* not one of ours */
    for (sector = 0; sector < SECTORS; ++sector)
        if (flash_erase(flash, sector) != PARLEY_OK) return -1;
    return 0;
}

/* ---- identity: 16-byte id + 32-byte key, made once from entropy --------------------- */

typedef struct {
    uint8_t id[16];
    uint8_t key[PARLEY_DEVICE_KEY_SIZE];
} identity_t;

static parley_error_t identity_key(void* context, uint8_t* out, size_t size) {
    const identity_t* identity = context;
    if (size < sizeof identity->key) return PARLEY_ERR_BUFFER_TOO_SMALL;
    memcpy(out, identity->key, sizeof identity->key);
    return PARLEY_OK;
}

static int identity_load(identity_t* identity, const char* path) {
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd >= 0) {
        const ssize_t got = read(fd, identity, sizeof *identity);
        close(fd);
        return got == (ssize_t)sizeof *identity ? 0 : -1;
    }
    if (entropy_fill(NULL, (uint8_t*)identity, sizeof *identity) != PARLEY_OK) return -1;
    fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0) return -1;
    if (write(fd, identity, sizeof *identity) != (ssize_t)sizeof *identity) {
        close(fd);
        return -1;
    }
    return close(fd);
}

/* ---- log ---------------------------------------------------------------------------- */

static int g_verbose;

static void log_write(void* context, parley_log_level_t level, const char* module,
                      size_t module_length, const char* message, size_t message_length) {
    static const char* const names[] = {"error", "warn", "info", "debug"};
    (void)context;
    if ((int)level > (g_verbose ? PARLEY_LOG_DEBUG : PARLEY_LOG_WARN)) return;
    fprintf(stderr, "[%s] %.*s: %.*s\n", names[level], (int)module_length, module,
            (int)message_length, message);
}

/* ---- the app ------------------------------------------------------------------------ */

typedef struct {
    uint32_t sequence; /* the ticket's outbox entry */
    bool sent;
    bool replied;
    bool failed;
    char shown[80]; /* the first bytes of the reply */
    size_t shown_length;
} ticket_state_t;

static void on_text(void* context, const char* piece, size_t length) {
    ticket_state_t* t = context;
    const size_t room = sizeof t->shown - 1 - t->shown_length;
    if (!t->sent) return;
    if (length > room) length = room; /* may cut a character: it is only shown */
    memcpy(t->shown + t->shown_length, piece, length);
    t->shown_length += length;
    t->shown[t->shown_length] = '\0';
}

static void on_dropped(void* context) {
    ticket_state_t* t = context;
    t->shown_length = 0;
    t->shown[0] = '\0';
}

static void on_message(void* context, const parley_message_t* m) {
    ticket_state_t* t = context;
    if (!t->sent) return; /* an older conversation */
    printf("reply from %s: %s (%lu bytes)\n", m->agent_present ? m->agent_name : "service",
           t->shown, (unsigned long)m->text_bytes);
    t->replied = true;
    on_dropped(context);
}

static void on_sent(void* context, uint32_t sequence, uint64_t server_id) {
    ticket_state_t* t = context;
    if (sequence != t->sequence) return;
    t->sent = true;
    printf("ticket: sent (message %llu)\n", (unsigned long long)server_id);
}

static void on_failed(void* context, uint32_t sequence, parley_error_t why, const char* error) {
    ticket_state_t* t = context;
    if (sequence != t->sequence) return;
    t->failed = true;
    printf("ticket: refused: %s (%s)\n", error, parley_error_string(why));
}

static void on_link(void* context, parley_link_t state, parley_error_t cause) {
    static const char* const names[] = {"connecting", "online", "retrying", "stopped"};
    (void)context;
    printf("network: %s (%s)\n", names[state], parley_error_string(cause));
}

typedef struct {
    const char* server;
    const char* ca;
    const char* flash;
    const char* identity;
    const char* dialect;
    const char* fault;
    const char* text;
    int wait_s;
    bool provision;
} options_t;

static int parse(int argc, char** argv, options_t* o) {
    int i;
    memset(o, 0, sizeof *o);
    o->flash = "c_ticket_flash.bin";
    o->identity = "c_ticket_identity.bin";
    o->dialect = "kpn";
    o->fault = "E42";
    o->wait_s = 30;
    for (i = 1; i < argc; ++i) {
        const char* a = argv[i];
        const char* v = i + 1 < argc ? argv[i + 1] : NULL;
        if (strcmp(a, "--provision") == 0)
            o->provision = true;
        else if (strcmp(a, "-v") == 0)
            g_verbose = 1;
        else if (v == NULL)
            return -1;
        else if (strcmp(a, "--server") == 0)
            o->server = v, ++i;
        else if (strcmp(a, "--ca") == 0)
            o->ca = v, ++i;
        else if (strcmp(a, "--flash") == 0)
            o->flash = v, ++i;
        else if (strcmp(a, "--identity") == 0)
            o->identity = v, ++i;
        else if (strcmp(a, "--dialect") == 0)
            o->dialect = v, ++i;
        else if (strcmp(a, "--fault") == 0)
            o->fault = v, ++i;
        else if (strcmp(a, "--text") == 0)
            o->text = v, ++i;
        else if (strcmp(a, "--wait") == 0)
            o->wait_s = atoi(v), ++i;
        else
            return -1;
    }
    if (o->server == NULL || o->ca == NULL || o->wait_s <= 0) return -1;
    return strcmp(o->dialect, "kpn") == 0 || strcmp(o->dialect, "parley") == 0 ? 0 : -1;
}

/* The CA file with its NUL (mbedTLS parses PEM with it). */
static uint8_t g_ca[256 * 1024];

static size_t read_ca(const char* path) {
    size_t size;
    FILE* f = fopen(path, "rb");
    if (f == NULL) return 0;
    size = fread(g_ca, 1, sizeof g_ca - 1, f);
    fclose(f);
    if (size == 0) return 0;
    g_ca[size] = 0;
    return size + 1;
}

/* One line from stdin, without its end. */
static int read_line(char* out, size_t size) {
    size_t length;
    if (fgets(out, (int)size, stdin) == NULL) return -1;
    length = strcspn(out, "\r\n");
    out[length] = '\0';
    return length > 0 ? 0 : -1;
}

static parley_error_t provision(parley_device_t* device, bool kpn) {
    char id[160];
    char secret[300];
    parley_error_t error;
    if (kpn && read_line(id, sizeof id) != 0) return PARLEY_ERR_INVALID_ARGUMENT;
    if (read_line(secret, sizeof secret) != 0) return PARLEY_ERR_INVALID_ARGUMENT;
    error = parley_provision(device, kpn ? id : NULL, secret);
    memset(secret, 0, sizeof secret);
    return error;
}

static int fail(const char* step, parley_error_t error) {
    printf("c_ticket: %s failed: %s\n", step, parley_error_string(error));
    return 1;
}

/* Steps the messenger until a reply, a refusal, a stop or the deadline. */
static void run(parley_device_t* device, ticket_state_t* t, uint32_t deadline) {
    parley_status_t status;
    for (;;) {
        uint32_t due = 0;
        struct timespec pause;
        int wait;
        parley_step(device, &due);
        parley_status(device, &status);
        if (t->replied || t->failed || status.link == PARLEY_LINK_STOPPED) return;
        if (remaining_ms(deadline) == 0) return;
        wait =
            remaining_ms(due) < remaining_ms(deadline) ? remaining_ms(due) : remaining_ms(deadline);
        pause.tv_sec = wait / 1000;
        pause.tv_nsec = (long)(wait % 1000) * 1000000L;
        nanosleep(&pause, NULL);
    }
}

static parley_storage_t g_storage; /* the whole device */

int main(int argc, char** argv) {
    options_t o;
    tcp_t tcp = {-1};
    flash_t flash = {-1};
    identity_t identity;
    ticket_state_t ticket;
    parley_hal_t hal;
    parley_config_t config;
    parley_device_t* device = NULL;
    parley_ticket_t facts;
    parley_status_t status;
    parley_error_t error;
    int code;

    if (parse(argc, argv, &o) != 0) {
        fprintf(stderr,
                "usage: c_ticket --server URL --ca FILE [--flash FILE] [--identity FILE]"
                " [--dialect kpn|parley] [--provision] [--fault CODE] [--text TEXT]"
                " [--wait SECONDS] [-v]\n");
        return 2;
    }
    if (flash_open(&flash, o.flash) != 0 || identity_load(&identity, o.identity) != 0) {
        fprintf(stderr, "c_ticket: cannot use %s or %s\n", o.flash, o.identity);
        return 1;
    }
    memset(&ticket, 0, sizeof ticket);
    memset(&hal, 0, sizeof hal);
    hal.socket = (parley_socket_t){&tcp, tcp_connect, tcp_send, tcp_recv, tcp_close, tcp_connected};
    hal.clock = (parley_clock_t){NULL, clock_now, clock_wall, NULL};
    hal.entropy = (parley_entropy_t){NULL, entropy_fill};
    hal.flash =
        (parley_flash_t){&flash, SECTOR_SIZE, SECTORS, 1, flash_read, flash_program, flash_erase};
    hal.log = (parley_log_t){NULL, log_write};
    hal.identity = (parley_identity_t){&identity, identity.id, sizeof identity.id, identity_key};

    parley_config_init(&config);
    config.server_url = o.server;
    config.dialect = strcmp(o.dialect, "kpn") == 0 ? PARLEY_DIALECT_KPN : PARLEY_DIALECT_PARLEY;
    config.device_name = "C ticket example";
    config.app_version = "1.0.0";
    config.ca_bundle = g_ca;
    config.ca_bundle_size = read_ca(o.ca);
    config.callbacks = (parley_callbacks_t){&ticket,   on_text, on_message, on_dropped, on_sent,
                                            on_failed, on_link, NULL,       NULL};
    if (config.ca_bundle_size == 0) {
        fprintf(stderr, "c_ticket: cannot read the CA file %s\n", o.ca);
        return 1;
    }

    printf("c_ticket: parley %s, storage %lu of %lu B\n", parley_version(),
           (unsigned long)parley_storage_size(), (unsigned long)sizeof g_storage);
    error = parley_create(&g_storage, sizeof g_storage, &hal, &config, &device);
    if (error != PARLEY_OK) return fail("create", error);
    if (o.provision &&
        (error = provision(device, config.dialect == PARLEY_DIALECT_KPN)) != PARLEY_OK)
        return fail("provision", error);
    if ((error = parley_start(device)) != PARLEY_OK) return fail("start", error);
    memset(&facts, 0, sizeof facts);
    facts.fault_code = o.fault;
    facts.description = o.text;
    facts.uptime_s = clock_now(NULL) / 1000u;
    if ((error = parley_send_ticket(device, &facts, &ticket.sequence)) != PARLEY_OK)
        return fail("ticket", error);
    printf("ticket: accepted into the outbox (#%lu)\n", (unsigned long)ticket.sequence);

    run(device, &ticket, clock_now(NULL) + (uint32_t)o.wait_s * 1000u);

    parley_status(device, &status);
    code = ticket.replied ? 0 : ticket.failed ? 1 : ticket.sent ? 10 : 11;
    if (status.link == PARLEY_LINK_STOPPED && !ticket.sent) code = 1;
    printf("result: %s (device %s, token requests: %lu, API operations: %lu)\n",
           code == 0    ? "replied"
           : code == 10 ? "sent"
           : code == 11 ? "queued"
                        : "failed",
           status.device_id, (unsigned long)status.token_requests,
           (unsigned long)status.operations);
    parley_destroy(device);
    close(flash.fd);
    return code;
}

// net_selftest: proves the board's whole network path under QEMU. Boots, brings up lwIP on
// the LAN9118, makes a verified TLS connection (mbedTLS over lwIP) to the URL given by
// url= (default PARLEY_BOARD_SELFTEST_URL), sends one HTTP GET and prints the status, then
// connects again (resuming the TLS session) for a second GET.
// Also shows that flash persists (a boot counter in the host file) and reports the stack
// high-water mark and the TLS arena peak. Exit status (through semihosting): 0 when the
// server answered 200, 1 otherwise, with "selftest: FAILED <step>: <status>" printed.
//
// Command line (semihosting), besides the board's flash= and wall=:
//   url=https://HOST[:PORT][/PATH]   what to fetch
//   ca=PATH                          a DER certificate read from the host to trust instead
//                                    of the built-in bundle (a wrong CA, to see it fail closed)
//   connections=N                    connects N times (1..100, default 2), each after the
//                                    first resuming the session (arena fragmentation)
//   fault=udf                        executes an undefined instruction first, to show the
//                                    fault report (registers, exit 139)
//   bench=N                          after the GET, fetches PATH/bulk/N from the same
//                                    server on a new connection: N x 16 KB written by the
//                                    server as 16 KB TLS records, read and discarded; prints
//                                    the bytes and the board's milliseconds for the body
//                                    (tests/boards/run-bench.sh turns them into figures)
//   icount=1                         instead of the connections: counts the instructions of
//                                    a full handshake, three message exchanges (POST, then
//                                    GET) on the kept connection and a resumed handshake
//                                    (apps/instruction_counts.h; run under QEMU's
//                                    -icount shift=0 by tests/boards/run-icount.sh);
//                                    with bench=N also the N records of /bulk/N's body,
//                                    on the resumed connection
//   suite=aes128|aes256|chacha20     every connection offers only that TLS 1.3 suite
//                                    (TLS_AES_128_GCM_SHA256, TLS_AES_256_GCM_SHA384,
//                                    TLS_CHACHA20_POLY1305_SHA256; TlsConfig::ciphersuites),
//                                    to measure each; default: the client's own list. Any
//                                    other value fails the run. With a TLS 1.2 server there
//                                    is then no suite in common: the handshake fails
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string_view>

#include "boards/common/mps2/apps/app_board.h"
#include "boards/common/mps2/apps/app_support.h"
#include "boards/common/mps2/apps/boot_counter.h"
#include "boards/common/mps2/apps/flash_rules_check.h"
#include "boards/common/mps2/apps/instruction_counts.h"
#include "boards/common/mps2/selftest_ca_bundle.h"
#include "boards/common/mps2/semihosting.h"
#include "boards/common/mps2/stack_usage.h"
#include "hal/log.h"
#include "mbedtls/ssl.h"
#include "net/http/http_client.h"
#include "net/tls/tls_client.h"
#include "net/tls/tls_config.h"
#include "net/tls/tls_platform.h"
#include "net/url/url.h"
#include "port/lwip/lwip_tcp_socket.h"

#ifndef PARLEY_BOARD_SELFTEST_URL
#define PARLEY_BOARD_SELFTEST_URL "https://10.0.2.100:4433/selftest"
#endif
#ifndef PARLEY_BOARD_SELFTEST_FLASH_FILE
#define PARLEY_BOARD_SELFTEST_FLASH_FILE "parley-selftest-flash.bin"
#endif

namespace {

using boards::mps2_an386::console_print;

constexpr const char* kLogModule = "selftest";
constexpr hal::Millis kExchangeTimeoutMs = 20000;
constexpr uint16_t kHttpOk = 200;
constexpr size_t kHttpBufferSize = 1024;
constexpr size_t kBodyBufferSize = 512;
constexpr size_t kBodyShown = 60;
constexpr size_t kBenchRecordSize = boards::mps2_an386::kBulkRecordSize;
constexpr size_t kBulkPathSize = 24;
constexpr unsigned long kMaxBenchRecords = 4096;
constexpr unsigned kDefaultConnections = 2;
constexpr unsigned kMaxConnections = 100;

// suite=: one TLS 1.3 suite offered alone. Static: mbedTLS keeps the pointer.
constexpr int kAes128[] = {MBEDTLS_TLS1_3_AES_128_GCM_SHA256, 0};
constexpr int kAes256[] = {MBEDTLS_TLS1_3_AES_256_GCM_SHA384, 0};
constexpr int kChaCha20[] = {MBEDTLS_TLS1_3_CHACHA20_POLY1305_SHA256, 0};

struct PinnedSuite {
    std::string_view name;  // suite=NAME
    const int* suites;
};
constexpr PinnedSuite kPinnedSuites[] = {
    {"aes128", kAes128},
    {"aes256", kAes256},
    {"chacha20", kChaCha20},
};

alignas(8) uint8_t g_tls_arena[net::tls::kArenaSize];
uint8_t g_http_buffer[kHttpBufferSize];
uint8_t g_body[kBodyBufferSize];

boards::mps2_an386::AppBoard g_board;
port::lwip::LwipTcpSocket g_tcp(g_board.stack());
net::tls::TlsClient g_tls(g_tcp, g_board.clock());

int fail(const char* step, hal::Status status) {
    return boards::mps2_an386::report_failure("selftest", step, status);
}

// Returns fail(step, ...) from run() when `expr` is not kOk.
#define SELFTEST_TRY(expr, step)                                                       \
    do {                                                                               \
        const hal::Status selftest_status_ = (expr);                                   \
        if (selftest_status_ != hal::Status::kOk) return fail(step, selftest_status_); \
    } while (0)

// suite=NAME: into *suites the list of kPinnedSuites named NAME; without suite=, nullptr
// (the client's own list). kInvalidArgument for a name not in kPinnedSuites.
hal::Status pinned_suites(const int** suites) {
    *suites = nullptr;
    const char* name = g_board.command_line().value("suite");
    if (name == nullptr) return hal::Status::kOk;
    for (const PinnedSuite& pinned : kPinnedSuites) {
        if (pinned.name == name) {
            *suites = pinned.suites;
            console_print("selftest: offering only TLS 1.3 suite %s\n", name);
            return hal::Status::kOk;
        }
    }
    HAL_LOG_ERROR(kLogModule, "unknown suite=%s (aes128, aes256 or chacha20)", name);
    return hal::Status::kInvalidArgument;
}

// The CA bundle: the DER one built into the image, parsed in place, or the host file
// named by ca= (app_support.h); `suites` offered (nullptr: the client's own list).
hal::Status configure_ca(const int* suites) {
    const char* path = nullptr;
    const hal::Status status = boards::mps2_an386::configure_ca(
        g_board.command_line(), hal::ConstByteSpan(kSelftestCaBundle, sizeof kSelftestCaBundle),
        &path, [suites](const net::tls::TlsConfig& config) {
            net::tls::TlsConfig pinned = config;
            pinned.ciphersuites = suites;
            return g_tls.configure(pinned);
        });
    if (path != nullptr) HAL_LOG_INFO(kLogModule, "CA bundle from %s", path);
    return status;
}

// The arena's high-water extent: how far into it any allocation ever reached, headers and
// fragmentation included (net::tls::ArenaUsage::high_water). Needs no MBEDTLS_MEMORY_DEBUG,
// which the board build leaves off.
size_t arena_extent() {
    return net::tls::arena_usage().high_water;
}

void report_resources() {
    const boards::mps2_an386::StackUsage stack = boards::mps2_an386::stack_usage();
    console_print("selftest: stack high-water %lu of %lu B\n",
                  static_cast<unsigned long>(stack.peak), static_cast<unsigned long>(stack.size));
    const net::tls::ArenaUsage arena = net::tls::arena_usage();
    if (arena.measured) {
        console_print("selftest: TLS arena peak %lu of %lu B (%lu blocks)\n",
                      static_cast<unsigned long>(arena.peak),
                      static_cast<unsigned long>(arena.capacity),
                      static_cast<unsigned long>(arena.peak_blocks));
    }
    console_print("selftest: TLS arena high-water extent %lu of %lu B\n",
                  static_cast<unsigned long>(arena_extent()),
                  static_cast<unsigned long>(sizeof g_tls_arena));
    console_print("selftest: LAN9118 dropped %lu frames\n",
                  static_cast<unsigned long>(g_board.netif().chip().dropped_frames()));
}

int fetch(const net::url::Url& origin, hal::Millis started) {
    net::http::HttpClient http(g_tls, g_board.clock(), origin, hal::ByteSpan(g_http_buffer));
    net::http::Request request;
    request.path = origin.base_path;
    net::http::ResponseHead head;
    const hal::Millis deadline = g_board.clock().now_ms() + kExchangeTimeoutMs;
    const hal::Result<size_t> body =
        http.request_into(request, hal::ByteSpan(g_body), &head, deadline);
    if (!body.ok()) {
        if (g_tls.last_error() != 0)
            HAL_LOG_ERROR(kLogModule, "mbedTLS -0x%04x", -g_tls.last_error());
        return fail("GET", body.status());
    }
    if (head.has_date) g_board.clock().set_wall_seconds(head.date);
    const size_t shown = body.value() < kBodyShown ? body.value() : kBodyShown;
    console_print("selftest: %.*s %.*s in %lu ms, resumed %s\n",
                  static_cast<int>(g_tls.protocol().size()), g_tls.protocol().data(),
                  static_cast<int>(g_tls.ciphersuite().size()), g_tls.ciphersuite().data(),
                  static_cast<unsigned long>(g_board.clock().now_ms() - started),
                  g_tls.session_resumed() ? "yes" : "no");
    console_print("selftest: HTTP %u, %lu body bytes: %.*s\n", head.status,
                  static_cast<unsigned long>(body.value()), static_cast<int>(shown),
                  reinterpret_cast<const char*>(g_body));
    http.close();
    if (head.status != kHttpOk) return fail("GET", hal::Status::kServiceError);
    return 0;
}

// bench=N (1..kMaxBenchRecords) into *records; 0 without bench=.
hal::Status bench_records(unsigned long* records) {
    *records = 0;
    const char* text = g_board.command_line().value("bench");
    if (text == nullptr) return hal::Status::kOk;
    *records = std::strtoul(text, nullptr, 10);
    return *records == 0 || *records > kMaxBenchRecords ? hal::Status::kInvalidArgument
                                                        : hal::Status::kOk;
}

// "/bulk/N" into `path` (no snprintf: newlib's pulls in malloc).
void bulk_path(unsigned long records, char (&path)[kBulkPathSize]) {
    std::strcpy(path, "/bulk/");
    char digits[12];
    size_t n_digits = 0;
    for (unsigned long rest = records; rest > 0 || n_digits == 0; rest /= 10)
        digits[n_digits++] = static_cast<char>('0' + rest % 10);
    size_t length = std::strlen(path);
    while (n_digits > 0)
        path[length++] = digits[--n_digits];
    path[length] = '\0';
}

// bench=N: GET /bulk/N, the body read to its end and discarded. Prints the body's bytes
// and the board clock's milliseconds from the end of the head to the end of the body
// (handshake and request excluded: what is measured is the receive path).
int bench(const net::url::Url& origin, unsigned long records) {
    net::http::HttpClient http(g_tls, g_board.clock(), origin, hal::ByteSpan(g_http_buffer));
    char path[kBulkPathSize];
    bulk_path(records, path);
    net::http::Request request;
    request.path = path;
    const hal::Millis started = g_board.clock().now_ms();
    const hal::Millis deadline = started + kExchangeTimeoutMs + records * 1000;
    const hal::Result<net::http::ResponseHead> head = http.begin(request, deadline);
    if (!head.ok()) return fail("bench GET", head.status());
    if (head.value().status != kHttpOk) return fail("bench GET", hal::Status::kServiceError);
    const hal::Millis body_started = g_board.clock().now_ms();
    unsigned long received = 0;
    for (;;) {
        const hal::Result<size_t> n = http.read_body(hal::ByteSpan(g_body), deadline);
        if (!n.ok()) return fail("bench body", n.status());
        if (n.value() == 0) break;
        received += static_cast<unsigned long>(n.value());
    }
    const hal::Millis ended = g_board.clock().now_ms();
    http.close();
    const unsigned long body_ms = static_cast<unsigned long>(ended - body_started);
    console_print(
        "selftest: bench %lu x %lu B records: %lu body bytes in %lu ms "
        "(%lu ms with handshake and head)\n",
        records, static_cast<unsigned long>(kBenchRecordSize), received, body_ms,
        static_cast<unsigned long>(ended - started));
    if (received != records * kBenchRecordSize) return fail("bench body", hal::Status::kCorrupt);
    return 0;
}

// connections=N (1..100), else 2.
unsigned connection_count() {
    const char* text = g_board.command_line().value("connections");
    if (text == nullptr) return kDefaultConnections;
    unsigned count = 0;
    for (; *text >= '0' && *text <= '9' && count <= kMaxConnections; ++text)
        count = count * 10 + static_cast<unsigned>(*text - '0');
    return count >= 1 && count <= kMaxConnections && *text == '\0' ? count : kDefaultConnections;
}

// The connections (connections=N: a full handshake, then resumed ones; the arena is
// measured over all, tests/boards/run-selftest.sh records it per kind of chain), then
// bench=N when asked.
int fetch_all(const char* url_text, const net::url::Url& origin) {
    console_print("selftest: GET %s\n", url_text);
    const unsigned connections = connection_count();
    for (unsigned connection = 1; connection <= connections; ++connection) {
        const int code = fetch(origin, g_board.clock().now_ms());
        if (code != 0) return code;
        console_print("selftest: connection %u %s, TLS arena extent %lu B\n", connection,
                      g_tls.session_resumed() ? "resumed" : "full handshake",
                      static_cast<unsigned long>(arena_extent()));
    }
    unsigned long records = 0;
    SELFTEST_TRY(bench_records(&records), "bench=");
    return records == 0 ? 0 : bench(origin, records);
}

// icount=1: instruction counts instead of the connections (apps/instruction_counts.h);
// with bench=N also those of receiving /bulk/N's body. Not inlined: its locals stay off
// the stack of the connections' path (the stack is sized from that path's peak).
[[gnu::noinline]] int count_instructions(const char* url_text, const net::url::Url& origin) {
    console_print("selftest: counting instructions against %s\n", url_text);
    unsigned long records = 0;
    SELFTEST_TRY(bench_records(&records), "bench=");
    char path[kBulkPathSize];
    bulk_path(records, path);
    boards::mps2_an386::CountingSetup setup{g_board.clock(), g_tls, hal::ByteSpan(g_http_buffer),
                                            hal::ByteSpan(g_body)};
    if (records > 0) {
        setup.bulk_path = path;
        setup.bulk_records = records;
    }
    return boards::mps2_an386::count_instructions(setup, origin);
}

int run() {
    SELFTEST_TRY(g_board.start(PARLEY_BOARD_SELFTEST_FLASH_FILE), "board");
    const char* fault = g_board.command_line().value("fault");
    if (fault != nullptr && std::strcmp(fault, "udf") == 0) {
#if defined(__riscv)
        __asm__ volatile("unimp");  // an illegal instruction, as udf on Arm
#else
        __asm__ volatile("udf #0");
#endif
    }
    const hal::Result<uint32_t> boots = boards::mps2_an386::count_boot(g_board.flash());
    if (!boots.ok()) return fail("flash boot counter", boots.status());
    console_print("selftest: boot #%lu with flash file %s\n",
                  static_cast<unsigned long>(boots.value()), g_board.flash_file());
    // The sector before the boot counter's is scratch in the self-test's own flash file.
    const uint32_t scratch = g_board.flash().geometry().sector_count - 2;
    SELFTEST_TRY(boards::mps2_an386::check_flash_rules(g_board.flash(), scratch),
                 "flash NOR rules");
    console_print("selftest: flash NOR rules hold (erase, 1->0, 0->1 refused)\n");

    const char* url_text = g_board.command_line().value("url");
    if (url_text == nullptr) url_text = PARLEY_BOARD_SELFTEST_URL;
    const hal::Result<net::url::Url> origin = net::url::parse_url(url_text);
    if (!origin.ok()) return fail("url", origin.status());
    const int* suites = nullptr;
    SELFTEST_TRY(pinned_suites(&suites), "suite=");

    const net::tls::PlatformConfig platform{hal::ByteSpan(g_tls_arena), &g_board.entropy(),
                                            &g_board.clock(),
                                            boards::mps2_an386::AppBoard::time_floor_seconds()};
    SELFTEST_TRY(net::tls::platform_init(platform), "TLS platform");
    SELFTEST_TRY(configure_ca(suites), "TLS configure");

    const char* icount = g_board.command_line().value("icount");
    if (icount != nullptr && std::strcmp(icount, "1") == 0)
        return count_instructions(url_text, origin.value());
    return fetch_all(url_text, origin.value());
}

}  // namespace

int main() {
    const int code = run();
    report_resources();
    console_print("selftest: %s (exit %d)\n", code == 0 ? "PASSED" : "FAILED", code);
    return code;
}

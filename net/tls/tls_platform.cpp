#include "net/tls/tls_platform.h"

#include <cstring>
#include <ctime>

#include "mbedtls/entropy.h"
#include "mbedtls/memory_buffer_alloc.h"
#include "mbedtls/platform.h"
#include "mbedtls/platform_time.h"
#include "mbedtls/platform_util.h"
#include "psa/crypto.h"

namespace net::tls {
namespace {

constexpr size_t kMinArenaSize = 4096;
// The arena beyond the allocator's first header is painted with this byte once, at init;
// see arena_usage(). The allocator never reads memory it has not written: 128 B is more
// than its header (32 B on a 32-bit MCU, 64 B on a 64-bit host).
constexpr uint8_t kArenaPaint = 0xA5;
constexpr size_t kArenaHeaderRoom = 128;

struct Platform {
    hal::Entropy* entropy = nullptr;
    hal::Clock* clock = nullptr;
    int64_t time_floor = 0;
    const uint8_t* arena = nullptr;
    size_t arena_capacity = 0;
    bool arena_ready = false;
    bool psa_ready = false;
};
Platform g_platform;

mbedtls_time_t wall_time(mbedtls_time_t* out) {
    int64_t now = g_platform.time_floor;
    if (g_platform.clock != nullptr) {
        const hal::Result<int64_t> wall = g_platform.clock->wall_seconds();
        if (wall.ok()) now = wall.value();
    }
    const auto t = static_cast<mbedtls_time_t>(now);
    if (out != nullptr) *out = t;
    return t;
}

// Days since 1970-01-01 to a civil date (proleptic Gregorian), after H. Hinnant's
// well-known algorithm; avoids pulling libc's time zone machinery onto a board.
void civil_from_days(int64_t days, int* year, int* month, int* day) {
    days += 719468;
    const int64_t era = (days >= 0 ? days : days - 146096) / 146097;
    const int64_t doe = days - era * 146097;
    const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const int64_t mp = (5 * doy + 2) / 153;
    const int64_t d = doy - (153 * mp + 2) / 5 + 1;
    const int64_t m = mp < 10 ? mp + 3 : mp - 9;
    *year = static_cast<int>(yoe + era * 400 + (m <= 2 ? 1 : 0));
    *month = static_cast<int>(m);
    *day = static_cast<int>(d);
}

}  // namespace

hal::Status platform_init(const PlatformConfig& config) {
    if (config.entropy == nullptr || config.clock == nullptr) return hal::Status::kInvalidArgument;
    if (!g_platform.arena_ready) {
        if (config.arena.data() == nullptr || config.arena.size() < kMinArenaSize) {
            return hal::Status::kInvalidArgument;
        }
        mbedtls_memory_buffer_alloc_init(config.arena.data(), config.arena.size());
        std::memset(config.arena.data() + kArenaHeaderRoom, kArenaPaint,
                    config.arena.size() - kArenaHeaderRoom);
        g_platform.arena = config.arena.data();
        g_platform.arena_capacity = config.arena.size();
        g_platform.arena_ready = true;
        mbedtls_platform_set_time(&wall_time);
    }
    g_platform.entropy = config.entropy;
    g_platform.clock = config.clock;
    g_platform.time_floor = config.time_floor_seconds;
    if (!g_platform.psa_ready) {
        if (psa_crypto_init() != PSA_SUCCESS) return hal::Status::kInternal;
        g_platform.psa_ready = true;
    }
    return hal::Status::kOk;
}

ArenaUsage arena_usage() {
    ArenaUsage usage{g_platform.arena_capacity, 0, 0, 0, false, 0};
    // The allocator clears every block it hands out (calloc) and writes a header after it;
    // the last byte that is no longer the paint bounds every allocation ever made. (The
    // last non-zero byte would not: mbedTLS zeroizes what it frees and the allocator clears
    // the headers of blocks it merges.)
    size_t end = g_platform.arena_capacity;
    while (end > kArenaHeaderRoom && g_platform.arena[end - 1] == kArenaPaint)
        --end;
    usage.high_water = g_platform.arena != nullptr ? end : 0;
#if defined(MBEDTLS_MEMORY_DEBUG)
    size_t used = 0;
    size_t blocks = 0;
    mbedtls_memory_buffer_alloc_cur_get(&used, &blocks);
    usage.current = used;
    mbedtls_memory_buffer_alloc_max_get(&used, &blocks);
    usage.peak = used;
    usage.peak_blocks = blocks;
    usage.measured = true;
#endif
    return usage;
}

void arena_reset_peak() {
#if defined(MBEDTLS_MEMORY_DEBUG)
    mbedtls_memory_buffer_alloc_max_reset();
#endif
}

}  // namespace net::tls

// ---- Hooks mbedTLS calls by name (see net/tls/mbedtls_config.h) ----------------------

// Declared in mbedTLS's private library/entropy_poll.h; the signature is fixed by
// MBEDTLS_ENTROPY_HARDWARE_ALT.
extern "C" int mbedtls_hardware_poll(void* data, unsigned char* output, size_t len, size_t* olen);

extern "C" int mbedtls_hardware_poll(void* /*data*/, unsigned char* output, size_t len,
                                     size_t* olen) {
    *olen = 0;
    if (net::tls::g_platform.entropy == nullptr) return MBEDTLS_ERR_ENTROPY_SOURCE_FAILED;
    if (net::tls::g_platform.entropy->fill(hal::ByteSpan(output, len)) != hal::Status::kOk) {
        return MBEDTLS_ERR_ENTROPY_SOURCE_FAILED;
    }
    *olen = len;
    return 0;
}

extern "C" mbedtls_ms_time_t mbedtls_ms_time(void) {
    // The HAL counter wraps every 49.7 days; ticket ages computed across a wrap come out
    // negative and mbedTLS then treats the ticket as unusable, which only costs a full
    // handshake.
    if (net::tls::g_platform.clock == nullptr) return 0;
    return static_cast<mbedtls_ms_time_t>(net::tls::g_platform.clock->now_ms());
}

extern "C" struct tm* mbedtls_platform_gmtime_r(const mbedtls_time_t* tt, struct tm* tm_buf) {
    constexpr int64_t kSecondsPerDay = 86400;
    const int64_t t = static_cast<int64_t>(*tt);
    int64_t days = t / kSecondsPerDay;
    int64_t secs = t % kSecondsPerDay;
    if (secs < 0) {
        secs += kSecondsPerDay;
        days -= 1;
    }
    int year = 0;
    int month = 0;
    int day = 0;
    net::tls::civil_from_days(days, &year, &month, &day);
    *tm_buf = tm{};
    tm_buf->tm_year = year - 1900;
    tm_buf->tm_mon = month - 1;
    tm_buf->tm_mday = day;
    tm_buf->tm_hour = static_cast<int>(secs / 3600);
    tm_buf->tm_min = static_cast<int>((secs % 3600) / 60);
    tm_buf->tm_sec = static_cast<int>(secs % 60);
    return tm_buf;
}

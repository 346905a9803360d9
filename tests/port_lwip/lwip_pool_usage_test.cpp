// lwIP's heap and pools, as the whole suite used them: the figures behind the sizes in
// port/lwip/include/lwipopts.h, and proof that none of them ran dry. CppUTest runs tests
// in the reverse order of registration and this file is linked first, so this runs last
// and sees the suite's peaks (run alone, it still holds, with smaller figures).
#include <CppUTest/TestHarness.h>

#include <cstdio>

#include "lwip/memp.h"
#include "lwip/stats.h"
#include "tests/port_lwip/lwip_test_env.h"

namespace {

struct Pool {
    const char* name;
    memp_t type;
};

constexpr Pool kPools[] = {{"TCP_PCB", MEMP_TCP_PCB},     {"TCP_SEG", MEMP_TCP_SEG},
                           {"PBUF_POOL", MEMP_PBUF_POOL}, {"PBUF", MEMP_PBUF},
                           {"UDP_PCB", MEMP_UDP_PCB},     {"SYS_TIMEOUT", MEMP_SYS_TIMEOUT}};

void print(const char* name, const stats_mem& stats) {
    std::printf("\n[figure] lwip-peak %-11s %5u of %5u (failed allocations %u)", name,
                static_cast<unsigned>(stats.max), static_cast<unsigned>(stats.avail),
                static_cast<unsigned>(stats.err));
}

}  // namespace

TEST_GROUP(LwipPools){};

TEST(LwipPools, HeapAndPoolsNeverRanDry) {
    CHECK_EQUAL(hal::Status::kOk, lwip_test::bring_up());
    print("heap", lwip_stats.mem);
    CHECK_EQUAL(0u, static_cast<unsigned>(lwip_stats.mem.err));
    for (const Pool& pool : kPools) {
        const stats_mem& stats = *lwip_stats.memp[pool.type];
        print(pool.name, stats);
        // A full pcb pool is expected: closed pcbs give way to new ones (tcp_alloc).
        if (pool.type != MEMP_TCP_PCB)
            CHECK_EQUAL_TEXT(0u, static_cast<unsigned>(stats.err), pool.name);
    }
    std::printf("\n");
}

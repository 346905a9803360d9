// The no-heap tests are only as good as the guard they rely on: it must see heap calls.
#include <cstdlib>
#include <new>

#include "tests/support/alloc_guard.h"

#include <CppUTest/TestHarness.h>

namespace {
// Called through volatile pointers so the compiler cannot elide the calls.
void* (*volatile g_malloc)(size_t) = std::malloc;
void (*volatile g_free)(void*) = std::free;
}  // namespace

TEST_GROUP(AllocGuard){};

TEST(AllocGuard, CountsMallocCalls) {
    size_t seen = 0;
    {
        test::AllocGuard guard;
        void* p = g_malloc(32);
        g_free(p);
        seen = guard.allocations();
    }
    CHECK_EQUAL(1U, seen);
}

TEST(AllocGuard, CountsOperatorNew) {
    size_t seen = 0;
    {
        test::AllocGuard guard;
        int* volatile p = new int(7);
        delete p;
        seen = guard.allocations();
    }
    CHECK(seen >= 1U);
}

TEST(AllocGuard, CountsNothingWhenNothingIsAllocated) {
    test::AllocGuard guard;
    volatile int x = 3;
    x = x + 1;
    CHECK_EQUAL(0U, guard.allocations());
}

#include "tests/support/alloc_guard.h"

#include <atomic>
#include <cstdlib>
#include <new>

namespace {
std::atomic<int> g_armed{0};
std::atomic<size_t> g_count{0};

void note() {
    if (g_armed.load(std::memory_order_relaxed) > 0)
        g_count.fetch_add(1, std::memory_order_relaxed);
}
}  // namespace

extern "C" {
// The linker routes calls to malloc & co. to __wrap_*; __real_* are the originals.
void* __wrap_malloc(size_t size);
void* __wrap_calloc(size_t n, size_t size);
void* __wrap_realloc(void* p, size_t size);
void __wrap_free(void* p);
void* __wrap__Znwm(size_t size);
void* __wrap__Znam(size_t size);
void* __wrap__ZnwmRKSt9nothrow_t(size_t size, const std::nothrow_t& tag);
void* __wrap__ZnamRKSt9nothrow_t(size_t size, const std::nothrow_t& tag);
void* __real_malloc(size_t size);
void* __real_calloc(size_t n, size_t size);
void* __real_realloc(void* p, size_t size);
void __real_free(void* p);

void* __wrap_malloc(size_t size) {
    note();
    return __real_malloc(size);
}
void* __wrap_calloc(size_t n, size_t size) {
    note();
    return __real_calloc(n, size);
}
void* __wrap_realloc(void* p, size_t size) {
    note();
    return __real_realloc(p, size);
}
void __wrap_free(void* p) {
    __real_free(p);
}
}

extern "C" {
void* __real__Znwm(size_t size);
void* __real__Znam(size_t size);
void* __real__ZnwmRKSt9nothrow_t(size_t, const std::nothrow_t&);
void* __real__ZnamRKSt9nothrow_t(size_t, const std::nothrow_t&);

// operator new(size_t), new[](size_t) and their nothrow forms, by mangled name.
void* __wrap__Znwm(size_t size) {
    note();
    return __real__Znwm(size);
}
void* __wrap__Znam(size_t size) {
    note();
    return __real__Znam(size);
}
void* __wrap__ZnwmRKSt9nothrow_t(size_t size, const std::nothrow_t& tag) {
    note();
    return __real__ZnwmRKSt9nothrow_t(size, tag);
}
void* __wrap__ZnamRKSt9nothrow_t(size_t size, const std::nothrow_t& tag) {
    note();
    return __real__ZnamRKSt9nothrow_t(size, tag);
}
}

namespace test {

AllocGuard::AllocGuard() {
    g_count.store(0);
    g_armed.fetch_add(1);
}
AllocGuard::~AllocGuard() {
    g_armed.fetch_sub(1);
}
size_t AllocGuard::allocations() const {
    return g_count.load();
}

}  // namespace test

// AllocGuard: counts heap calls (malloc, calloc, realloc, operator new) made while it is
// alive, so a test can prove that a code path allocates nothing (docs/design.md §3).
// Works through the linker's --wrap, so it sees calls from our objects and from the
// third-party libraries we build from source, not calls inside the C library itself.
#pragma once

#include <cstddef>

namespace test {

class AllocGuard {
  public:
    AllocGuard();
    ~AllocGuard();
    AllocGuard(const AllocGuard&) = delete;
    AllocGuard& operator=(const AllocGuard&) = delete;

    // Heap calls seen since construction.
    size_t allocations() const;
};

}  // namespace test

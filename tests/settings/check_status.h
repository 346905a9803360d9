// CHECK_STATUS(expected, expr): CHECK_EQUAL for a hal::Status that evaluates `expr` once.
// CppUTest's CHECK_EQUAL evaluates its arguments again to print them on failure, which
// would repeat a write or a mount; this stores the result first.
#pragma once

#include <CppUTest/TestHarness.h>

#include "hal/status.h"

#define CHECK_STATUS(expected, expr)                \
    do {                                            \
        const ::hal::Status check_status_ = (expr); \
        CHECK_EQUAL((expected), check_status_);     \
    } while (0)

// Lets CppUTest's CHECK_EQUAL print hal::Status by name ("timeout", not 5).
// Included into every suite by parley_add_suite (tests/CMakeLists.txt).
#pragma once

#include "hal/status.h"

#include <CppUTest/SimpleString.h>

SimpleString StringFrom(hal::Status status);

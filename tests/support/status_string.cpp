#include "tests/support/status_string.h"

SimpleString StringFrom(hal::Status status) {
    return SimpleString(hal::to_string(status));
}

// A host app's whole main(): runs `run`, and an exception that escaped it (every known
// cause is reported as a failure where it happens) becomes "<program>: internal error:
// …" and exit status 1, never an abort. Header only: the apps' main files are built with
// exceptions, the parley_host library is not.
#pragma once

#include <cstdio>
#include <exception>

#include "boards/host/app_commands.h"  // kExitFailed

namespace boards::host {

inline int guarded_main(const char* program, int (*run)(int, char**), int argc, char** argv) {
    try {
        return run(argc, argv);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "%s: internal error: %s\n", program, e.what());
    } catch (...) {
        std::fprintf(stderr, "%s: internal error: an unknown exception\n", program);
    }
    return kExitFailed;
}

}  // namespace boards::host

# parley_strict(target): the project's own code builds with warnings as errors and,
# on every target, without exceptions or RTTI (docs/design.md §4).
#
# Include paths (docs/packaging.md "Include paths"): our own sources include each other
# from the repository root ("net/tls/tls_client.h"), so the root is a PRIVATE include
# directory of every target of ours. What a consumer of a target sees instead is the
# staged tree of cmake/staged_include.cmake in the build tree, and include/parley (plus
# include, for <parley/parley.h>) in an install: never the repository root, so tests/,
# tools/, boards/ and the rest of the checkout stay out of a consumer's include path.
function(parley_strict target)
    target_compile_options(${target} PRIVATE
        -Wall -Wextra -Wpedantic -Werror -Wshadow -Wcast-align -Wformat=2 -Wundef
        -Wnon-virtual-dtor -Wold-style-cast -Wmissing-declarations
        $<$<COMPILE_LANGUAGE:CXX>:-fno-exceptions -fno-rtti>)
    target_include_directories(${target} PRIVATE "${PROJECT_SOURCE_DIR}")
    get_target_property(type ${target} TYPE)
    if(NOT type STREQUAL "EXECUTABLE")
        target_include_directories(${target} PUBLIC
            "$<BUILD_INTERFACE:${PARLEY_STAGED_INCLUDE_DIR}>"
            "$<BUILD_INTERFACE:${PARLEY_STAGED_INCLUDE_DIR}/parley>"
            "$<INSTALL_INTERFACE:${CMAKE_INSTALL_INCLUDEDIR}>"
            "$<INSTALL_INTERFACE:${CMAKE_INSTALL_INCLUDEDIR}/parley>")
    endif()
    if(PARLEY_COVERAGE)
        # The coverage preset (tools/coverage): gcov instrumentation for our code only.
        target_compile_options(${target} PRIVATE --coverage)
    endif()
endfunction()

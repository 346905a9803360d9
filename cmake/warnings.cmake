# parley_strict(target): the project's own code builds with warnings as errors and,
# on every target, without exceptions or RTTI (docs/design.md §4).
function(parley_strict target)
    target_compile_options(${target} PRIVATE
        -Wall -Wextra -Wpedantic -Werror -Wshadow -Wcast-align -Wformat=2 -Wundef
        -Wnon-virtual-dtor -Wold-style-cast -Wmissing-declarations
        $<$<COMPILE_LANGUAGE:CXX>:-fno-exceptions -fno-rtti>)
    target_include_directories(${target} PUBLIC "${PROJECT_SOURCE_DIR}")
    if(PARLEY_COVERAGE)
        # The coverage preset (tools/coverage): gcov instrumentation for our code only.
        target_compile_options(${target} PRIVATE --coverage)
    endif()
endfunction()

# The include tree a consumer sees in the build tree (docs/packaging.md "Include paths"):
#
#   ${PROJECT_BINARY_DIR}/include/parley/hal       -> <source>/hal        (symlinks)
#   ${PROJECT_BINARY_DIR}/include/parley/net       -> <source>/net
#   ${PROJECT_BINARY_DIR}/include/parley/firmware  -> <source>/firmware
#   ${PROJECT_BINARY_DIR}/include/parley/port      -> <source>/port
#   ${PROJECT_BINARY_DIR}/include/parley/parley.h  -> <source>/include/parley/parley.h
#   ${PROJECT_BINARY_DIR}/include/parley/parley_version.h   (generated, firmware/capi)
#
# It has the shape of the install's include/parley, so "hal/status.h" and
# <parley/parley.h> resolve the same way from a build tree (add_subdirectory,
# FetchContent) and from an install (find_package). Symlinks rather than copies: an edited
# header is seen at once, without a new configure.
set(PARLEY_STAGED_INCLUDE_DIR "${PROJECT_BINARY_DIR}/include")
file(MAKE_DIRECTORY "${PARLEY_STAGED_INCLUDE_DIR}/parley")
foreach(entry hal net firmware port include/parley/parley.h)
    get_filename_component(name "${entry}" NAME)
    set(link "${PARLEY_STAGED_INCLUDE_DIR}/parley/${name}")
    set(current "")
    if(IS_SYMLINK "${link}")
        file(READ_SYMLINK "${link}" current)
    endif()
    if(NOT current STREQUAL "${PROJECT_SOURCE_DIR}/${entry}")
        file(REMOVE_RECURSE "${link}")
        file(CREATE_LINK "${PROJECT_SOURCE_DIR}/${entry}" "${link}" SYMBOLIC)
    endif()
endforeach()

# The package (docs/packaging.md): the targets a consumer links, by the same names whether
# it builds this project with add_subdirectory / FetchContent or finds an install with
# find_package(ParleyClient CONFIG):
#
#   parley::client           hal + net + firmware services + the C API (no port)
#   parley::port_posix       the POSIX port (host builds only)
#   parley::port_lwip        the lwIP port (with lwIP)
#   parley::hal_conformance  the HAL conformance suite (docs/porting.md §7)
#
# and, underneath, one parley::<module> per library (parley::hal, parley::tls, ...) and
# the bundled third-party libraries as parley::mbedtls, parley::cjson, parley::lwip.
include(CMakePackageConfigHelpers)

# parley::client: everything but a port. The C API is in it, and the C++ modules it sits
# on; static libraries, so a consumer's link takes only what it uses.
add_library(parley_client INTERFACE)
target_link_libraries(parley_client INTERFACE
    parley_hal parley_text parley_url parley_http parley_json parley_oauth parley_parley
    parley_tls parley_flash parley_settings parley_token parley_outbox parley_messenger
    parley_device parley_ticket parley_kiosk parley_capi)

# Every library of ours a consumer can reach, with its exported name.
set(parley_package_targets
    parley_client:client parley_hal:hal parley_hal_conformance:hal_conformance
    parley_text:text parley_url:url parley_http:http parley_json:json parley_oauth:oauth
    parley_parley:parley parley_tls:tls parley_flash:flash parley_settings:settings
    parley_token:token parley_outbox:outbox parley_messenger:messenger parley_device:device
    parley_ticket:ticket parley_kiosk:kiosk parley_capi:capi parley_firmware:firmware
    parley_port_lwip:port_lwip)
if(TARGET parley_port_posix)
    list(APPEND parley_package_targets parley_port_posix:port_posix)
endif()
set(parley_install_targets)
foreach(entry IN LISTS parley_package_targets)
    string(REPLACE ":" ";" pair "${entry}")
    list(GET pair 0 target)
    list(GET pair 1 name)
    set_target_properties(${target} PROPERTIES EXPORT_NAME ${name})
    if(NOT TARGET parley::${name})
        add_library(parley::${name} ALIAS ${target})
    endif()
    list(APPEND parley_install_targets ${target})
endforeach()
# The third-party libraries: parley::mbedtls, parley::cjson, parley::lwip (in target and
# system mode, thin INTERFACE wrappers around what the parent or the system gives).
foreach(dep mbedtls cjson lwip)
    set_target_properties(parley_${dep} PROPERTIES EXPORT_NAME ${dep})
    add_library(parley::${dep} ALIAS parley_${dep})
    list(APPEND parley_install_targets parley_${dep})
endforeach()

if(NOT PARLEY_INSTALL)
    return()
endif()
if(NOT PARLEY_MBEDTLS STREQUAL "bundled" OR NOT PARLEY_LWIP STREQUAL "bundled"
   OR PARLEY_CJSON STREQUAL "target")
    message(FATAL_ERROR
        "PARLEY_INSTALL=ON needs the dependencies bundled (cJSON may also be system): a "
        "parent's targets are not part of this package. Turn PARLEY_INSTALL off, or "
        "install from a build with PARLEY_MBEDTLS/PARLEY_LWIP=bundled (docs/packaging.md).")
endif()

set(parley_config_dir "${CMAKE_INSTALL_LIBDIR}/cmake/ParleyClient")
install(TARGETS ${parley_install_targets} EXPORT ParleyClientTargets
        ARCHIVE DESTINATION "${CMAKE_INSTALL_LIBDIR}"
        LIBRARY DESTINATION "${CMAKE_INSTALL_LIBDIR}"
        INCLUDES DESTINATION "${CMAKE_INSTALL_INCLUDEDIR}")
install(EXPORT ParleyClientTargets NAMESPACE parley:: DESTINATION "${parley_config_dir}"
        FILE ParleyClientTargets.cmake)

# Headers: the same tree as the build's staged include (cmake/staged_include.cmake).
set(parley_header_dirs hal net firmware port/lwip)
if(TARGET parley_port_posix)
    list(APPEND parley_header_dirs port/posix)
endif()
foreach(dir IN LISTS parley_header_dirs)
    get_filename_component(parent "${dir}" DIRECTORY)
    install(DIRECTORY "${PROJECT_SOURCE_DIR}/${dir}"
            DESTINATION "${CMAKE_INSTALL_INCLUDEDIR}/parley/${parent}"
            FILES_MATCHING PATTERN "*.h")
endforeach()
install(FILES "${PROJECT_SOURCE_DIR}/include/parley/parley.h"
              "${PARLEY_STAGED_INCLUDE_DIR}/parley/parley_version.h"
        DESTINATION "${CMAKE_INSTALL_INCLUDEDIR}/parley")
# The bundled libraries' headers that ours include (net/tls/tls_client.h includes
# mbedTLS, port/lwip's headers lwIP), in a tree of their own so they never shadow a
# system mbedTLS or lwIP. cJSON's header is not needed (net/json declares struct cJSON).
install(DIRECTORY "${MBEDTLS_SOURCE_DIR}/include/"
        DESTINATION "${CMAKE_INSTALL_INCLUDEDIR}/parley/deps/mbedtls"
        FILES_MATCHING PATTERN "*.h")
install(DIRECTORY "${LWIP_SOURCE_DIR}/src/include/"
        DESTINATION "${CMAKE_INSTALL_INCLUDEDIR}/parley/deps/lwip"
        FILES_MATCHING PATTERN "*.h")

# Versioning (CHANGELOG.md): while the major version is 0, every minor release may break
# the API (Semantic Versioning §4), so a consumer asking for 0.1 accepts 0.1.x only
# (SameMinorVersion); from 1.0 on this becomes SameMajorVersion. The file also refuses an
# install built for another pointer size (a Cortex-M4 install for a 64-bit host).
set(parley_compatibility SameMajorVersion)
if(PROJECT_VERSION_MAJOR EQUAL 0)
    set(parley_compatibility SameMinorVersion)
endif()
write_basic_package_version_file(
    "${PROJECT_BINARY_DIR}/package/ParleyClientConfigVersion.cmake"
    VERSION "${PROJECT_VERSION}" COMPATIBILITY ${parley_compatibility})
configure_package_config_file(
    "${PROJECT_SOURCE_DIR}/cmake/ParleyClientConfig.cmake.in"
    "${PROJECT_BINARY_DIR}/package/ParleyClientConfig.cmake"
    INSTALL_DESTINATION "${parley_config_dir}")
install(FILES "${PROJECT_BINARY_DIR}/package/ParleyClientConfig.cmake"
              "${PROJECT_BINARY_DIR}/package/ParleyClientConfigVersion.cmake"
        DESTINATION "${parley_config_dir}")
install(FILES "${PROJECT_SOURCE_DIR}/README.md" "${PROJECT_SOURCE_DIR}/CHANGELOG.md"
        DESTINATION "${CMAKE_INSTALL_DOCDIR}")

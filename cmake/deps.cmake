# The three third-party libraries, each behind one project-prefixed target that the rest
# of the build links: parley_mbedtls, parley_cjson, parley_lwip (exported as
# parley::mbedtls, parley::cjson, parley::lwip; docs/packaging.md).
#
# Where each comes from (cache variables, docs/packaging.md "Dependencies"):
#   PARLEY_MBEDTLS = bundled | target        (no "system": see below)
#   PARLEY_CJSON   = bundled | target | system
#   PARLEY_LWIP    = bundled | target
# bundled (the default) builds it from source as a static library with this project's
# configuration: net/tls/mbedtls_config.h (+ psa_crypto_config.h) for mbedTLS,
# port/lwip/include/lwipopts.h for lwIP, a nesting limit and a heap-free allocator for
# cJSON. tools/bootstrap puts the sources under .deps/src; a machine without apt points
# MBEDTLS_SOURCE_DIR, LWIP_SOURCE_DIR, CJSON_SOURCE_DIR at its own source trees.
# target uses targets a parent project already defines (PARLEY_<DEP>_TARGETS); they must
# be configured as bundled would configure them (docs/packaging.md says what that means).
set(PARLEY_MBEDTLS "bundled" CACHE STRING "mbedTLS: bundled (built from MBEDTLS_SOURCE_DIR) or target")
set_property(CACHE PARLEY_MBEDTLS PROPERTY STRINGS bundled target)
set(PARLEY_CJSON "bundled" CACHE STRING "cJSON: bundled (built from CJSON_SOURCE_DIR), target or system")
set_property(CACHE PARLEY_CJSON PROPERTY STRINGS bundled target system)
set(PARLEY_LWIP "bundled" CACHE STRING "lwIP: bundled (built from LWIP_SOURCE_DIR) or target")
set_property(CACHE PARLEY_LWIP PROPERTY STRINGS bundled target)
set(PARLEY_MBEDTLS_TARGETS "MbedTLS::mbedtls;MbedTLS::mbedx509;MbedTLS::mbedcrypto" CACHE STRING
    "PARLEY_MBEDTLS=target: the parent's mbedTLS targets")
set(PARLEY_CJSON_TARGETS "cjson" CACHE STRING "PARLEY_CJSON=target: the parent's cJSON target")
set(PARLEY_LWIP_TARGETS "lwipcore" CACHE STRING "PARLEY_LWIP=target: the parent's lwIP target")

set(MBEDTLS_SOURCE_DIR "${PROJECT_SOURCE_DIR}/.deps/src/mbedtls" CACHE PATH "mbedTLS 3.6.x source tree")
set(LWIP_SOURCE_DIR "${PROJECT_SOURCE_DIR}/.deps/src/lwip" CACHE PATH "lwIP 2.2.x source tree")
set(CJSON_SOURCE_DIR "${PROJECT_SOURCE_DIR}/.deps/src/cjson" CACHE PATH "cJSON 1.7.x source tree")

if(PARLEY_MBEDTLS STREQUAL "system")
    message(FATAL_ERROR
        "PARLEY_MBEDTLS=system is not supported: an installed mbedTLS is built with its own "
        "configuration, and this client needs net/tls/mbedtls_config.h (static arena, no heap, "
        "the client-only suites). Use bundled, or target with an mbedTLS configured with it "
        "(docs/packaging.md).")
endif()
if(PARLEY_LWIP STREQUAL "system")
    message(FATAL_ERROR "PARLEY_LWIP=system is not supported (lwIP is configured at compile "
                        "time by port/lwip/include/lwipopts.h): bundled or target")
endif()
foreach(dep MBEDTLS LWIP CJSON)
    if(NOT PARLEY_${dep} MATCHES "^(bundled|target|system)$")
        message(FATAL_ERROR "PARLEY_${dep}='${PARLEY_${dep}}': expected bundled, target or system")
    endif()
    # The mbedTLS glue compiles against mbedTLS's private headers (library/) in target mode too.
    set(needs_source OFF)
    if(PARLEY_${dep} STREQUAL "bundled" OR dep STREQUAL "MBEDTLS")
        set(needs_source ON)
    endif()
    if(needs_source AND NOT EXISTS "${${dep}_SOURCE_DIR}")
        message(FATAL_ERROR
            "${dep}_SOURCE_DIR='${${dep}_SOURCE_DIR}' does not exist.\n"
            "Run tools/bootstrap (fetches the sources), or pass -D${dep}_SOURCE_DIR=<tree>.")
    endif()
    foreach(parent_target IN LISTS PARLEY_${dep}_TARGETS)
        if(PARLEY_${dep} STREQUAL "target" AND NOT TARGET "${parent_target}")
            message(FATAL_ERROR "PARLEY_${dep}=target: no target '${parent_target}' "
                                "(set PARLEY_${dep}_TARGETS to the parent's target names)")
        endif()
    endforeach()
endforeach()

# Third-party code keeps its own warnings; ours are errors, theirs are not our edits.
set(PARLEY_DEP_FLAGS -w)

# ---- mbedTLS ------------------------------------------------------------------------
# Plus our refusing default allocator (net/tls/mbedtls_no_heap.cpp): no C heap fallback.
# And the client-only replacements (net/tls/mbedtls_client_only.cpp): every user links with
# -Wl,--wrap for each of PARLEY_MBEDTLS_CLIENT_ONLY_WRAPS, so mbedTLS's private-key and
# signing code, which the client can never run, is no longer reached and --gc-sections drops it.
set(parley_mbedtls_glue "${PROJECT_SOURCE_DIR}/net/tls/mbedtls_no_heap.cpp"
                        "${PROJECT_SOURCE_DIR}/net/tls/mbedtls_client_only.cpp")
if(PARLEY_MBEDTLS STREQUAL "bundled")
    file(GLOB MBEDTLS_SOURCES "${MBEDTLS_SOURCE_DIR}/library/*.c")
    add_library(parley_mbedtls STATIC ${MBEDTLS_SOURCES} ${parley_mbedtls_glue})
    # (An install's directories are system headers to its consumers anyway: imported.)
    target_include_directories(parley_mbedtls SYSTEM PUBLIC
                               "$<BUILD_INTERFACE:${MBEDTLS_SOURCE_DIR}/include>")
    target_include_directories(parley_mbedtls PUBLIC
        "$<INSTALL_INTERFACE:${CMAKE_INSTALL_INCLUDEDIR}/parley/deps/mbedtls>")
    # The configuration headers by absolute path in the build tree (as before), through
    # the installed include/parley (net/tls/...) in an install.
    target_compile_definitions(parley_mbedtls PUBLIC
        "$<BUILD_INTERFACE:MBEDTLS_CONFIG_FILE=\"${PROJECT_SOURCE_DIR}/net/tls/mbedtls_config.h\">"
        "$<INSTALL_INTERFACE:MBEDTLS_CONFIG_FILE=\"net/tls/mbedtls_config.h\">"
        # Its PSA half (MBEDTLS_PSA_CRYPTO_CONFIG): only the algorithms and key types the client uses.
        "$<BUILD_INTERFACE:MBEDTLS_PSA_CRYPTO_CONFIG_FILE=\"${PROJECT_SOURCE_DIR}/net/tls/psa_crypto_config.h\">"
        "$<INSTALL_INTERFACE:MBEDTLS_PSA_CRYPTO_CONFIG_FILE=\"net/tls/psa_crypto_config.h\">")
    target_include_directories(parley_mbedtls INTERFACE
        "$<INSTALL_INTERFACE:${CMAKE_INSTALL_INCLUDEDIR}/parley>")
    target_compile_options(parley_mbedtls PRIVATE ${PARLEY_DEP_FLAGS})
    set_target_properties(parley_mbedtls PROPERTIES EXPORT_NAME mbedtls)
else()
    # The parent's mbedTLS 3.6 targets, built in this build (add_subdirectory of mbedTLS
    # before this project) with -DMBEDTLS_CONFIG_FILE=<this checkout>/net/tls/mbedtls_config.h
    # (docs/packaging.md). The rest of what bundled gives them — the PSA half of the
    # configuration and the PARLEY_TLS_* switches the configuration reads — is added to
    # them here, so that mbedTLS and the client see one configuration. Only the glue is
    # built here, against the private headers of MBEDTLS_SOURCE_DIR (the same tree).
    foreach(parent_target IN LISTS PARLEY_MBEDTLS_TARGETS)
        get_target_property(real "${parent_target}" ALIASED_TARGET)
        if(NOT real)
            set(real "${parent_target}")
        endif()
        get_target_property(imported "${real}" IMPORTED)
        get_target_property(definitions "${real}" INTERFACE_COMPILE_DEFINITIONS)
        if(imported OR NOT "${definitions}" MATCHES "net/tls/mbedtls_config\\.h")
            message(FATAL_ERROR
                "PARLEY_MBEDTLS=target: '${parent_target}' must be an mbedTLS 3.6 target built "
                "in this build with MBEDTLS_CONFIG_FILE=${PROJECT_SOURCE_DIR}/net/tls/"
                "mbedtls_config.h (mbedTLS's own CMake: -DMBEDTLS_CONFIG_FILE=...); "
                "an imported (prebuilt) mbedTLS has its own configuration (docs/packaging.md).")
        endif()
        target_compile_definitions("${real}" PUBLIC
            MBEDTLS_PSA_CRYPTO_CONFIG_FILE="${PROJECT_SOURCE_DIR}/net/tls/psa_crypto_config.h")
        if(PARLEY_TLS_MEASURE_ARENA)
            target_compile_definitions("${real}" PUBLIC PARLEY_TLS_MEASURE_ARENA=1)
        endif()
        if(NOT CMAKE_CROSSCOMPILING)
            target_compile_definitions("${real}" PUBLIC PARLEY_TLS_ERROR_STRINGS=1 PARLEY_TLS_PEM=1)
        endif()
    endforeach()
    add_library(parley_mbedtls STATIC ${parley_mbedtls_glue})
    target_link_libraries(parley_mbedtls PUBLIC ${PARLEY_MBEDTLS_TARGETS})
    # Its headers as system headers, as bundled has them: our -Werror is not for their macros.
    foreach(parent_target IN LISTS PARLEY_MBEDTLS_TARGETS)
        get_target_property(directories "${parent_target}" INTERFACE_INCLUDE_DIRECTORIES)
        if(directories)
            target_include_directories(parley_mbedtls SYSTEM PUBLIC ${directories})
        endif()
        # mbedTLS calls the glue (the refusing allocator, the __wrap_ replacements), which
        # bundled has inside its own archive: whoever links it links the glue too, in
        # whatever order the libraries end up on the command line (as lwIP and the port).
        get_target_property(real "${parent_target}" ALIASED_TARGET)
        if(NOT real)
            set(real "${parent_target}")
        endif()
        set_property(TARGET "${real}" APPEND PROPERTY INTERFACE_LINK_LIBRARIES parley_mbedtls)
    endforeach()
endif()
target_include_directories(parley_mbedtls PRIVATE "${MBEDTLS_SOURCE_DIR}/library")
set(PARLEY_MBEDTLS_CLIENT_ONLY_WRAPS
    psa_sign_hash psa_sign_message psa_asymmetric_encrypt psa_asymmetric_decrypt
    mbedtls_psa_rsa_sign_hash mbedtls_psa_ecdsa_sign_hash mbedtls_pk_sign_ext
    mbedtls_rsa_parse_key mbedtls_rsa_write_key mbedtls_rsa_check_pub_priv
    mbedtls_rsa_deduce_primes mbedtls_rsa_deduce_private_exponent mbedtls_rsa_validate_params
    mbedtls_rsa_validate_crt)
foreach(entry IN LISTS PARLEY_MBEDTLS_CLIENT_ONLY_WRAPS)
    target_link_options(parley_mbedtls INTERFACE "LINKER:--wrap=${entry}")
endforeach()
if(PARLEY_MBEDTLS STREQUAL "bundled" AND PARLEY_TLS_MEASURE_ARENA)
    target_compile_definitions(parley_mbedtls PUBLIC PARLEY_TLS_MEASURE_ARENA=1)
endif()
if(PARLEY_MBEDTLS STREQUAL "bundled" AND NOT CMAKE_CROSSCOMPILING)
    # Host apps and tests read PEM files; boards embed DER (net/tls/mbedtls_config.h).
    target_compile_definitions(parley_mbedtls PUBLIC PARLEY_TLS_ERROR_STRINGS=1 PARLEY_TLS_PEM=1)
endif()

# ---- cJSON --------------------------------------------------------------------------
# Only net/json's JsonDocument calls cJSON (the device's parsing streams without it), and
# it installs its own arena allocator with cJSON_InitHooks for each parse.
if(PARLEY_CJSON STREQUAL "bundled")
    add_library(parley_cjson STATIC "${CJSON_SOURCE_DIR}/cJSON.c")
    target_include_directories(parley_cjson SYSTEM PUBLIC "$<BUILD_INTERFACE:${CJSON_SOURCE_DIR}>")
    # Nesting is capped before parsing as well (docs/design.md §3); this is the backstop.
    target_compile_definitions(parley_cjson PUBLIC CJSON_NESTING_LIMIT=32)
    # No C heap and no newlib strtod (which allocates) inside cJSON: net/json/cjson_glue.h.
    target_compile_definitions(parley_cjson PRIVATE malloc=parley_cjson_malloc
                               free=parley_cjson_free realloc=parley_cjson_realloc
                               strtod=parley_json_strtod)
    target_compile_options(parley_cjson PRIVATE ${PARLEY_DEP_FLAGS})
    set_target_properties(parley_cjson PROPERTIES EXPORT_NAME cjson)
else()
    add_library(parley_cjson INTERFACE)
    if(PARLEY_CJSON STREQUAL "system")
        # Debian's libcjson-dev: its pkg-config file adds include/cjson, where cJSON.h is
        # (its CMake package file gives only include/). Looked up again by the package
        # config of an install (ParleyClientConfig.cmake).
        find_package(PkgConfig REQUIRED)
        pkg_check_modules(PARLEY_SYSTEM_CJSON REQUIRED IMPORTED_TARGET libcjson)
        target_link_libraries(parley_cjson INTERFACE PkgConfig::PARLEY_SYSTEM_CJSON)
    else()
        target_link_libraries(parley_cjson INTERFACE ${PARLEY_CJSON_TARGETS})
    endif()
endif()

# ---- lwIP (NO_SYS raw API, IPv4, Ethernet) -------------------------------------------
if(PARLEY_LWIP STREQUAL "bundled")
    set(LWIP_DIR "${LWIP_SOURCE_DIR}")
    include("${LWIP_SOURCE_DIR}/src/Filelists.cmake")
    add_library(parley_lwip STATIC ${lwipcore_SRCS} ${lwipcore4_SRCS}
                                   "${LWIP_SOURCE_DIR}/src/netif/ethernet.c")
    target_include_directories(parley_lwip SYSTEM PUBLIC
        "$<BUILD_INTERFACE:${LWIP_SOURCE_DIR}/src/include>"
        "$<BUILD_INTERFACE:${PROJECT_SOURCE_DIR}/port/lwip/include>")
    target_include_directories(parley_lwip PUBLIC
        "$<INSTALL_INTERFACE:${CMAKE_INSTALL_INCLUDEDIR}/parley/deps/lwip>"
        "$<INSTALL_INTERFACE:${CMAKE_INSTALL_INCLUDEDIR}/parley/port/lwip/include>")
    target_compile_options(parley_lwip PRIVATE ${PARLEY_DEP_FLAGS})
    set_target_properties(parley_lwip PROPERTIES EXPORT_NAME lwip)
else()
    # The parent's lwIP, compiled with port/lwip/include (lwipopts.h, arch/cc.h) first on
    # its include path (docs/packaging.md).
    add_library(parley_lwip INTERFACE)
    target_link_libraries(parley_lwip INTERFACE ${PARLEY_LWIP_TARGETS})
endif()

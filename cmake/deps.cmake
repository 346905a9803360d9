# Builds the three third-party libraries from source as static libraries with this
# project's configuration headers. tools/bootstrap puts the sources under .deps/src;
# a machine without apt can point these cache variables at its own source trees.
set(MBEDTLS_SOURCE_DIR "${PROJECT_SOURCE_DIR}/.deps/src/mbedtls" CACHE PATH "mbedTLS 3.6.x source tree")
set(LWIP_SOURCE_DIR "${PROJECT_SOURCE_DIR}/.deps/src/lwip" CACHE PATH "lwIP 2.2.x source tree")
set(CJSON_SOURCE_DIR "${PROJECT_SOURCE_DIR}/.deps/src/cjson" CACHE PATH "cJSON 1.7.x source tree")

foreach(dep MBEDTLS LWIP CJSON)
    if(NOT EXISTS "${${dep}_SOURCE_DIR}")
        message(FATAL_ERROR
            "${dep}_SOURCE_DIR='${${dep}_SOURCE_DIR}' does not exist.\n"
            "Run tools/bootstrap (fetches the sources), or pass -D${dep}_SOURCE_DIR=<tree>.")
    endif()
endforeach()

# Third-party code keeps its own warnings; ours are errors, theirs are not our edits.
set(PARLEY_DEP_FLAGS -w)

# ---- mbedTLS ------------------------------------------------------------------------
file(GLOB MBEDTLS_SOURCES "${MBEDTLS_SOURCE_DIR}/library/*.c")
# Plus our refusing default allocator (net/tls/mbedtls_no_heap.cpp): no C heap fallback.
# And the client-only replacements (net/tls/mbedtls_client_only.cpp): every user links with
# -Wl,--wrap for each of PARLEY_MBEDTLS_CLIENT_ONLY_WRAPS, so mbedTLS's private-key and
# signing code, which the client can never run, is no longer reached and --gc-sections drops it.
add_library(mbedtls_static STATIC ${MBEDTLS_SOURCES}
                                  "${PROJECT_SOURCE_DIR}/net/tls/mbedtls_no_heap.cpp"
                                  "${PROJECT_SOURCE_DIR}/net/tls/mbedtls_client_only.cpp")
set(PARLEY_MBEDTLS_CLIENT_ONLY_WRAPS
    psa_sign_hash psa_sign_message psa_asymmetric_encrypt psa_asymmetric_decrypt
    mbedtls_psa_rsa_sign_hash mbedtls_psa_ecdsa_sign_hash mbedtls_pk_sign_ext
    mbedtls_rsa_parse_key mbedtls_rsa_write_key mbedtls_rsa_check_pub_priv
    mbedtls_rsa_deduce_primes mbedtls_rsa_deduce_private_exponent mbedtls_rsa_validate_params
    mbedtls_rsa_validate_crt)
foreach(entry IN LISTS PARLEY_MBEDTLS_CLIENT_ONLY_WRAPS)
    target_link_options(mbedtls_static INTERFACE "LINKER:--wrap=${entry}")
endforeach()
target_include_directories(mbedtls_static SYSTEM PUBLIC "${MBEDTLS_SOURCE_DIR}/include")
target_include_directories(mbedtls_static PRIVATE "${MBEDTLS_SOURCE_DIR}/library")
target_compile_definitions(mbedtls_static PUBLIC MBEDTLS_CONFIG_FILE="${PROJECT_SOURCE_DIR}/net/tls/mbedtls_config.h")
# Its PSA half (MBEDTLS_PSA_CRYPTO_CONFIG): only the algorithms and key types the client uses.
target_compile_definitions(mbedtls_static PUBLIC
    MBEDTLS_PSA_CRYPTO_CONFIG_FILE="${PROJECT_SOURCE_DIR}/net/tls/psa_crypto_config.h")
if(PARLEY_TLS_MEASURE_ARENA)
    target_compile_definitions(mbedtls_static PUBLIC PARLEY_TLS_MEASURE_ARENA=1)
endif()
if(NOT CMAKE_CROSSCOMPILING)
    # Host apps and tests read PEM files; boards embed DER (net/tls/mbedtls_config.h).
    target_compile_definitions(mbedtls_static PUBLIC PARLEY_TLS_ERROR_STRINGS=1 PARLEY_TLS_PEM=1)
endif()
target_compile_options(mbedtls_static PRIVATE ${PARLEY_DEP_FLAGS})
set_target_properties(mbedtls_static PROPERTIES OUTPUT_NAME parley_mbedtls)

# ---- cJSON --------------------------------------------------------------------------
add_library(cjson_static STATIC "${CJSON_SOURCE_DIR}/cJSON.c")
target_include_directories(cjson_static SYSTEM PUBLIC "${CJSON_SOURCE_DIR}")
# Nesting is capped before parsing as well (docs/design.md §3); this is the backstop.
target_compile_definitions(cjson_static PUBLIC CJSON_NESTING_LIMIT=32)
# No C heap and no newlib strtod (which allocates) inside cJSON: net/json/cjson_glue.h.
target_compile_definitions(cjson_static PRIVATE malloc=parley_cjson_malloc
                           free=parley_cjson_free realloc=parley_cjson_realloc
                           strtod=parley_json_strtod)
target_compile_options(cjson_static PRIVATE ${PARLEY_DEP_FLAGS})
set_target_properties(cjson_static PROPERTIES OUTPUT_NAME parley_cjson)

# ---- lwIP (NO_SYS raw API, IPv4, Ethernet) -------------------------------------------
set(LWIP_DIR "${LWIP_SOURCE_DIR}")
include("${LWIP_SOURCE_DIR}/src/Filelists.cmake")
add_library(lwip_static STATIC ${lwipcore_SRCS} ${lwipcore4_SRCS}
                               "${LWIP_SOURCE_DIR}/src/netif/ethernet.c")
target_include_directories(lwip_static SYSTEM PUBLIC "${LWIP_SOURCE_DIR}/src/include"
                                                    "${PROJECT_SOURCE_DIR}/port/lwip/include")
target_compile_options(lwip_static PRIVATE ${PARLEY_DEP_FLAGS})
set_target_properties(lwip_static PROPERTIES OUTPUT_NAME parley_lwip)

# The consumer tests (tests/consumer/run.sh, docs/packaging.md), ctest label "consumer":
#   consumer_install       cmake --install of this build into a temporary prefix (fixture)
#   consumer_find_package  the consumer project against that prefix, C++ and C smoke sends
#   consumer_version       find_package(ParleyClient 1.0 / 0.2 CONFIG) fails, 0.1 passes
#   consumer_subdirectory  the consumer with add_subdirectory(<checkout>), smoke sends
#   consumer_fetchcontent  the consumer with FetchContent from the checkout, smoke sends
#   consumer_parent_targets  add_subdirectory with the parent's mbedTLS (PARLEY_MBEDTLS=target)
#                          and the system's cJSON (PARLEY_CJSON=system), smoke sends
#   consumer_cortex_m4     the C API linked by a consumer for the Cortex-M4
# Included from tests/CMakeLists.txt for the plain host build only (the sanitizer and
# coverage builds would add their cost for nothing). Each consumer build runs with -j2, so
# each test claims both of ctest's slots (PROCESSORS 2): nothing timing-sensitive runs
# beside a compile.
set(consumer_run "${CMAKE_CURRENT_LIST_DIR}/run.sh")
set(consumer_work "${PROJECT_BINARY_DIR}/tests/consumer")
set(consumer_certs "${PROJECT_BINARY_DIR}/tests/tls/certs")
set(consumer_deps "-DMBEDTLS_SOURCE_DIR=${MBEDTLS_SOURCE_DIR}" "-DLWIP_SOURCE_DIR=${LWIP_SOURCE_DIR}"
                  "-DCJSON_SOURCE_DIR=${CJSON_SOURCE_DIR}")

foreach(mode install find_package version subdirectory fetchcontent parent_targets
             cortex-m4)
    string(REPLACE "-" "_" name "consumer_${mode}")
    add_test(NAME ${name}
             COMMAND "${consumer_run}" ${mode} "${PROJECT_BINARY_DIR}" "${consumer_certs}"
                     "${consumer_work}/${mode}" ${consumer_deps})
    set_tests_properties(${name} PROPERTIES LABELS consumer TIMEOUT 900 PROCESSORS 2)
endforeach()
set_tests_properties(consumer_install PROPERTIES FIXTURES_SETUP consumer_prefix)
set_tests_properties(consumer_version PROPERTIES FIXTURES_REQUIRED consumer_prefix)
set_tests_properties(consumer_find_package PROPERTIES FIXTURES_REQUIRED "consumer_prefix;tls_certs")
set_tests_properties(consumer_subdirectory consumer_fetchcontent consumer_parent_targets
                     PROPERTIES FIXTURES_REQUIRED tls_certs)

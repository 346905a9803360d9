# parley_mps2_board(BOARD name DESCRIPTION text LAN9118_BASE address LINKER_SCRIPT path
#                   [LAN9118_IRQ line] [CORE_CLOCK_HZ hz]): the images of one MPS2/MPS3 board
# under QEMU, built from the sources of boards/common/mps2 (shared by every such board: the
# LAN9118 driver and netif, semihosting, runtime, startup, board glue, the
# flash/identity/log/entropy emulations and the apps) with that board's parameters; the
# CPU flags are the toolchain file's. LAN9118_IRQ is the controller's external interrupt
# line (13 when not given: AN386, AN500), CORE_CLOCK_HZ the clock the SysTick counts
# (25 MHz when not given). The linker script gives the memory map and INCLUDEs
# mps2_sections.ld (this folder's parent), the sections every board lays out the same way.
# Called from boards/<board>/CMakeLists.txt:
# - parley_mps2_an386_runtime (OBJECT, so its definitions always win over newlib's): startup,
#   vector table, the C runtime hooks (no heap: _sbrk refuses), semihosting;
# - parley_mps2_an386: log, flash, entropy, identity, LAN9118 netif, Mps2Board;
# - systick_clock.cpp (the clock) is compiled into each image, which chooses whether it
#   counts the time asleep in WFI (PARLEY_BOARD_COUNT_IDLE: the self-test, for its
#   instruction counts under QEMU's -icount, docs/performance.md);
# - mps2_net_selftest.elf and mps2_ticket.elf, with map files, and post-build checks that no
#   allocator is linked (tests/boards/check-no-heap.sh) and no mbedTLS private-key or
#   signing code (tests/boards/check-client-only.sh).
# One board per cross build (the toolchain file's PARLEY_BOARD), so the target names are
# the same on every board.
# A board of another architecture (boards/qemu-riscv32) shares the emulations and the apps
# and brings its own startup and runtime (RUNTIME), network driver and board glue (DRIVERS)
# and clock (CLOCK), with the compile DEFINITIONS that tell the apps which (apps/app_board.h)
# and its toolchain's NM and SIZE; each defaults to the MPS2 boards' own.
get_filename_component(PARLEY_MPS2_SOURCE_DIR "${CMAKE_CURRENT_LIST_DIR}/.." ABSOLUTE)

function(parley_mps2_board)
    cmake_parse_arguments(arg ""
                          "BOARD;DESCRIPTION;LAN9118_BASE;LAN9118_IRQ;CORE_CLOCK_HZ;LINKER_SCRIPT;CLOCK;NM;SIZE"
                          "RUNTIME;DRIVERS;DEFINITIONS" ${ARGN})
    set(dir "${PARLEY_MPS2_SOURCE_DIR}")
    if(NOT arg_LAN9118_IRQ)
        set(arg_LAN9118_IRQ 13)
    endif()
    if(NOT arg_CORE_CLOCK_HZ)
        set(arg_CORE_CLOCK_HZ 25000000u)
    endif()
    if(NOT arg_RUNTIME)
        set(arg_RUNTIME "${dir}/startup.S" "${dir}/runtime.cpp")
    endif()
    if(NOT arg_DRIVERS)
        set(arg_DRIVERS "${dir}/lan9118.cpp" "${dir}/lan9118_netif.cpp" "${dir}/mps2_board.cpp")
    endif()
    if(NOT arg_CLOCK)
        set(arg_CLOCK "${dir}/systick_clock.cpp")
    endif()
    if(NOT arg_NM)
        set(arg_NM arm-none-eabi-nm)
    endif()
    if(NOT arg_SIZE)
        set(arg_SIZE arm-none-eabi-size)
    endif()

    # The stack and the RAM region (stack included) are set in ${arg_LINKER_SCRIPT}, with the reasons
    # for their values; these override them for a trial (empty: the linker script's value).
    set(PARLEY_BOARD_STACK_SIZE "" CACHE STRING
        "${arg_BOARD}: main stack size in bytes (empty: ${arg_LINKER_SCRIPT}'s __stack_size)")
    set(PARLEY_BOARD_RAM_SIZE "" CACHE STRING
        "${arg_BOARD}: RAM region in bytes, stack included (empty: ${arg_LINKER_SCRIPT}'s __ram_size)")
    set(PARLEY_BOARD_CERT_DIR "${CMAKE_CURRENT_BINARY_DIR}/certs" CACHE PATH
        "${arg_BOARD}: certificate folder; the default is made by tools/certs/make-test-certs")
    set(PARLEY_BOARD_CA_FILE "bundle.pem" CACHE STRING
        "${arg_BOARD}: the CA bundle built into the image, a file in PARLEY_BOARD_CERT_DIR")
    # The tests' servers, as the board sees them (tests/boards/board-net.sh: a guestfwd
    # address on QEMU's user-mode network, or the TAP side of a namespace).
    set(PARLEY_BOARD_TEST_SAN "IP:10.0.2.100")

    set(generated "${CMAKE_CURRENT_BINARY_DIR}/generated")
    set(generated_headers "${generated}/boards/common/mps2")
    set(ca_pem "${PARLEY_BOARD_CERT_DIR}/${PARLEY_BOARD_CA_FILE}")

    find_program(PARLEY_PYTHON3 python3 REQUIRED)
    set(board_ca_der "${generated}/board_ca_bundle.der")
    set(selftest_ca_der "${generated}/selftest_ca_bundle.der")
    set(selftest_ca_pems "${ca_pem}")

    # Test certificates, when the folder is the default one (a real CA bundle is given instead):
    # tools/certs/make-test-certs, then the board's own (cmake/make-board-certs: an RSA-2048
    # leaf, an RSA-4096 root with an intermediate, other-ca.der for the wrong-CA boots).
    if(PARLEY_BOARD_CERT_DIR STREQUAL "${CMAKE_CURRENT_BINARY_DIR}/certs")
        add_custom_command(
            OUTPUT "${PARLEY_BOARD_CERT_DIR}/bundle.pem" "${PARLEY_BOARD_CERT_DIR}/server-extra.pem"
            COMMAND ${CMAKE_COMMAND} -E env "EXTRA_SAN=${PARLEY_BOARD_TEST_SAN}"
                    "${PROJECT_SOURCE_DIR}/tools/certs/make-test-certs" "${PARLEY_BOARD_CERT_DIR}"
            COMMENT "${arg_BOARD}: test certificates (EXTRA_SAN=${PARLEY_BOARD_TEST_SAN})"
            VERBATIM)
        add_custom_command(
            OUTPUT "${PARLEY_BOARD_CERT_DIR}/rsa4096-ca.pem" "${PARLEY_BOARD_CERT_DIR}/board-rsa.pem"
                   "${PARLEY_BOARD_CERT_DIR}/board-rsa-int.pem" "${PARLEY_BOARD_CERT_DIR}/other-ca.der"
            COMMAND "${dir}/cmake/make-board-certs" "${PARLEY_BOARD_CERT_DIR}"
                    "${PARLEY_BOARD_TEST_SAN}"
            DEPENDS "${PARLEY_BOARD_CERT_DIR}/bundle.pem"
                    "${dir}/cmake/make-board-certs"
            COMMENT "${arg_BOARD}: board test certificates (RSA-2048, RSA-4096 root + intermediate)"
            VERBATIM)
        # The self-test image also trusts the RSA-4096 root (its arena is measured over every
        # kind of chain, tests/boards/run-selftest.sh); the ticket image does not.
        list(APPEND selftest_ca_pems "${PARLEY_BOARD_CERT_DIR}/rsa4096-ca.pem")
    endif()

    # The CA bundles as DER certificates back to back (cmake/pem_to_der.py), embedded as const
    # data: they stay in flash and are parsed in place (net::tls::TlsConfig::ca_in_place).
    add_custom_command(
        OUTPUT "${board_ca_der}"
        COMMAND "${PARLEY_PYTHON3}" "${dir}/cmake/pem_to_der.py" "${board_ca_der}"
                "${ca_pem}"
        DEPENDS "${ca_pem}" "${dir}/cmake/pem_to_der.py"
        COMMENT "${arg_BOARD}: CA bundle as DER from ${ca_pem}"
        VERBATIM)
    add_custom_command(
        OUTPUT "${selftest_ca_der}"
        COMMAND "${PARLEY_PYTHON3}" "${dir}/cmake/pem_to_der.py"
                "${selftest_ca_der}" ${selftest_ca_pems}
        DEPENDS ${selftest_ca_pems} "${dir}/cmake/pem_to_der.py"
        COMMENT "${arg_BOARD}: self-test CA bundle as DER"
        VERBATIM)
    add_custom_command(
        OUTPUT "${generated_headers}/board_ca_bundle.h"
        COMMAND ${CMAKE_COMMAND} -DINPUT=${board_ca_der} -DOUTPUT=${generated_headers}/board_ca_bundle.h
                -DNAME=kBoardCaBundle -P "${dir}/cmake/embed_file.cmake"
        DEPENDS "${board_ca_der}" "${dir}/cmake/embed_file.cmake"
        COMMENT "${arg_BOARD}: built-in CA bundle"
        VERBATIM)
    add_custom_command(
        OUTPUT "${generated_headers}/selftest_ca_bundle.h"
        COMMAND ${CMAKE_COMMAND} -DINPUT=${selftest_ca_der}
                -DOUTPUT=${generated_headers}/selftest_ca_bundle.h -DNAME=kSelftestCaBundle
                -P "${dir}/cmake/embed_file.cmake"
        DEPENDS "${selftest_ca_der}" "${dir}/cmake/embed_file.cmake"
        COMMENT "${arg_BOARD}: the self-test's built-in CA bundle"
        VERBATIM)
    # After the CA bundle, so the time floor is never older than the certificates just made.
    add_custom_command(
        OUTPUT "${generated_headers}/build_time.h"
        COMMAND ${CMAKE_COMMAND} -DOUTPUT=${generated_headers}/build_time.h
                -P "${dir}/cmake/build_time.cmake"
        DEPENDS "${generated_headers}/board_ca_bundle.h" "${generated_headers}/selftest_ca_bundle.h"
                "${dir}/cmake/build_time.cmake"
        COMMENT "${arg_BOARD}: firmware build time (certificate time floor)"
        VERBATIM)
    add_custom_target(parley_mps2_generated
        DEPENDS "${generated_headers}/board_ca_bundle.h" "${generated_headers}/selftest_ca_bundle.h"
                "${generated_headers}/build_time.h")

    add_library(parley_mps2_an386_runtime OBJECT ${arg_RUNTIME} "${dir}/constructors.cpp"
        "${dir}/semihosting.cpp" "${dir}/stack_usage.cpp")
    parley_strict(parley_mps2_an386_runtime)
    target_link_libraries(parley_mps2_an386_runtime PUBLIC parley_hal)
    # The board's parameters (board_config.h, lan9118.h), seen by every object of its images.
    target_compile_definitions(parley_mps2_an386_runtime PUBLIC
        "PARLEY_BOARD_LAN9118_BASE=${arg_LAN9118_BASE}"
        "PARLEY_BOARD_LAN9118_IRQ=${arg_LAN9118_IRQ}"
        "PARLEY_BOARD_CORE_CLOCK_HZ=${arg_CORE_CLOCK_HZ}"
        "PARLEY_BOARD_DESCRIPTION=\"${arg_DESCRIPTION}\""
        "PARLEY_BOARD_HARDWARE_ID=\"${arg_BOARD}-emulator-0001\""
        "PARLEY_BOARD_DEVICE_SECRET=\"${arg_BOARD} emulator device key seed (public)\""
        ${arg_DEFINITIONS})

    add_library(parley_mps2_an386 STATIC
        "${dir}/command_line.cpp"
        "${dir}/emulator_entropy.cpp"
        "${dir}/emulator_identity.cpp"
        ${arg_DRIVERS}
        "${dir}/semihost_flash.cpp"
        "${dir}/semihost_log.cpp"
        "${dir}/wall_time.cpp")
    parley_strict(parley_mps2_an386)
    add_dependencies(parley_mps2_an386 parley_mps2_generated)
    target_include_directories(parley_mps2_an386 PUBLIC "${generated}")
    target_link_libraries(parley_mps2_an386 PUBLIC parley_mps2_an386_runtime parley_port_lwip parley_hal
                                                   parley_mbedtls)

    # parley_mps2_app(name source...): <name>.elf for the board (with the board's clock), with
    # its map file and the no-heap and client-only checks.
    function(parley_mps2_app name)
        add_executable(${name} ${ARGN} "${arg_CLOCK}")
        parley_strict(${name})
        # The runtime directly: objects of an OBJECT library reach only the targets linking it.
        target_link_libraries(${name} PRIVATE parley_mps2_an386_runtime parley_mps2_an386)
        target_link_options(${name} PRIVATE
            -nostartfiles
            "-T${arg_LINKER_SCRIPT}"
            "-L${dir}"  # the script's INCLUDE mps2_sections.ld
            "-Wl,-Map=${CMAKE_CURRENT_BINARY_DIR}/${name}.map"
            -Wl,--print-memory-usage)
        if(NOT PARLEY_BOARD_STACK_SIZE STREQUAL "")
            target_link_options(${name} PRIVATE "-Wl,--defsym=__stack_size=${PARLEY_BOARD_STACK_SIZE}")
        endif()
        if(NOT PARLEY_BOARD_RAM_SIZE STREQUAL "")
            target_link_options(${name} PRIVATE "-Wl,--defsym=__ram_size=${PARLEY_BOARD_RAM_SIZE}")
        endif()
        set_target_properties(${name} PROPERTIES SUFFIX ".elf"
                              LINK_DEPENDS "${arg_LINKER_SCRIPT};${dir}/mps2_sections.ld")
        add_custom_command(TARGET ${name} POST_BUILD
            COMMAND ${CMAKE_COMMAND} -E env "NM=${arg_NM}"
                    "${PROJECT_SOURCE_DIR}/tests/boards/check-no-heap.sh" $<TARGET_FILE:${name}>
            COMMAND ${CMAKE_COMMAND} -E env "NM=${arg_NM}"
                    "${PROJECT_SOURCE_DIR}/tests/boards/check-client-only.sh"
                    $<TARGET_FILE:${name}> ${PARLEY_MBEDTLS_CLIENT_ONLY_WRAPS} mbedtls_rsa_private
                    mbedtls_rsa_pkcs1_sign mbedtls_ecdsa_sign_restartable
            COMMAND ${arg_SIZE} $<TARGET_FILE:${name}>
            VERBATIM)
    endfunction()

    parley_mps2_app(mps2_net_selftest "${dir}/apps/net_selftest.cpp" "${dir}/apps/app_support.cpp"
        "${dir}/apps/boot_counter.cpp" "${dir}/apps/flash_rules_check.cpp"
        "${dir}/apps/instruction_counts.cpp")
    target_link_libraries(mps2_net_selftest PRIVATE parley_tls parley_http parley_url)
    # The self-test counts instructions without the time asleep (icount=1, apps/net_selftest.cpp).
    target_compile_definitions(mps2_net_selftest PRIVATE PARLEY_BOARD_COUNT_IDLE=1)

    # The ticket app: the whole device (settings, token keeper, Parley client, messenger) on
    # the board (apps/ticket.cpp). tools/footprint reads its map file.
    parley_mps2_app(mps2_ticket "${dir}/apps/ticket.cpp" "${dir}/apps/app_support.cpp")
    target_link_libraries(mps2_ticket PRIVATE parley_ticket parley_device)
endfunction()

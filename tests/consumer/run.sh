#!/usr/bin/env bash
# The consumer tests (tests/consumer, docs/packaging.md; ctest label "consumer"): the
# out-of-tree project of this folder built against the client three ways, each binary
# sending through tools/sim/parley-sim; the version check of the package config; the C
# API cross-built for the Cortex-M4 by a consumer.
#
# Usage: run.sh MODE BUILD_DIR CERT_DIR WORK_DIR [-DVAR=VALUE...]
#   MODE       install       cmake --install BUILD_DIR into WORK_DIR/prefix (the fixture)
#              find_package  the consumer against WORK_DIR/../install/prefix
#              version       find_package(ParleyClient 1.0 / 0.2 CONFIG) must fail, 0.1 pass
#              subdirectory  the consumer with add_subdirectory(<checkout>)
#              fetchcontent  the consumer with FetchContent (SOURCE_DIR: the checkout)
#              parent_targets  add_subdirectory with the parent's mbedTLS targets and the
#                            system's cJSON (PARLEY_MBEDTLS=target, PARLEY_CJSON=system)
#              cortex-m4     tests/consumer/cortex_m4 with cmake/toolchain-cortex-m4.cmake
#   BUILD_DIR  the project's build (install mode: what is installed)
#   CERT_DIR   the tls_certs fixture (ca.pem, server-ec.pem, server-ec.key)
#   -D...      passed to the consumer's configure (the dependency source trees)
# Consumers build in Release with -j2 (CI cost, README "Quick start").
set -euo pipefail
MODE="$1"
BUILD="$2"
CERTS="$3"
WORK="$4"
shift 4
DEFINES=("$@")
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "${HERE}/../.." && pwd)"
PREFIX="$(dirname "${WORK}")/install/prefix"

configure_and_build() {  # SOURCE BINARY extra cmake arguments...
    local source="$1" binary="$2"
    shift 2
    rm -rf "${binary}"
    cmake -S "${source}" -B "${binary}" -G Ninja -DCMAKE_BUILD_TYPE=Release \
        "${DEFINES[@]}" "$@" >"${binary}.configure.log" 2>&1 ||
        { cat "${binary}.configure.log"; return 1; }
    cmake --build "${binary}" -j2
}

# The simulator on an ephemeral port with its bot, as tests/capi/c_ticket_smoke.sh does.
start_sim() {
    mkdir -p "${WORK}/sim"
    rm -f "${WORK}/sim/ports.json"
    "${ROOT}/tools/sim/parley-sim" --cert "${CERTS}/server-ec.pem" --key "${CERTS}/server-ec.key" \
        --port 0 --control-port 0 --ports-file "${WORK}/sim/ports.json" --bot --bot-delay 0.2 \
        --log-file "${WORK}/sim/sim.log" >"${WORK}/sim/sim.out" 2>&1 &
    SIM_PID=$!
    trap 'kill ${SIM_PID} 2>/dev/null; wait ${SIM_PID} 2>/dev/null || true' EXIT
    for _ in $(seq 100); do
        [ -f "${WORK}/sim/ports.json" ] && break
        kill -0 "${SIM_PID}" 2>/dev/null || { cat "${WORK}/sim/sim.out" >&2; exit 1; }
        sleep 0.1
    done
    local port
    port="$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["api_port"])' \
        "${WORK}/sim/ports.json")"
    SERVER="https://localhost:${port}/communication/parley/secure-messenger"
}

smoke() {  # BINARY_DIR: both programs send and get the bot's reply
    local bin="$1"
    start_sim
    echo "== consumer_cpp (C++, parley::client + parley::port_posix)"
    mkdir -p "${WORK}/cpp"
    "${bin}/consumer_cpp" --server "${SERVER}" --ca "${CERTS}/ca.pem" --dir "${WORK}/cpp" |
        tee "${WORK}/cpp.out"
    grep -q "^reply from " "${WORK}/cpp.out"
    echo "== consumer_c (C, the C API; examples/c_ticket/main.c)"
    mkdir -p "${WORK}/c"
    printf 'demo-client\ndemo-secret\n' |
        "${bin}/consumer_c" --server "${SERVER}" --ca "${CERTS}/ca.pem" --provision --wait 30 \
            --flash "${WORK}/c/flash.bin" --identity "${WORK}/c/identity.bin" \
            --fault E42 --text "Smoke test from an out-of-tree C consumer" | tee "${WORK}/c.out"
    grep -q "^reply from Service Bot: Ticket T-" "${WORK}/c.out"
}

rm -rf "${WORK}"
mkdir -p "${WORK}"
start=${SECONDS}
case "${MODE}" in
    install)
        rm -rf "${PREFIX}"
        cmake --install "${BUILD}" --prefix "${PREFIX}" >"${WORK}/install.log"
        (cd "${PREFIX}" && find . -type f | sort) >"${WORK}/files.txt"
        echo "installed $(wc -l <"${WORK}/files.txt") files into ${PREFIX}:"
        grep -v -E '^\./include/parley/deps/' "${WORK}/files.txt"
        echo "(and $(grep -c -E '^\./include/parley/deps/' "${WORK}/files.txt") headers of" \
            "mbedTLS and lwIP under include/parley/deps)"
        # No text file of the install (headers, package config) may point back into the
        # source or build tree (the archives' debug information names their sources).
        if grep -r -l -I -F -e "${ROOT}" -e "$(cd "${BUILD}" && pwd)" "${PREFIX}"; then
            echo "the install refers to the source or build tree (above)" >&2
            exit 1
        fi
        ;;
    find_package)
        configure_and_build "${HERE}" "${WORK}/build" -DPARLEY_CONSUME=find_package \
            -DCMAKE_PREFIX_PATH="${PREFIX}"
        smoke "${WORK}/build"
        ;;
    version)
        check() {  # REQUEST pass|fail
            local log="${WORK}/request-$1.log"
            rm -rf "${WORK}/v"
            if cmake -S "${HERE}/version_check" -B "${WORK}/v" -DPARLEY_REQUEST="$1" \
                -DCMAKE_PREFIX_PATH="${PREFIX}" >"${log}" 2>&1; then
                result=pass
            else
                result=fail
            fi
            echo "find_package(ParleyClient $1 CONFIG): ${result} (expected $2)"
            [ "${result}" = "$2" ] || { cat "${log}"; exit 1; }
        }
        check 0.1 pass
        check 0.1.0 pass
        check 1.0 fail
        check 0.2 fail
        # The refusal names the version found, not a missing package.
        grep -q -E "ParleyClientConfig.cmake, version: [0-9]+\.[0-9]+\.[0-9]+" "${WORK}/request-1.0.log"
        ;;
    subdirectory | fetchcontent | parent_targets)
        configure_and_build "${HERE}" "${WORK}/build" -DPARLEY_CONSUME="${MODE}" \
            -DPARLEY_CHECKOUT="${ROOT}"
        smoke "${WORK}/build"
        ;;
    cortex-m4)
        configure_and_build "${HERE}/cortex_m4" "${WORK}/build" -DCMAKE_BUILD_TYPE=MinSizeRel \
            -DCMAKE_TOOLCHAIN_FILE="${ROOT}/cmake/toolchain-cortex-m4.cmake" \
            -DPARLEY_CHECKOUT="${ROOT}"
        arm-none-eabi-size "${WORK}/build/consumer_cm4_probe.elf"
        # No heap in the image (docs/design.md §4): the C library's allocator stays out.
        if grep -q -E '^ \.text\.(_malloc_r|malloc)\b' "${WORK}/build/consumer_cm4_probe.map"; then
            echo "malloc is linked into the probe" >&2
            exit 1
        fi
        ;;
    *)
        echo "run.sh: unknown mode ${MODE}" >&2
        exit 2
        ;;
esac
echo "consumer ${MODE}: ok in $((SECONDS - start)) s"

#!/usr/bin/env bash
# The host apps on a damaged flash file: damage is survived or reported, never silent, and
# a read-only command writes nothing. (Regressions, each seen before: 8 flipped bits in the
# settings made a new device id and lost the credentials; 2 flipped bits in the outbox made
# a queued message vanish without a word; `status` on random bytes reformatted the file
# and made a new device id.)
# Usage: flash_damage_test.sh PARLEY_TICKET CERTS_TOOL
set -u
ticket="$1"
make_certs="$2"
dir="$(mktemp -d)"
trap 'rm -rf "${dir}"' EXIT
"${make_certs}" "${dir}/certs" >/dev/null 2>&1 || { echo "FAIL: make-test-certs"; exit 1; }
export PARLEY_FLASH="${dir}/flash.bin" PARLEY_IDENTITY="${dir}/id.bin"
export PARLEY_CA="${dir}/certs/ca.pem" PARLEY_SERVER="https://127.0.0.1:9"  # nothing listens
outbox_at=$((4 * 4096))  # the outbox partition follows four 4 KiB settings sectors
status=0

fail() { echo "FAIL: $*"; status=1; }
ok() { echo "ok: $*"; }
run() { timeout 20 "${ticket}" "$@" 2>&1; }
# flip FILE OFFSET MASK...: XOR bytes at OFFSET, OFFSET+1, ... with the masks
flip() {
    python3 - "$@" <<'EOF'
import sys
path, at, masks = sys.argv[1], int(sys.argv[2]), [int(m, 0) for m in sys.argv[3:]]
data = bytearray(open(path, "rb").read())
for i, m in enumerate(masks):
    data[at + i * 7] ^= m
open(path, "wb").write(data)
EOF
}
# flip_used FILE COUNT SEED: COUNT bits in distinct used (not 0xFF) bytes of the settings
flip_used() {
    python3 - "$@" <<'EOF'
import random, sys
path, count, seed = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
data = bytearray(open(path, "rb").read())
used = [i for i in range(4 * 4096) if data[i] != 0xFF]
rng = random.Random(seed)
for i in rng.sample(used, count):
    data[i] ^= 1 << rng.randrange(8)
open(path, "wb").write(data)
EOF
}

# 1. status on a device that does not exist yet creates nothing.
out="$(run status)"
if [ -e "${PARLEY_FLASH}" ] || [ -e "${PARLEY_IDENTITY}" ]; then
    fail "status created files: ${out}"
else
    ok "status on no device: ${out}"
fi

# 2. Provisioned device, 8 flipped bits in used settings bytes, for several seeds: status
#    reports the damage, keeps the device id and the credentials, and writes nothing;
#    the next read-write run repairs it.
printf 'client-id\nsecret-value\n' | run provision >/dev/null || fail "provision"
device="$(run status | sed -n 's/^device: //p')"
cp "${PARLEY_FLASH}" "${dir}/clean.bin"
for seed in 1 2 3 4 5 6 7 8; do
    cp "${dir}/clean.bin" "${PARLEY_FLASH}"
    flip_used "${PARLEY_FLASH}" 8 "${seed}"
    cp "${PARLEY_FLASH}" "${dir}/damaged.bin"
    out="$(run status)"
    if ! grep -q "^device: ${device}$" <<<"${out}" || ! grep -q "^provisioned: yes" <<<"${out}"; then
        fail "seed ${seed}: identity lost after 8 flipped bits: ${out}"
    elif ! grep -q "^flash: damage found" <<<"${out}"; then
        fail "seed ${seed}: damage not reported: ${out}"
    elif ! cmp -s "${PARLEY_FLASH}" "${dir}/damaged.bin"; then
        fail "seed ${seed}: status wrote to the flash"
    else
        ok "seed ${seed}: device id and credentials kept, damage reported, nothing written"
    fi
done
out="$(run provision </dev/null)"  # a read-write run (refuses the empty input) repairs
out="$(run status)"
grep -q "^flash: no damage found" <<<"${out}" && ok "repaired by the next read-write run" ||
    fail "not repaired: ${out}"

# 3. Two queued messages, the first damaged beyond correction: reported, the second kept.
cp "${dir}/clean.bin" "${PARLEY_FLASH}"
for code in E1 E2; do
    timeout 3 "${ticket}" send --fault "${code}" --wait 1 >/dev/null 2>&1
done
out="$(run status)"
grep -q "^outbox: 2 waiting" <<<"${out}" || fail "two messages not queued: ${out}"
flip "${PARLEY_FLASH}" $((outbox_at + 24 + 24 + 2)) 0x01 0x20  # two bits of the first text
out="$(run status)"
if grep -q "^outbox: 1 waiting" <<<"${out}" &&
    grep -q "1 queued message lost to flash damage" <<<"${out}" &&
    grep -q "Fault report E2" <<<"${out}"; then
    ok "a damaged queued message is reported, the next one kept"
else
    fail "outbox damage not reported: ${out}"
fi
out="$(timeout 3 "${ticket}" send --fault E3 --wait 1 2>&1)"
grep -q "queued message lost to flash damage" <<<"${out}" && ok "send reports it too" ||
    fail "send did not report the loss: ${out}"

# 4. Random bytes: reported, untouched by status and provision; format needs --yes.
head -c 81920 /dev/urandom >"${PARLEY_FLASH}"
cp "${PARLEY_FLASH}" "${dir}/random.bin"
out="$(run status)"
code=$?
if [ "${code}" -ne 1 ] || ! grep -q "no readable log" <<<"${out}"; then
    fail "random bytes: status exit ${code}: ${out}"
else
    ok "random bytes: status says: ${out:0:90}..."
fi
printf 'client-id\nsecret-value\n' | run provision >/dev/null
cmp -s "${PARLEY_FLASH}" "${dir}/random.bin" && ok "random bytes: provision wrote nothing" ||
    fail "random bytes: provision wrote to the flash"
out="$(run format)"
code=$?
[ "${code}" -eq 2 ] && cmp -s "${PARLEY_FLASH}" "${dir}/random.bin" &&
    ok "format without --yes: exit 2, nothing erased" || fail "format without --yes: ${out}"
out="$(run format --yes)"
[ $? -eq 0 ] && [ "$(tr -d '\377' <"${PARLEY_FLASH}" | wc -c)" -eq 0 ] &&
    ok "format --yes erased the file" || fail "format --yes: ${out}"
out="$(run status)"
grep -q "^provisioned: no" <<<"${out}" && ok "after format: not provisioned" ||
    fail "after format: ${out}"

[ "${status}" -eq 0 ] && echo "PASS: flash damage" || echo "FAIL: flash damage"
exit "${status}"

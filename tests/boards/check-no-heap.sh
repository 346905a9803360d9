#!/usr/bin/env bash
# Fails when a board image can allocate from a heap (docs/design.md §3: the board image
# links no allocator at all). Reads the ELF's symbol table:
#   - no allocator at all: malloc/free/calloc/realloc and their newlib _r forms (picolibc's
#     internals and sbrk too),
#     memalign & co., operator new/delete (every overload), __cxa_allocate_exception;
#   - no heap for an _sbrk to hand out: none of the linker symbols a heap would start
#     at (end, _end, __end__, __heap_start/__heap_end, ...), and no newlib _sbrk_r.
# The map file next to the ELF says who pulled a symbol in ("Archive member included to
# satisfy reference by file (symbol)").
# Usage: check-no-heap.sh IMAGE.elf      (NM=... to use another nm)
set -euo pipefail
ELF="${1:?usage: check-no-heap.sh IMAGE.elf}"
NM="${NM:-arm-none-eabi-nm}"

allocators='malloc|_malloc_r|free|_free_r|calloc|_calloc_r|realloc|_realloc_r|reallocf|_reallocf_r'
allocators+='|memalign|_memalign_r|posix_memalign|aligned_alloc|valloc|_valloc_r|pvalloc|_pvalloc_r'
allocators+='|_malloc_usable_size_r|__malloc_lock|_sbrk_r|__cxa_allocate_exception'
allocators+='|_Zn[wa][jm].*|_Zd[la]Pv.*'
# picolibc's (boards/qemu-riscv32): its malloc's internals, sbrk without the underscore.
allocators+='|cfree|reallocarray|malloc_usable_size|__malloc_malloc|__malloc_free|__malloc_grow_chunk'
allocators+='|__malloc_free_list|__malloc_sbrk_start|__malloc_sbrk_top|sbrk'
heap_bounds='end|_end|__end__|__heap_start|__heap_start__|__heap_end|__heap_end__|__HeapBase'
heap_bounds+='|__HeapLimit|__heap_base|__heap_limit|_heap_start|_heap_end|heap_end'

[ -f "${ELF}" ] || { echo "check-no-heap: ${ELF} does not exist" >&2; exit 2; }
symbols="$("${NM}" --defined-only "${ELF}" | awk '{print $3}')"
bad="$(grep -E -x "${allocators}|${heap_bounds}" <<<"${symbols}" || true)"
if [ -n "${bad}" ]; then
    echo "check-no-heap: FAILED: $(basename "${ELF}") links a heap:" >&2
    sed 's/^/    /' <<<"${bad}" >&2
    echo "  see ${ELF%.elf}.map, 'Archive member included to satisfy reference by file'" >&2
    exit 1
fi
# Any _sbrk must be the board's refusing one (runtime.cpp), not libnosys'.
if grep -q -x '_sbrk' <<<"${symbols}" && ! "${NM}" "${ELF}" | grep -q ' board_exit$'; then
    echo "check-no-heap: FAILED: an _sbrk from outside the board runtime is linked" >&2
    exit 1
fi
echo "check-no-heap: $(basename "${ELF}"): no allocator, no heap"

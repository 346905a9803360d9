/* Reset and trap entry of the qemu-riscv32 board (QEMU riscv32 `virt`, -bios none: the
 * hart starts in M-mode at 0x80000000, the start of RAM, where the linker script puts
 * _start). _start: parks every hart but hart 0, sets the stack and gp, points mtvec at
 * trap_entry, paints the stack so its high-water mark can be measured, copies .data,
 * zeroes .bss, points tp at the thread-local data (picolibc's errno), runs the static
 * constructors, calls main and hands main's return value to board_exit (semihosting). No interrupt is ever taken (mstatus.MIE stays 0: the timer
 * only ends a WFI, mtime_clock.cpp), so every trap is an exception: trap_entry passes
 * mcause, mepc, mtval and the stack pointer to board_trap (runtime.cpp), which prints them
 * and exits non-zero. */
    .equ STACK_PAINT, 0xC5C5C5C5       /* also in boards/common/mps2/stack_usage.cpp */

    .section .text.start, "ax", %progbits
    .global _start
    .type _start, %function
_start:
    .option push
    .option norelax
    la gp, __global_pointer$
    .option pop
    csrr t0, mhartid
    bnez t0, park
    la sp, __stack_top
    la t0, trap_entry
    csrw mtvec, t0                 /* direct mode: trap_entry is 4-byte aligned */

    /* Paint [__stack_limit, sp): nothing is on the stack yet. */
    la t0, __stack_limit
    li t1, STACK_PAINT
1:  bgeu t0, sp, 2f
    sw t1, 0(t0)
    addi t0, t0, 4
    j 1b

2:  la t0, __data_start
    la t1, __data_end
    la t2, __data_load
3:  bgeu t0, t1, 4f
    lw t3, 0(t2)
    sw t3, 0(t0)
    addi t0, t0, 4
    addi t2, t2, 4
    j 3b

4:  la t0, __bss_start
    la t1, __bss_end
5:  bgeu t0, t1, 6f
    sw zero, 0(t0)
    addi t0, t0, 4
    j 5b

    /* The thread pointer, for picolibc's thread-local errno: the one thread's copy of the
     * TLS template (qemu_riscv32.ld); its .tbss part is zero with the rest of .bss. */
6:  la tp, __tls_block
    la t0, __tdata_start
    la t1, __tdata_end
    mv t2, tp
7:  bgeu t0, t1, 8f
    lw t3, 0(t0)
    sw t3, 0(t2)
    addi t0, t0, 4
    addi t2, t2, 4
    j 7b

8:  call board_run_constructors
    call main
    tail board_exit                /* a0 = main's return value; never returns */

park:                              /* harts other than 0 (virt has one unless -smp) */
    wfi
    j park
    .size _start, . - _start

    .section .text.trap_entry, "ax", %progbits
    .global trap_entry
    .type trap_entry, %function
    .balign 4
trap_entry:
    csrr a0, mcause
    csrr a1, mepc
    csrr a2, mtval
    mv a3, sp
    la sp, __stack_top             /* the fault may be a stack overflow: report on a fresh stack */
    tail board_trap
    .size trap_entry, . - trap_entry

    /* uint32_t board_semihost_trap(uint32_t op, const void* argument): RISC-V semihosting.
     * a0 = operation (Arm's numbers), a1 = argument; result in a0. The debugger or QEMU
     * recognises the ebreak by the two instructions around it, so the three must be
     * uncompressed (norvc) and in one page: aligned to 16 bytes they cannot straddle one. */
    .section .text.board_semihost_trap, "ax", %progbits
    .global board_semihost_trap
    .type board_semihost_trap, %function
    .balign 16
board_semihost_trap:
    .option push
    .option norvc
    slli x0, x0, 0x1f
    ebreak
    srai x0, x0, 7
    .option pop
    ret
    .size board_semihost_trap, . - board_semihost_trap

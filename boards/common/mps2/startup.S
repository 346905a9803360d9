/* Reset and exception entry of the MPS2 boards (mps2-an386: Cortex-M4F, mps2-an500:
 * Cortex-M7, mps2-an505: Cortex-M33, mps3-an547: Cortex-M55; the core and FPU come from
 * the toolchain file's flags, not from directives). The Armv8-M cores run everything in
 * Secure state, as they come out of reset: nothing here configures the SAU or leaves it.
 * Reset_Handler: enables the FPU (before any code that might use it), paints the stack
 * so its high-water mark can be measured, copies .data, zeroes .bss, runs the static
 * constructors, calls main and hands main's return value to board_exit (semihosting).
 * Every fault and unexpected interrupt goes to fault_entry, which passes the stacked
 * registers to board_fault (runtime.cpp): print them, exit non-zero. */
    .syntax unified
    .thumb

    .equ CPACR, 0xE000ED88
    .equ CPACR_CP10_CP11_FULL, (0xF << 20)
    .equ STACK_PAINT, 0xC5C5C5C5       /* also in stack_usage.cpp */
/* The Ethernet controller's external interrupt (Lan9118::kBoardIrq; a board parameter,
 * CMake's parley_mps2_board passes it): 13 on the AN386 and AN500, 48 on the AN505, 49 on
 * the AN547 (their SSE's own interrupts take lines 0-31). */
#ifndef PARLEY_BOARD_LAN9118_IRQ
#define PARLEY_BOARD_LAN9118_IRQ 13
#endif
    .equ LAN9118_IRQ, PARLEY_BOARD_LAN9118_IRQ
    /* The external vectors up to the next multiple of 32 past the LAN9118's (32 on the
     * AN386 and AN500, 64 on the AN505 and AN547); all but one go to fault_entry. No other
     * interrupt is enabled, so none past them can be taken. */
    .equ EXTERNAL_IRQS, (LAN9118_IRQ / 32 + 1) * 32

    .section .isr_vector, "a", %progbits
    .global board_vectors
board_vectors:
    .word __stack_top
    .word Reset_Handler
    .word fault_entry          /* NMI */
    .word fault_entry          /* HardFault */
    .word fault_entry          /* MemManage */
    .word fault_entry          /* BusFault */
    .word fault_entry          /* UsageFault */
#if __ARM_ARCH >= 8
    .word fault_entry          /* SecureFault (Armv8-M Security Extension) */
#else
    .word 0                    /* reserved on Armv7-M */
#endif
    .word 0, 0, 0
    .word fault_entry          /* SVCall */
    .word fault_entry          /* DebugMonitor */
    .word 0
    .word fault_entry          /* PendSV */
    .word SysTick_Handler
    .rept LAN9118_IRQ
    .word fault_entry
    .endr
    .word Lan9118_IRQHandler   /* lan9118.cpp: acknowledges, to end a WFI */
    .rept EXTERNAL_IRQS - LAN9118_IRQ - 1
    .word fault_entry
    .endr
    .size board_vectors, . - board_vectors

    .section .text.Reset_Handler, "ax", %progbits
    .global Reset_Handler
    .type Reset_Handler, %function
    .thumb_func
Reset_Handler:
    ldr r0, =CPACR
    ldr r1, [r0]
    orr r1, r1, #CPACR_CP10_CP11_FULL
    str r1, [r0]
    dsb
    isb

    /* Paint [__stack_limit, sp): nothing is on the stack yet. */
    ldr r0, =__stack_limit
    mov r1, sp
    ldr r2, =STACK_PAINT
1:  cmp r0, r1
    bhs 2f
    str r2, [r0], #4
    b 1b

2:  ldr r0, =__data_start
    ldr r1, =__data_end
    ldr r2, =__data_load
3:  cmp r0, r1
    bhs 4f
    ldr r3, [r2], #4
    str r3, [r0], #4
    b 3b

4:  ldr r0, =__bss_start
    ldr r1, =__bss_end
    movs r2, #0
5:  cmp r0, r1
    bhs 6f
    str r2, [r0], #4
    b 5b

6:  bl board_run_constructors
    bl main
    b board_exit               /* r0 = main's return value; never returns */
    .size Reset_Handler, . - Reset_Handler
    .ltorg

    /* An image without the LAN9118 driver: its interrupt is never enabled, and would be
     * a fault like any other. */
    .weak Lan9118_IRQHandler
    .thumb_set Lan9118_IRQHandler, fault_entry

    .section .text.fault_entry, "ax", %progbits
    .global fault_entry
    .type fault_entry, %function
    .thumb_func
fault_entry:
    tst lr, #4                 /* EXC_RETURN bit 2: which stack holds the frame */
    ite eq
    mrseq r0, msp
    mrsne r0, psp
    mrs r1, ipsr               /* the exception number */
    b board_fault
    .size fault_entry, . - fault_entry

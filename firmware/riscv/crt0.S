/*
 * Entry and trap entry of hilt's RISC-V firmware (QEMU virt, -bios none: the hart starts here in
 * machine mode with every register but a0/a1/pc unknown).
 */
    .section .text.start, "ax"
    .globl _start
    .type _start, @function
_start:
    .option push
    .option norelax
    la gp, __global_pointer$
    .option pop
    la sp, __StackTop
    la t0, hilt_trap_entry
    csrw mtvec, t0
    call hilt_start
1:  j 1b
    .size _start, . - _start

/*
 * Direct-mode trap entry (mtvec needs 4-byte alignment). Traps are not returned from: the handler
 * reports and exits, or (pmp-faults) longjmps back into machine-mode code. So nothing is saved;
 * the handler gets the trap CSRs, the interrupted ra and sp, and runs on its own stack, which
 * keeps working when the interrupted code's stack is what overflowed.
 *
 *   hilt_trap(mcause, mepc, mtval, ra, sp)
 */
    .section .text.hilt_trap_entry, "ax"
    .globl hilt_trap_entry
    .type hilt_trap_entry, @function
    .balign 4
hilt_trap_entry:
    mv a3, ra
    mv a4, sp
    la sp, hilt_trap_stack_top
    csrr a0, mcause
    csrr a1, mepc
    csrr a2, mtval
    call hilt_trap
2:  j 2b
    .size hilt_trap_entry, . - hilt_trap_entry

    .section .bss.hilt_trap_stack, "aw", @nobits
    .balign 16
hilt_trap_stack:
    .space 4096
hilt_trap_stack_top:

/* The trap interface between crt0.S, startup.c and programs that handle traps themselves. */
#ifndef HILT_RISCV_TRAP_H
#define HILT_RISCV_TRAP_H

#include <stdint.h>

/*
 * Called by crt0.S's hilt_trap_entry (the mtvec target, direct mode) on its own 1 KiB stack with
 * the trap CSRs and the interrupted code's ra and sp; never returns. startup.c's weak definition
 * reports an unexpected trap and exits with status 1.
 */
void hilt_trap(uint32_t mcause, uint32_t mepc, uint32_t mtval, uint32_t ra, uint32_t sp)
    __attribute__((noreturn));

#define MCAUSE_INTERRUPT 0x80000000u

#endif

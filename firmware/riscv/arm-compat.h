/*
 * Force-included (-include) when a shared source under src/ is built for RISC-V. src/stack.c reads
 * the stack pointer with the ARM "mov %0, sp"; this assembler macro gives that spelling its RISC-V
 * meaning ("mv"), so the ARM sources and ELFs stay untouched.
 */
__asm__(".macro mov rd, rs\n\tmv \\rd, \\rs\n.endm");

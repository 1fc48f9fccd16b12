/*
 * PMP and trap demo for RV32IMAC (QEMU virt with -bios none, hilt's sim-riscv32), the RISC-V
 * counterpart of src/faults.c.
 *
 * main() programs the physical memory protection (layout below) and runs the scenario named by the
 * first command-line argument (SYS_GET_CMDLINE). User-mode scenarios run in U-mode on their own
 * 4 KiB task stack, as an RTOS task would; machine-mode scenarios run on the main stack. Traps go
 * to crt0.S's hilt_trap_entry, which switches to a separate trap stack, so the handler works even
 * when the task stack overflowed. Each scenario is its own non-inlined function, named after the
 * scenario, so that a fault analysis can name the function that trapped.
 *
 * The trap handler prints one line on the semihosting console and exits with 20 + the exception
 * code (mcause), for example 27 for a store access fault:
 *
 *   FAULT <cause> mcause=0x%08x mepc=0x%08x mtval=0x%08x ra=0x%08x from=<U|S|M>
 *
 * <cause> is the privileged spec's name without spaces (StoreAccessFault); ra is the interrupted
 * code's ra; from is the privilege the trap came from (mstatus.MPP). A user-mode scenario is
 * called by user_mode_trampoline, which on its return goes back to machine mode with an ecall: that
 * is how the handler tells "returned" from "faulted". A scenario that does not trap prints "pmp-faults: <scenario>: no fault" and exits 0 for
 * "none", 1 for every other scenario; an unknown or missing scenario prints the list, exit 2.
 *
 * PMP layout (the lowest-numbered matching entry decides; entries without L bind U-mode only, so
 * machine mode sees all memory except through entry 2 when m_locked locks it; U-mode gets nothing
 * where no entry matches):
 *
 *   0 NAPOT  lowest 256 bytes of task_stack  ---      stack guard
 *   1 NAPOT  ro_region, 256 bytes            R--      read-only data
 *   2 NAPOT  locked_region, 256 bytes        OFF      m_locked makes it L R--, binding M-mode too
 *   3 OFF    pmpaddr3 = __text_start         (the bottom of entry 4)
 *   4 TOR    [__text_start, __text_end)      R-X      code and read-only data
 *   5 OFF    pmpaddr5 = __data_start__       (the bottom of entry 6)
 *   6 TOR    [__data_start__, __StackTop)    RW-      data, bss, heap and stacks
 *
 * .machine_only (machine_secret) lies between __text_end and __data_start__: no entry covers it.
 */
#include <semihost.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "trap.h"

#define PMP_R 0x01u
#define PMP_W 0x02u
#define PMP_X 0x04u
#define PMP_TOR 0x08u
#define PMP_NAPOT 0x18u
#define PMP_L 0x80u

/* pmpaddr of a naturally aligned power-of-two region of at least 8 bytes. */
#define NAPOT(base, size) ((((uintptr_t)(base)) | ((size) / 2u - 1u)) >> 2)

#define MSTATUS_MPP_MASK (3u << 11)
#define MCAUSE_ECALL_FROM_U 8u

#define REGION_BYTES 256u
#define TASK_STACK_BYTES 4096u
#define EXIT_TRAP_BASE 20

extern char __text_start[], __text_end[], __data_start__[], __StackTop[];

static volatile uint32_t ro_region[REGION_BYTES / 4] __attribute__((aligned(REGION_BYTES))) = {
    0x600dc0deu, 0x0123abcdu};
static volatile uint32_t locked_region[REGION_BYTES / 4] __attribute__((aligned(REGION_BYTES)));
static volatile uint32_t machine_secret[REGION_BYTES / 4]
    __attribute__((aligned(REGION_BYTES), section(".machine_only")));
static uint64_t task_stack[TASK_STACK_BYTES / 8] __attribute__((aligned(REGION_BYTES)));
/* A compressed "ret" (c.jr ra) copied to RAM for u_exec; RAM is not executable for U-mode. */
static volatile uint16_t ram_code[2] __attribute__((aligned(4)));
static volatile uint32_t amo_words[2] __attribute__((aligned(8)));
/* A sink that keeps loads from being optimised away. */
static volatile uint32_t sink;

static jmp_buf back_to_machine_mode;
static volatile int user_mode_running;

/* Hides a pointer's provenance from the compiler, so an odd address stays a plain access. */
static inline void *opaque(void *pointer) {
  __asm__("" : "+r"(pointer));
  return pointer;
}

static void configure_pmp(void) {
  __asm__ volatile("csrw pmpaddr0, %0" ::"r"(NAPOT(task_stack, REGION_BYTES)));
  __asm__ volatile("csrw pmpaddr1, %0" ::"r"(NAPOT(ro_region, REGION_BYTES)));
  __asm__ volatile("csrw pmpaddr2, %0" ::"r"(NAPOT(locked_region, REGION_BYTES)));
  __asm__ volatile("csrw pmpaddr3, %0" ::"r"((uintptr_t)__text_start >> 2));
  __asm__ volatile("csrw pmpaddr4, %0" ::"r"((uintptr_t)__text_end >> 2));
  __asm__ volatile("csrw pmpaddr5, %0" ::"r"((uintptr_t)__data_start__ >> 2));
  __asm__ volatile("csrw pmpaddr6, %0" ::"r"((uintptr_t)__StackTop >> 2));
  uint32_t cfg0 = (PMP_NAPOT) | (PMP_NAPOT | PMP_R) << 8;
  uint32_t cfg1 = (PMP_TOR | PMP_R | PMP_X) | (PMP_TOR | PMP_R | PMP_W) << 16;
  __asm__ volatile("csrw pmpcfg0, %0" ::"r"(cfg0));
  __asm__ volatile("csrw pmpcfg1, %0" ::"r"(cfg1));
  __asm__ volatile("csrw pmpcfg2, zero\n csrw pmpcfg3, zero" ::: "memory");
}

/*
 * U-mode side of running a scenario: called (through mret) with the scenario in a0, it calls it and,
 * when the scenario returns, goes back to machine mode with an ecall, which the trap handler turns
 * into a longjmp. So a scenario has a real caller and return address (user_mode_trampoline+N).
 */
__asm__(".section .text.user_mode_trampoline, \"ax\"\n"
        ".globl user_mode_trampoline\n"
        ".type user_mode_trampoline, @function\n"
        ".balign 4\n"
        "user_mode_trampoline:\n"
        "  jalr ra, 0(a0)\n"
        "1:\n"
        "  ecall\n"
        "  j 1b\n"
        ".size user_mode_trampoline, . - user_mode_trampoline\n");
extern void user_mode_trampoline(void (*fn)(void));

/* mret into user_mode_trampoline(fn) in U-mode, on the task stack. */
__attribute__((noreturn, noinline)) static void enter_user_mode(void (*fn)(void)) {
  uintptr_t stack_top = (uintptr_t)task_stack + sizeof task_stack;
  __asm__ volatile(
      "csrw mepc, %0\n"
      "csrc mstatus, %1\n"
      "mv sp, %2\n"
      "mv a0, %3\n"
      "mret\n" ::"r"(user_mode_trampoline),
      "r"(MSTATUS_MPP_MASK), "r"(stack_top), "r"(fn)
      : "memory");
  __builtin_unreachable();
}

/* ---- Scenarios ---- */

/* U-mode: reads ro_region (R) and writes its own stack; returns. */
__attribute__((noinline)) void none(void) {
  volatile uint32_t local[4];
  local[0] = ro_region[0];
  local[1] = ro_region[1];
  sink = local[0] ^ local[1];
}

/* U-mode: reads machine_secret, which no PMP entry covers. */
__attribute__((noinline)) void u_load(void) { sink = machine_secret[0]; }

/* U-mode: writes ro_region, whose entry 1 grants R only. */
__attribute__((noinline)) void u_store(void) { ro_region[1] = 0xdeadbeefu; }

/* U-mode: calls ram_code, in RAM that entry 6 makes RW- (no X). */
__attribute__((noinline)) void u_exec(void) { ((void (*)(void))opaque((void *)ram_code))(); }

/* U-mode: recursion on task_stack (bounded by its size) that runs into the guard (entry 0). */
__attribute__((noinline)) uint32_t stack_guard_descend(uint32_t level) {
  volatile uint8_t frame[48];
  for (uint32_t i = 0; i < sizeof frame; i++) {
    frame[i] = (uint8_t)(level + i);
  }
  if (level == TASK_STACK_BYTES / sizeof frame) {
    return 0;
  }
  /* Not a tail call: the frame stays live across the recursion. */
  return stack_guard_descend(level + 1) + frame[level % sizeof frame];
}

__attribute__((noinline)) void stack_guard(void) { sink = stack_guard_descend(0); }

/* M-mode: locks entry 2 as R-- over locked_region, then writes it. */
__attribute__((noinline)) void m_locked(void) {
  uint32_t byte2 = (PMP_L | PMP_NAPOT | PMP_R) << 16;
  __asm__ volatile("csrs pmpcfg0, %0" ::"r"(byte2) : "memory");
  locked_region[0] = 0xdeadbeefu;
}

/* M-mode: "unimp", the canonical illegal instruction (csrrw x0, cycle, x0: cycle is read-only). */
__attribute__((noinline)) void illegal_insn(void) {
  __asm__ volatile(".option push\n .option norvc\n unimp\n .option pop" ::: "memory");
}

/*
 * M-mode: lr.w from an address that is 2 mod 4. Plain loads and stores may be misaligned on QEMU
 * (and are on hilt's simulator, as the spec allows), but LR/SC and AMOs must be naturally aligned;
 * LR is a load, so this is a load address misaligned exception everywhere. (An AMO would be a
 * store/AMO address misaligned exception by the spec; QEMU 7.2 reports a load address misaligned.)
 */
__attribute__((noinline)) void misaligned_lr(void) {
  volatile uint32_t *word = opaque((uint8_t *)amo_words + 2);
  uint32_t value;
  __asm__ volatile("lr.w %0, (%1)" : "=r"(value) : "r"(word) : "memory");
  sink = value;
}

struct scenario {
  const char *name;
  void (*run)(void);
  int user_mode;
};

static const struct scenario scenarios[] = {
    {"none", none, 1},
    {"u_load", u_load, 1},
    {"u_store", u_store, 1},
    {"u_exec", u_exec, 1},
    {"stack_guard", stack_guard, 1},
    {"m_locked", m_locked, 0},
    {"illegal_insn", illegal_insn, 0},
    {"misaligned_lr", misaligned_lr, 0},
};

static const char *cause_name(uint32_t mcause) {
  static const char *const names[] = {
      "InstructionAddressMisaligned",
      "InstructionAccessFault",
      "IllegalInstruction",
      "Breakpoint",
      "LoadAddressMisaligned",
      "LoadAccessFault",
      "StoreAddressMisaligned",
      "StoreAccessFault",
      "EnvironmentCallFromUMode",
      "EnvironmentCallFromSMode",
      "Reserved10",
      "EnvironmentCallFromMMode",
      "InstructionPageFault",
      "LoadPageFault",
      "Reserved14",
      "StorePageFault",
  };
  if ((mcause & MCAUSE_INTERRUPT) != 0) {
    return "Interrupt";
  }
  return mcause < sizeof names / sizeof names[0] ? names[mcause] : "Exception";
}

void hilt_trap(uint32_t mcause, uint32_t mepc, uint32_t mtval, uint32_t ra, uint32_t sp) {
  (void)sp;
  if (mcause == MCAUSE_ECALL_FROM_U && user_mode_running) {
    user_mode_running = 0;
    longjmp(back_to_machine_mode, 1);
  }
  uint32_t mstatus;
  __asm__ volatile("csrr %0, mstatus" : "=r"(mstatus));
  char from = "USHM"[(mstatus & MSTATUS_MPP_MASK) >> 11];
  printf("FAULT %s mcause=0x%08lx mepc=0x%08lx mtval=0x%08lx ra=0x%08lx from=%c\n",
         cause_name(mcause), (unsigned long)mcause, (unsigned long)mepc, (unsigned long)mtval,
         (unsigned long)ra, from);
  _exit((mcause & MCAUSE_INTERRUPT) != 0 ? 1 : EXIT_TRAP_BASE + (int)(mcause & 0x1f));
}

static void usage(void) {
  printf("pmp-faults: choose a scenario:");
  for (size_t i = 0; i < sizeof scenarios / sizeof scenarios[0]; i++) {
    printf(" %s", scenarios[i].name);
  }
  printf("\n");
}

int main(int argc, char **argv) {
  if (argc < 2) {
    usage();
    return 2;
  }
  const struct scenario *chosen = NULL;
  for (size_t i = 0; i < sizeof scenarios / sizeof scenarios[0]; i++) {
    if (strcmp(argv[1], scenarios[i].name) == 0) {
      chosen = &scenarios[i];
    }
  }
  if (chosen == NULL) {
    printf("pmp-faults: unknown scenario '%s'\n", argv[1]);
    usage();
    return 2;
  }
  printf("pmp-faults: %s (%s mode)\n", chosen->name, chosen->user_mode ? "user" : "machine");
  machine_secret[0] = 0x5ec7e7u;
  ram_code[0] = 0x8082u; /* c.jr ra */
  ram_code[1] = 0x0001u; /* c.nop */
  __asm__ volatile("fence.i" ::: "memory");
  /*
   * exit(n) asks the host for SYS_EXIT_EXTENDED support once, by reading ":semihosting-features"
   * into a static byte. Ask now, before PMP is on: QEMU 7.2 checks a semihosting write to guest
   * memory from its address to the end of the page against PMP, even in machine mode, and denies it
   * when that range only partly overlaps an entry ("pmp violation - access is partially inside"),
   * which would turn every exit status after a trap into 0.
   */
  sys_semihost_feature(SH_EXT_EXIT_EXTENDED);
  configure_pmp();
  if (chosen->user_mode) {
    if (setjmp(back_to_machine_mode) == 0) {
      user_mode_running = 1;
      enter_user_mode(chosen->run);
    }
  } else {
    chosen->run();
  }
  printf("pmp-faults: %s: no fault\n", chosen->name);
  return chosen->run == none ? 0 : 1;
}

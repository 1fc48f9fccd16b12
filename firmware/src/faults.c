/*
 * MPU and fault demo for ARMv7-M (cortex-m3 on mps2-an385, cortex-m4 on mps2-an386).
 *
 * main() programs the PMSAv7 MPU (layout below), enables the MemManage, BusFault and UsageFault
 * exceptions in SHCSR, and runs the scenario named by the first command-line argument
 * (SYS_GET_CMDLINE) in Thread mode on the process stack (PSP), as an RTOS task would: the fault
 * handlers run on the main stack (MSP), so they work even when the task's stack is the thing
 * that overflowed. Each scenario is its own non-inlined function, named after the scenario, so
 * that a fault analysis can name the function that faulted.
 *
 * A fault handler prints one line on the semihosting console (SYS_WRITE0, not stdio: a handler must
 * not re-enter a C library the fault may have interrupted, and a debugger that attached after the
 * firmware opened its stdout handle, such as a new probe-rs session, still prints it) and exits
 * with a code per exception:
 *
 *   FAULT <exception> CFSR=0x%08x HFSR=0x%08x MMFAR=0x%08x BFAR=0x%08x PC=0x%08x LR=0x%08x
 *
 *   HardFault 10, MemManage 11, BusFault 12, UsageFault 13
 *
 * MMFAR (BFAR) is printed when CFSR.MMARVALID (BFARVALID) says it holds the fault address, and as
 * 0 otherwise: the ARMv7-M manual leaves an address register UNKNOWN while its VALID bit is clear,
 * and Cortex-M3/M4 silicon implements both as one register. PC and LR are the stacked return
 * address and LR of the exception frame; when CFSR.MSTKERR or STKERR says the frame could not be
 * stacked, there is no frame to read and both print as 0xffffffff.
 *
 * A scenario that returns without faulting prints "faults: <scenario>: no fault" and exits 0 for
 * "none", 1 for every other scenario. An unknown or missing scenario prints the list, exit 2.
 *
 * MPU layout (8 regions on Cortex-M3/M4; a higher region number wins where regions overlap;
 * PRIVDEFENA=1, so privileged code reaches peripherals and the System Control Space through the
 * default memory map while unprivileged code sees only the regions):
 *
 *   0 flash        0x00000000  4 MiB  read-only for both levels, executable
 *   1 ram          0x20000000 64 KiB  read/write for both levels, execute-never
 *   2 ro_region    256 bytes in RAM   read-only for both levels, execute-never
 *   3 priv_region  256 bytes in RAM   privileged read/write, unprivileged no access, XN
 *   4 stack guard  lowest 256 bytes of the process stack: no access, XN
 *   5 null guard   0x00000000 256 bytes: no access, XN. The vector table lives there, but the
 *                  processor's vector reads on exception entry always use the default memory
 *                  map, never the MPU (ARMv7-M ARM, B3.5 "Protected Memory System Architecture,
 *                  PMSAv7"), and the linker script keeps code out of these 256 bytes.
 *   6 srd_region   1 KiB in RAM: no access, XN, subregion 0 (its first 128 bytes) disabled, so
 *                  region 1 (RAM, read/write) applies there
 */
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "semihost.h"

#define REG(address) (*(volatile uint32_t *)(address))

/* System Control Block (ARMv7-M ARM B3.2.2). */
#define SCB_CCR REG(0xE000ED14u)
#define SCB_SHCSR REG(0xE000ED24u)
#define SCB_CFSR REG(0xE000ED28u)
#define SCB_HFSR REG(0xE000ED2Cu)
#define SCB_MMFAR REG(0xE000ED34u)
#define SCB_BFAR REG(0xE000ED38u)

#define CCR_UNALIGN_TRP (1u << 3)
#define CCR_DIV_0_TRP (1u << 4)
#define SHCSR_MEMFAULTENA (1u << 16)
#define SHCSR_BUSFAULTENA (1u << 17)
#define SHCSR_USGFAULTENA (1u << 18)
#define CFSR_MSTKERR (1u << 4)
#define CFSR_MMARVALID (1u << 7)
#define CFSR_STKERR (1u << 12)
#define CFSR_BFARVALID (1u << 15)

/* PMSAv7 MPU (ARMv7-M ARM B3.5.4). */
#define MPU_TYPE REG(0xE000ED90u)
#define MPU_CTRL REG(0xE000ED94u)
#define MPU_RNR REG(0xE000ED98u)
#define MPU_RBAR REG(0xE000ED9Cu)
#define MPU_RASR REG(0xE000EDA0u)

#define MPU_CTRL_ENABLE (1u << 0)
#define MPU_CTRL_PRIVDEFENA (1u << 2)

#define RASR_ENABLE (1u << 0)
#define RASR_SIZE(log2_bytes) ((uint32_t)((log2_bytes)-1) << 1)
#define RASR_AP(ap) ((uint32_t)(ap) << 24)
#define RASR_XN (1u << 28)
#define RASR_SRD(disabled) ((uint32_t)(disabled) << 8)
/* Normal memory, outer and inner write-back, no write-allocate (TEX=000 C=1 B=1). */
#define RASR_NORMAL_WB ((1u << 17) | (1u << 16))
/* Normal memory, write-through (TEX=000 C=1 B=0), as for flash. */
#define RASR_NORMAL_WT (1u << 17)

enum {
  AP_NO_ACCESS = 0, /* privileged: none,       unprivileged: none */
  AP_PRIV_RW = 1,   /* privileged: read/write, unprivileged: none */
  AP_FULL = 3,      /* privileged: read/write, unprivileged: read/write */
  AP_READ_ONLY = 6, /* privileged: read-only,  unprivileged: read-only */
};

#define GUARD_BYTES 256u
#define PROCESS_STACK_BYTES 4096u

enum { EXIT_HARDFAULT = 10, EXIT_MEMMANAGE = 11, EXIT_BUSFAULT = 12, EXIT_USAGEFAULT = 13 };

/* Regions 2-4 need their base aligned to their size. */
static volatile uint32_t ro_region[GUARD_BYTES / 4] __attribute__((aligned(256))) = {
    0x600dc0deu, 0x0123abcdu};
static volatile uint32_t priv_region[GUARD_BYTES / 4] __attribute__((aligned(256)));
static volatile uint32_t srd_region[1024 / 4] __attribute__((aligned(1024)));
static uint64_t process_stack[PROCESS_STACK_BYTES / 8] __attribute__((aligned(256)));
/* A Thumb "bx lr" copied to RAM for xn_exec; RAM is execute-never. */
static volatile uint16_t ram_code[2] __attribute__((aligned(4)));
static volatile uint32_t unaligned_words[2];
/* A sink that keeps loads from being optimised away. */
static volatile uint32_t sink;

static void barrier(void) { __asm__ volatile("dsb\n isb" ::: "memory"); }

/* Hides a pointer's provenance from the compiler, so a null or odd address stays a plain load. */
static inline void *opaque(void *pointer) {
  __asm__("" : "+r"(pointer));
  return pointer;
}

static void mpu_region(uint32_t number, uintptr_t base, uint32_t attributes) {
  MPU_RNR = number;
  MPU_RBAR = (uint32_t)base;
  MPU_RASR = attributes | RASR_ENABLE;
}

static void configure_mpu(void) {
  MPU_CTRL = 0;
  barrier();
  mpu_region(0, 0x00000000u, RASR_SIZE(22) | RASR_AP(AP_READ_ONLY) | RASR_NORMAL_WT);
  mpu_region(1, 0x20000000u, RASR_SIZE(16) | RASR_AP(AP_FULL) | RASR_NORMAL_WB | RASR_XN);
  mpu_region(2, (uintptr_t)ro_region,
             RASR_SIZE(8) | RASR_AP(AP_READ_ONLY) | RASR_NORMAL_WB | RASR_XN);
  mpu_region(3, (uintptr_t)priv_region,
             RASR_SIZE(8) | RASR_AP(AP_PRIV_RW) | RASR_NORMAL_WB | RASR_XN);
  mpu_region(4, (uintptr_t)process_stack,
             RASR_SIZE(8) | RASR_AP(AP_NO_ACCESS) | RASR_NORMAL_WB | RASR_XN);
  mpu_region(5, 0x00000000u, RASR_SIZE(8) | RASR_AP(AP_NO_ACCESS) | RASR_NORMAL_WT | RASR_XN);
  mpu_region(6, (uintptr_t)srd_region,
             RASR_SIZE(10) | RASR_SRD(0x01) | RASR_AP(AP_NO_ACCESS) | RASR_NORMAL_WB | RASR_XN);
  MPU_CTRL = MPU_CTRL_ENABLE | MPU_CTRL_PRIVDEFENA;
  barrier();
}

/* ---- Scenarios (Thread mode, process stack, privileged unless they drop it) ---- */

__attribute__((noinline)) void ro_write(void) { ro_region[1] = 0xdeadbeefu; }

__attribute__((noinline)) void xn_exec(void) {
  ram_code[0] = 0x4770; /* bx lr */
  ram_code[1] = 0xbf00; /* nop */
  barrier();
  void (*code)(void) = (void (*)(void))((uintptr_t)ram_code | 1u);
  code();
}

__attribute__((noinline)) void null_deref(void) {
  volatile uint32_t *null = opaque(0);
  sink = *null;
}

__attribute__((noinline)) void unpriv_access(void) {
  uint32_t control;
  __asm__ volatile("mrs %0, control" : "=r"(control));
  control |= 1u; /* nPRIV: Thread mode becomes unprivileged; only an exception can undo it */
  __asm__ volatile("msr control, %0\n isb" ::"r"(control) : "memory");
  sink = priv_region[0];
}

/* 64 levels of at least 64 bytes do not fit in the 4 KiB process stack. */
__attribute__((noinline)) static uint32_t descend(uint32_t level) {
  volatile uint8_t frame[64];
  for (uint32_t i = 0; i < sizeof frame; i++) {
    frame[i] = (uint8_t)(level + i);
  }
  if (level == PROCESS_STACK_BYTES / sizeof frame) {
    return 0;
  }
  /* Not a tail call: the frame stays live across the recursion. */
  return descend(level + 1) + frame[level % sizeof frame];
}

__attribute__((noinline)) void stack_overflow(void) { sink = descend(0); }

__attribute__((noinline)) void div_zero(void) {
  SCB_CCR |= CCR_DIV_0_TRP;
  barrier();
  volatile int32_t dividend = 42;
  volatile int32_t divisor = 0;
  sink = (uint32_t)(dividend / divisor);
}

__attribute__((noinline)) void unaligned(void) {
  SCB_CCR |= CCR_UNALIGN_TRP;
  barrier();
  volatile uint32_t *odd = opaque((uint8_t *)unaligned_words + 1);
  sink = *odd;
}

/*
 * LDRD needs a word-aligned address whatever CCR.UNALIGN_TRP says (ARMv7-M ARM A3.2.1), so this
 * faults with the trap left off; LDR from the same address would not.
 */
__attribute__((noinline)) void unaligned_ldrd(void) {
  SCB_CCR &= ~CCR_UNALIGN_TRP;
  barrier();
  uint32_t low;
  uint32_t high;
  const void *halfword_aligned = opaque((uint8_t *)unaligned_words + 2);
  __asm__ volatile("ldrd %0, %1, [%2]" : "=r"(low), "=r"(high) : "r"(halfword_aligned));
  sink = low ^ high;
}

/* Outside every memory and peripheral of the AN385/AN386 images: the bus answers with an error. */
__attribute__((noinline)) void bus_error(void) {
  volatile uint32_t *nowhere = opaque((void *)0x60000000u);
  sink = *nowhere;
}

/*
 * The first write lands in srd_region's disabled subregion 0 (region 1 applies: allowed); the
 * second in subregion 4 (no access: MemManage, DACCVIOL, MMFAR = its address). QEMU 7.2 lets the
 * second write through: see firmware/README.md, "QEMU and the manual".
 */
__attribute__((noinline)) void subregion(void) {
  srd_region[0] = 1;
  srd_region[512 / 4] = 2;
}

/* An undefined instruction while UsageFault is disabled escalates to HardFault (HFSR.FORCED). */
__attribute__((noinline)) void escalate(void) {
  SCB_SHCSR &= ~SHCSR_USGFAULTENA;
  barrier();
  __asm__ volatile("udf #0");
}

__attribute__((noinline)) void none(void) { sink = ro_region[0] + priv_region[0]; }

typedef struct {
  const char *name;
  void (*run)(void);
} scenario_t;

static const scenario_t scenarios[] = {
    {"ro_write", ro_write},
    {"xn_exec", xn_exec},
    {"null_deref", null_deref},
    {"unpriv_access", unpriv_access},
    {"stack_overflow", stack_overflow},
    {"div_zero", div_zero},
    {"unaligned", unaligned},
    {"unaligned_ldrd", unaligned_ldrd},
    {"bus_error", bus_error},
    {"subregion", subregion},
    {"escalate", escalate},
    {"none", none},
};

static const scenario_t *selected;

/* Where the trampoline continues when a scenario returns (still on the process stack). */
__attribute__((used, noreturn)) static void scenario_returned(void) {
  printf("faults: %s: no fault\n", selected->name);
  exit(selected->run == none ? 0 : 1);
}

/* Switches Thread mode to the process stack (CONTROL.SPSEL) and calls the scenario there. */
__attribute__((naked, noreturn)) static void run_on_process_stack(
    __attribute__((unused)) void (*run)(void), __attribute__((unused)) uint64_t *stack_top) {
  __asm__ volatile(
      "msr psp, r1\n"
      "movs r2, #2\n"
      "msr control, r2\n"
      "isb\n"
      "blx r0\n"
      "bl scenario_returned\n");
}

/* ---- Fault handlers (Handler mode, main stack) ---- */

/* Byte stores only (volatile): the unaligned scenarios leave CCR.UNALIGN_TRP set, and gcc would
   otherwise merge neighbouring characters into unaligned halfword stores. */
static volatile char *append(volatile char *out, const char *text) {
  while (*text != '\0') {
    *out++ = *text++;
  }
  *out = '\0';
  return out;
}

/* "0x" and eight lowercase hex digits. */
static volatile char *append_hex(volatile char *out, uint32_t value) {
  static const char digits[] = "0123456789abcdef";
  *out++ = '0';
  *out++ = 'x';
  for (int shift = 28; shift >= 0; shift -= 4) {
    *out++ = digits[(value >> shift) & 0xfu];
  }
  *out = '\0';
  return out;
}

__attribute__((used, noreturn)) static void report_fault(const uint32_t *frame, int code) {
  uint32_t cfsr = SCB_CFSR;
  uint32_t hfsr = SCB_HFSR;
  uint32_t mmfar = (cfsr & CFSR_MMARVALID) ? SCB_MMFAR : 0;
  uint32_t bfar = (cfsr & CFSR_BFARVALID) ? SCB_BFAR : 0;
  uint32_t pc = 0xffffffffu;
  uint32_t lr = 0xffffffffu;
  if ((cfsr & (CFSR_MSTKERR | CFSR_STKERR)) == 0) {
    lr = frame[5];
    pc = frame[6];
  }
  const char *name = code == EXIT_MEMMANAGE  ? "MemManage"
                     : code == EXIT_BUSFAULT ? "BusFault"
                     : code == EXIT_USAGEFAULT ? "UsageFault"
                                             : "HardFault";
  char line[128];
  volatile char *p = line;
  p = append(p, "FAULT ");
  p = append(p, name);
  p = append_hex(append(p, " CFSR="), cfsr);
  p = append_hex(append(p, " HFSR="), hfsr);
  p = append_hex(append(p, " MMFAR="), mmfar);
  p = append_hex(append(p, " BFAR="), bfar);
  p = append_hex(append(p, " PC="), pc);
  p = append_hex(append(p, " LR="), lr);
  append(p, "\n");
  semihost_write0(line);
  exit(code);
}

/* The frame is on the stack EXC_RETURN names (bit 2: 0 main, 1 process). */
#define FAULT_HANDLER(handler, code)                 \
  __attribute__((naked)) void handler(void) {        \
    __asm__ volatile("tst lr, #4\n"                  \
                     "ite eq\n"                      \
                     "mrseq r0, msp\n"               \
                     "mrsne r0, psp\n"               \
                     "movs r1, #" #code "\n"         \
                     "b report_fault\n");            \
  }
FAULT_HANDLER(HardFault_Handler, 10)
FAULT_HANDLER(MemManage_Handler, 11)
FAULT_HANDLER(BusFault_Handler, 12)
FAULT_HANDLER(UsageFault_Handler, 13)

int main(int argc, char **argv) {
  for (size_t i = 0; argc > 1 && i < sizeof scenarios / sizeof scenarios[0]; i++) {
    if (strcmp(argv[1], scenarios[i].name) == 0) {
      selected = &scenarios[i];
    }
  }
  if (selected == NULL) {
    printf("faults: usage: faults SCENARIO, one of:");
    for (size_t i = 0; i < sizeof scenarios / sizeof scenarios[0]; i++) {
      printf(" %s", scenarios[i].name);
    }
    printf("\n");
    return 2;
  }
  configure_mpu();
  SCB_SHCSR |= SHCSR_MEMFAULTENA | SHCSR_BUSFAULTENA | SHCSR_USGFAULTENA;
  barrier();
  printf("faults: %s (MPU with %" PRIu32 " regions)\n", selected->name, (MPU_TYPE >> 8) & 0xffu);
  fflush(stdout);
  run_on_process_stack(selected->run, process_stack + PROCESS_STACK_BYTES / 8);
}

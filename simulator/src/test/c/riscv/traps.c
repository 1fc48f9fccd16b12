/*
 * Traps and interrupts: illegal instructions caught by a handler (mcause, mtval, mepc), ECALL,
 * misaligned loads and stores (which QEMU's virt hart performs) and misaligned atomics (which trap),
 * access faults on unmapped memory, PMP in U-mode, the CLINT timer and software interrupts in
 * direct and vectored mode, and WFI.
 */
#include <stdint.h>
#include <stdio.h>

#define CSRR(csr) ({ uint32_t v_; __asm__ volatile("csrr %0, " #csr : "=r"(v_)); v_; })
#define CSRW(csr, v) __asm__ volatile("csrw " #csr ", %0" ::"r"(v))
#define CSRS(csr, v) __asm__ volatile("csrs " #csr ", %0" ::"r"(v))
#define CSRC(csr, v) __asm__ volatile("csrc " #csr ", %0" ::"r"(v))

#define MTIME ((volatile uint32_t *)0x0200bff8)
#define MTIMECMP ((volatile uint32_t *)0x02004000)
#define MSIP ((volatile uint32_t *)0x02000000)

static volatile uint32_t traps, last_cause, last_tval, last_epc, timer_ticks, soft_ticks;
static volatile uint32_t trap_log[32];

static void timer_off(void) {
  MTIMECMP[1] = 0xffffffff;
  MTIMECMP[0] = 0xffffffff;
}

static void __attribute__((interrupt("machine"), aligned(64))) handler(void) {
  uint32_t cause = CSRR(mcause), epc = CSRR(mepc);
  if (cause == 0x80000007u) {
    timer_ticks++;
    timer_off();
    return;
  }
  if (cause == 0x80000003u) {
    soft_ticks++;
    *MSIP = 0;
    return;
  }
  last_cause = cause;
  last_tval = CSRR(mtval);
  last_epc = epc;
  if (traps < 32) {
    trap_log[traps] = cause;
  }
  traps++;
  if (cause == 8) {
    /* ECALL from U-mode: come back in M-mode right after it. */
    CSRS(mstatus, 0x1800u);
  }
  uint16_t insn = *(volatile uint16_t *)epc;
  CSRW(mepc, epc + ((insn & 3) == 3 ? 4 : 2));
}

/* Vectored mode: exceptions at base, software interrupt at +12, timer at +28. */
void vector_table(void);
__asm__(".option push\n.option norvc\n.balign 64\n"
        "vector_table:\n"
        "  j vector_exception\n"
        "  .word 0, 0\n"
        "  j vector_soft\n"
        "  .word 0, 0, 0\n"
        "  j vector_timer\n.option pop\n");

static void __attribute__((interrupt("machine"), used)) vector_exception(void) { traps += 1000; }
static void __attribute__((interrupt("machine"), used)) vector_soft(void) {
  soft_ticks += 10;
  *MSIP = 0;
}
static void __attribute__((interrupt("machine"), used)) vector_timer(void) {
  timer_ticks += 10;
  timer_off();
}

static uint8_t guard[64] __attribute__((aligned(64)));
static uint32_t results[8];

/* Runs in U-mode: PMP entry 0 makes guard[] read-only, entry 1 opens the rest of RAM. */
static void __attribute__((noinline)) user_code(void) {
  results[0] = guard[3];
  ((volatile uint8_t *)guard)[5] = 0x55;         /* store access fault */
  results[1] = *(volatile uint32_t *)0x10000000; /* the UART is outside every entry: load fault */
  __asm__ volatile("ecall");
}

static void enter_user(void (*fn)(void)) {
  __asm__ volatile("csrw mepc, %0\n"
                   "li t0, 0x1800\n"
                   "csrc mstatus, t0\n"
                   "la ra, 1f\n"
                   "mret\n"
                   "1:\n"
                   :
                   : "r"(fn)
                   : "ra", "t0", "t1", "t2", "a0", "a1", "a2", "a3", "a4", "a5", "a6", "a7", "t3", "t4", "t5",
                     "t6", "memory");
}

static uint32_t napot(uintptr_t base, uint32_t size) { return (uint32_t)((base | (size / 2 - 1)) >> 2); }

/* Sleeps until the handler counted past `before`; MIE stays clear around WFI so no interrupt slips
 * in between the check and the WFI (WFI wakes on a pending interrupt even with MIE clear). */
static void wait_for(volatile uint32_t *ticks, uint32_t before) {
  CSRC(mstatus, 0x8u);
  while (*ticks <= before) {
    __asm__ volatile("wfi");
    CSRS(mstatus, 0x8u);
    CSRC(mstatus, 0x8u);
  }
  CSRS(mstatus, 0x8u);
}

static void report(const char *what) {
  printf("%s: traps=%lu cause=%lu tval=%08lx\n", what, (unsigned long)traps, (unsigned long)last_cause,
         (unsigned long)last_tval);
}

int main(void) {
  CSRW(mtvec, (uint32_t)(uintptr_t)handler);
  timer_off();

  uint32_t here;
  __asm__ volatile("auipc %0, 0\n .word 0xffffffff" : "=r"(here));
  report("illegal 32-bit");
  printf("  mepc-offset %ld\n", (long)(last_epc - here));
  __asm__ volatile(".half 0x0000");
  report("illegal 16-bit");
  __asm__ volatile(".word 0x7c002573"); /* csrr a0, 0x7c0: no such CSR */
  report("unknown csr");
  __asm__ volatile(".word 0xf1129073" ::: "memory"); /* csrw mvendorid, t0: read-only */
  report("read-only csr");
  __asm__ volatile("ecall");
  report("ecall");

  static uint8_t bytes[16] __attribute__((aligned(4))) = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16};
  uint32_t before = traps;
  uint32_t w = *(volatile uint32_t *)(bytes + 1);
  uint16_t h = *(volatile uint16_t *)(bytes + 3);
  *(volatile uint32_t *)(bytes + 5) = 0xa1b2c3d4;
  printf("misaligned: %08lx %04x %02x%02x%02x%02x traps+%lu\n", (unsigned long)w, h, bytes[5], bytes[6], bytes[7],
         bytes[8], (unsigned long)(traps - before));
  uint32_t v = 0;
#ifdef __riscv_atomic
  __asm__ volatile("lr.w %0, (%1)" : "=r"(v) : "r"(bytes + 2) : "memory");
  report("lr misaligned");
  __asm__ volatile("amoadd.w %0, %0, (%1)" : "+r"(v) : "r"(bytes + 2) : "memory");
  report("amo misaligned");
#endif
  (void)v;
  v = *(volatile uint32_t *)0x00200000;
  report("load unmapped");
  *(volatile uint32_t *)0x90000000 = 1;
  report("store unmapped");
  *(volatile uint8_t *)0x00100000 = 1;
  report("byte store to the test finisher");
  printf("flash reads %08lx, pcie reads %08lx\n", (unsigned long)*(volatile uint32_t *)0x20000000,
         (unsigned long)*(volatile uint32_t *)0x40000000);

  /* PMP and U-mode. */
  CSRW(pmpaddr0, napot((uintptr_t)guard, sizeof guard));
  CSRW(pmpaddr1, napot(0x80000000u, 0x08000000u));
  CSRW(pmpcfg0, (0x18u | 0x1u) | (0x18u | 0x7u) << 8);
  guard[3] = 0x33;
  before = traps;
  enter_user(user_code);
  printf("user: guard[3]=%02lx guard[5]=%02x traps+%lu:", (unsigned long)results[0], guard[5],
         (unsigned long)(traps - before));
  for (uint32_t i = before; i < traps && i < 32; i++) {
    printf(" %lu", (unsigned long)trap_log[i]);
  }
  printf(" mode-after=%lu\n", (unsigned long)((CSRR(mstatus) >> 11) & 3));
  CSRW(pmpcfg0, 0u);

  /* Timer interrupt, direct mode, through WFI. */
  CSRS(mie, 0x80u);
  CSRS(mstatus, 0x8u);
  uint32_t now = MTIME[0];
  MTIMECMP[1] = 0;
  MTIMECMP[0] = now + 2000;
  wait_for(&timer_ticks, 0);
  printf("timer ticks %lu\n", (unsigned long)timer_ticks);

  /* Software interrupt. */
  CSRS(mie, 0x8u);
  *MSIP = 1;
  while (soft_ticks == 0) {
  }
  printf("soft ticks %lu msip %lu\n", (unsigned long)soft_ticks, (unsigned long)*MSIP);

  /* Vectored mode. */
  CSRW(mtvec, (uint32_t)(uintptr_t)vector_table | 1u);
  *MSIP = 1;
  while (soft_ticks < 11) {
  }
  now = MTIME[0];
  MTIMECMP[0] = now + 1000;
  MTIMECMP[1] = 0;
  wait_for(&timer_ticks, 10);
  CSRC(mstatus, 0x8u);
  CSRW(mtvec, (uint32_t)(uintptr_t)handler);
  printf("vectored: soft ticks %lu timer ticks %lu traps %lu\n", (unsigned long)soft_ticks,
         (unsigned long)timer_ticks, (unsigned long)traps);

  /* WFI with the interrupt pending but disabled globally falls through. */
  MTIMECMP[0] = 0;
  MTIMECMP[1] = 0;
  __asm__ volatile("wfi");
  printf("wfi with MIE=0 returned, mip.MTIP=%lu\n", (unsigned long)((CSRR(mip) >> 7) & 1));
  CSRW(mie, 0u);
  return (int)(traps & 0x7f);
}

/*
 * ARMv7-M fault scenarios whose handler prints what the hardware recorded (exception number, CFSR,
 * HFSR, MMFAR/BFAR when valid, EXC_RETURN), clears it and resumes after the faulting instruction
 * (or at the caller, for faults on instruction fetch). Run on QEMU's mps2-an385/an386 and on the
 * simulator, the console must be the same. Built for ARMv6-M or ARMv7-M: the ARMv7-M-only
 * instructions are spelled as encodings.
 */
#include <stdint.h>
#include <stdio.h>

#define REG(addr) (*(volatile uint32_t *)(addr))
#define VTOR REG(0xE000ED08)
#define CCR REG(0xE000ED14)
#define SHPR1 REG(0xE000ED18)
#define SHCSR REG(0xE000ED24)
#define CFSR REG(0xE000ED28)
#define HFSR REG(0xE000ED2C)
#define MMFAR REG(0xE000ED34)
#define BFAR REG(0xE000ED38)
#define MPU_CTRL REG(0xE000ED94)
#define MPU_RBAR REG(0xE000ED9C)
#define MPU_RASR REG(0xE000EDA0)

#define MEMFAULTENA (1u << 16)
#define BUSFAULTENA (1u << 17)
#define USGFAULTENA (1u << 18)
#define MMARVALID (1u << 7)
#define BFARVALID (1u << 15)
#define FETCH_FAULTS (1u << 0 | 1u << 8 | 1u << 17) /* IACCVIOL, IBUSERR, INVSTATE */

typedef void (*vector_t)(void);
extern const vector_t vector_table[16 + 14];
static vector_t ram_vectors[48] __attribute__((aligned(256)));
static uint16_t ram_code[16] __attribute__((aligned(32)));
static volatile uint32_t sink;
static const char *scenario = "";
static int faults;

typedef struct {
  uint32_t r0, r1, r2, r3, r12, lr, pc, xpsr;
} frame_t;

void report(frame_t *frame, uint32_t exc_return, uint32_t ipsr) {
  uint32_t cfsr = CFSR, hfsr = HFSR;
  faults++;
  printf("%s: exception %lu cfsr %08lx hfsr %08lx", scenario, (unsigned long)(ipsr & 0x1FF),
         (unsigned long)cfsr, (unsigned long)hfsr);
  if (cfsr & MMARVALID) printf(" mmfar %08lx", (unsigned long)MMFAR);
  if (cfsr & BFARVALID) printf(" bfar %08lx", (unsigned long)BFAR);
  printf(" exc_return %08lx\n", (unsigned long)exc_return);
  CFSR = cfsr;
  HFSR = hfsr;
  MPU_CTRL = 0;
  __asm volatile("msr control, %0\n isb" ::"r"(0u) : "memory");
  if (cfsr & FETCH_FAULTS) {
    frame->pc = frame->lr & ~1u;
    frame->xpsr |= 1u << 24;
  } else {
    uint16_t first = *(volatile uint16_t *)frame->pc;
    frame->pc += first >= 0xE800 ? 4 : 2;
  }
}

__attribute__((naked)) void Fault_Handler(void) {
  __asm volatile(
      "mov r1, lr\n"
      "movs r0, #4\n"
      "tst r0, r1\n"
      "beq 1f\n"
      "mrs r0, psp\n"
      "b 2f\n"
      "1: mrs r0, msp\n"
      "2: mrs r2, ipsr\n"
      "push {r1, lr}\n"
      "bl report\n"
      "pop {r1, pc}\n");
}

static void region(uint32_t n, uint32_t base, uint32_t size_field, uint32_t ap, uint32_t xn) {
  MPU_RBAR = base | 0x10 | n;
  MPU_RASR = 1u | size_field << 1 | ap << 24 | xn << 28;
}

static void region0(uint32_t base, uint32_t size_field, uint32_t ap, uint32_t xn) {
  region(0, base, size_field, ap, xn);
}

static void mpu_on(void) {
  MPU_CTRL = 1u | 4u; /* ENABLE, PRIVDEFENA */
  __asm volatile("dsb\n isb" ::: "memory");
}

static void run(const char *name, void (*body)(void)) {
  int before = faults;
  scenario = name;
  body();
  if (faults == before) printf("%s: no fault\n", name);
}

static void ro_write(void) {
  region0(0x20004000u, 9, 6, 1);
  mpu_on();
  REG(0x20004010u) = 1;
}

static void execute_never(void) {
  ram_code[0] = 0x4770; /* bx lr */
  region0((uint32_t)ram_code, 4, 3, 1);
  mpu_on();
  ((void (*)(void))((uint32_t)ram_code | 1))();
}

static void execute_ram(void) {
  ram_code[0] = 0x4770;
  ((void (*)(void))((uint32_t)ram_code | 1))();
}

static void unprivileged_read(void) {
  region0(0, 31, 3, 0);                /* everything, for everyone */
  region(1, 0x20004000u, 9, 1, 1);     /* but 1 KiB for privileged code only */
  mpu_on();
  __asm volatile("msr control, %0\n isb" ::"r"(1u) : "memory");
  sink = REG(0x20004000u);
  MPU_RBAR = 0x10 | 1;
  MPU_RASR = 0;
}

static void unmapped_read(void) { sink = REG(0x60000000u); }

static void unmapped_read_escalated(void) {
  SHCSR &= ~BUSFAULTENA;
  sink = REG(0x60000004u);
  SHCSR |= BUSFAULTENA;
}

/* An LDR the compiler cannot split into byte loads. */
static uint32_t load_word(uint32_t address) {
  uint32_t value;
  __asm volatile("ldr %0, [%1]" : "=r"(value) : "r"(address) : "memory");
  return value;
}

static void unaligned_allowed(void) { sink = load_word((uint32_t)&sink + 1); }

static void unaligned_trapped(void) {
  CCR |= 1u << 3;
  sink = load_word((uint32_t)&sink + 1);
  CCR &= ~(1u << 3);
}

static void divide_by_zero(void) {
  uint32_t q;
  CCR |= 1u << 4;
  /* sdiv r0, r0, r1 with r1 = 0 */
  __asm volatile("movs r0, #7\n movs r1, #0\n .inst.w 0xfb90f0f1\n mov %0, r0"
                 : "=r"(q)
                 :
                 : "r0", "r1");
  CCR &= ~(1u << 4);
  sink = q;
}

static void undefined(void) { __asm volatile("udf #5"); }

static void arm_state(void) {
  ram_code[0] = 0x4770;
  ((void (*)(void))(uint32_t)ram_code)();
}

static void masked_by_basepri(void) {
  SHPR1 = 0x00200000u; /* UsageFault priority 0x20 */
  __asm volatile("msr basepri, %0\n isb\n udf #6\n msr basepri, %1" ::"r"(0x20u), "r"(0u)
                 : "memory");
  SHPR1 = 0;
}

int main(void) {
  for (unsigned i = 0; i < 16 + 14; i++) ram_vectors[i] = vector_table[i];
  for (unsigned i = 3; i <= 6; i++) ram_vectors[i] = Fault_Handler;
  VTOR = (uint32_t)ram_vectors;
  SHCSR |= MEMFAULTENA | BUSFAULTENA | USGFAULTENA;
  printf("ccr %08lx shcsr %08lx\n", (unsigned long)CCR, (unsigned long)SHCSR);

  run("ro_write", ro_write);
  run("execute_never", execute_never);
  run("execute_ram", execute_ram);
  run("unprivileged_read", unprivileged_read);
  run("unmapped_read", unmapped_read);
  run("unmapped_read_escalated", unmapped_read_escalated);
  run("unaligned_allowed", unaligned_allowed);
  run("unaligned_trapped", unaligned_trapped);
  run("divide_by_zero", divide_by_zero);
  run("undefined", undefined);
  run("arm_state", arm_state);
  run("masked_by_basepri", masked_by_basepri);
  printf("faults: %d\n", faults);
  return 0;
}

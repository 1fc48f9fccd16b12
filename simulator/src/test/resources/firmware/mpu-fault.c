/*
 * A firmware that faults the way MPU plans expect: it protects 1 KiB at 0x20004000 as read-only
 * (PMSAv7 region 0, AP = 110) with the privileged background map on, enables MemManage, and then
 * ro_write() stores into the region. The shared startup's vector table has no MemManage, BusFault
 * or UsageFault entries (reserved on ARMv6-M), so main() copies it to RAM, adds them and points
 * VTOR there. Built for ARMv6-M or ARMv7-M; run on the ARMv7-M simulator.
 */
#include <stdint.h>

#define REG(addr) (*(volatile uint32_t *)(addr))
#define VTOR REG(0xE000ED08)
#define SHCSR REG(0xE000ED24)
#define MPU_CTRL REG(0xE000ED94)
#define MPU_RBAR REG(0xE000ED9C)
#define MPU_RASR REG(0xE000EDA0)

#define PROTECTED 0x20004000u

typedef void (*vector_t)(void);
extern const vector_t vector_table[16 + 14];
static vector_t ram_vectors[48] __attribute__((aligned(256)));

void MemManage_Handler(void) {
  for (;;) {
  }
}

void BusFault_Handler(void) {
  for (;;) {
  }
}

void UsageFault_Handler(void) {
  for (;;) {
  }
}

__attribute__((noinline)) void ro_write(volatile uint32_t *where, uint32_t value) {
  *where = value; /* FAULT */
}

int main(void) {
  for (unsigned i = 0; i < 16 + 14; i++) {
    ram_vectors[i] = vector_table[i];
  }
  ram_vectors[4] = MemManage_Handler;
  ram_vectors[5] = BusFault_Handler;
  ram_vectors[6] = UsageFault_Handler;
  VTOR = (uint32_t)ram_vectors;

  MPU_RBAR = PROTECTED | 0x10 | 0;                        /* VALID, region 0 */
  MPU_RASR = 1u | (9u << 1) | (6u << 24) | (1u << 28);    /* 1 KiB, RO/RO, XN */
  MPU_CTRL = 1u | 4u;                                     /* ENABLE, PRIVDEFENA */
  SHCSR |= 1u << 16;                                      /* MEMFAULTENA */
  __asm volatile("dsb\n isb" ::: "memory");

  ro_write((volatile uint32_t *)PROTECTED, 0xDEADu); /* CALL */
  return 1;
}

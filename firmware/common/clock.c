/* SysTick as a 64-bit cycle counter; see clock.h. */
#include "clock.h"

#define SYST_CSR (*(volatile uint32_t *)0xE000E010u)
#define SYST_RVR (*(volatile uint32_t *)0xE000E014u)
#define SYST_CVR (*(volatile uint32_t *)0xE000E018u)
#define ICSR (*(volatile uint32_t *)0xE000ED04u)

#define CSR_ENABLE (1u << 0)
#define CSR_TICKINT (1u << 1)
#define CSR_CLKSOURCE (1u << 2)
#define ICSR_PENDSTSET (1u << 26)
#define RELOAD 0x00FFFFFFu
#define PERIOD ((uint64_t)RELOAD + 1)

static volatile uint32_t wraps;

void SysTick_Handler(void) { wraps++; }

void clock_start(void) {
  SYST_CSR = 0;
  SYST_RVR = RELOAD;
  SYST_CVR = 0; /* any write clears the counter; it reloads on the next cycle */
  wraps = 0;
  SYST_CSR = CSR_CLKSOURCE | CSR_TICKINT | CSR_ENABLE;
}

uint64_t clock_cycles(void) {
  uint32_t before;
  uint32_t value;
  uint32_t pending;
  /* Retry when the handler ran in between, so `value` and `wraps` belong together. */
  do {
    before = wraps;
    value = SYST_CVR;
    pending = ICSR & ICSR_PENDSTSET;
  } while (before != wraps);
  uint64_t count = before;
  /*
   * With interrupts masked the wrap may be pending and not yet counted. A pending wrap seen after
   * reading the counter may also have happened after that read (the counter is then near RELOAD
   * again); count it only when the counter is in the upper half, i.e. shortly after a wrap.
   */
  if (pending != 0 && value > RELOAD / 2) {
    count++;
  }
  return count * PERIOD + (RELOAD - value);
}

uint64_t clock_micros(void) { return clock_cycles() / (CLOCK_HZ / 1000000u); }

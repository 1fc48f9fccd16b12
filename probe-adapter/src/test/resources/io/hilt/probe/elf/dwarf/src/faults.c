/*
 * Test program for the DWARF line table and fault analysis tests (compiled by the tests for
 * Cortex-M3, never run). Lines marked LINE:name are looked up by the tests.
 */
#include "util.h"

volatile unsigned int sink;
volatile int divisor;

__attribute__((noinline)) void ro_write(volatile unsigned int *p) {
  *p = 0x1234u; /* LINE:ro_write */
}

__attribute__((noinline)) int divide(int a, int b) {
  return a / b; /* LINE:divide */
}

__attribute__((noinline)) int classify(int v) {
  switch (v & 7) {
    case 0:
      return 11;
    case 1:
      return 23;
    case 2:
      return scale(v);
    case 3:
      return 5 * v;
    case 4:
      return v - 9;
    default:
      return -1;
  }
}

int main(void) {
  ro_write((volatile unsigned int *)0x20004000u); /* LINE:call_ro_write */
  sink = (unsigned int)divide(10, twice(scale(3)) + divisor);
  for (int i = 0; i < 8; i++) {
    sink += (unsigned int)classify(i);
  }
  for (;;) {
  }
}

void Reset_Handler(void) { main(); }

void HardFault_Handler(void) {
  for (;;) { /* LINE:hardfault_spin */
  }
}

__attribute__((section(".vectors"), used)) const void *const vectors[4] = {
    (void *)0x20010000, (void *)Reset_Handler, (void *)HardFault_Handler,
    (void *)HardFault_Handler};

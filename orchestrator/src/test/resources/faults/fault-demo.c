/*
 * Test firmware for hilt's fault steps (Cortex-M0+, linked with firmware/common/startup.c).
 *
 *   fault-demo SCENARIO [HANDLER]
 *
 * SCENARIO: ok (print and exit 0), loop (run forever in thread mode), unmapped (load from
 * 0xf0000000, where mps2-an385 has nothing), udf (an undefined instruction).
 * HANDLER, what the HardFault handler does when the target lets it run (no vector catch):
 * 0 report on the console and exit with 3 (default), 1 spin, 2 hit a BKPT, 3 fault again (lockup).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static volatile int handler_mode;
static volatile uint32_t counter;

void HardFault_Handler(void) {
  switch (handler_mode) {
    case 1:
      for (;;) {
        counter++;
      }
    case 2:
      __asm__ volatile("bkpt #1");
      for (;;) {
      }
    case 3:
      counter = *(volatile uint32_t *)0xf0000004u;
      for (;;) {
      }
    default:
      puts("caught HardFault");
      exit(3);
  }
}

__attribute__((noinline)) uint32_t read_unmapped(void) {
  return *(volatile uint32_t *)0xf0000000u;
}

__attribute__((noinline)) void undefined_instruction(void) {
  __asm__ volatile("udf #7");
}

int main(int argc, char **argv) {
  const char *scenario = argc > 1 ? argv[1] : "ok";
  if (argc > 2) {
    handler_mode = atoi(argv[2]);
  }
  printf("fault-demo: %s\n", scenario);
  if (strcmp(scenario, "unmapped") == 0) {
    counter = read_unmapped();
  } else if (strcmp(scenario, "udf") == 0) {
    undefined_instruction();
  } else if (strcmp(scenario, "loop") == 0) {
    for (;;) {
      counter++;
    }
  }
  puts("fault-demo: no fault");
  return 0;
}

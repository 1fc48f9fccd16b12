/*
 * Tiny Cortex-M0+ program for the ELF reader tests (compiled by the tests, never run): a vector
 * table and code and constants in flash, initialised data in RAM loaded from flash (so its
 * physical and virtual addresses differ), zero-initialised data in RAM.
 */
volatile unsigned int counter = 0x11223344u;
unsigned short calls = 7;
unsigned char buffer[64];
const unsigned short table[6] = {1, 1, 2, 3, 5, 8};

__attribute__((noinline)) static int helper(int x) { return x * 3 + table[x & 3]; }

int compute(int n) {
  int s = 0;
  for (int i = 0; i < n; i++) {
    s += helper(i);
  }
  buffer[n & 63] = (unsigned char)s;
  calls++;
  return s + (int)counter;
}

void Reset_Handler(void) {
  compute(5);
  for (;;) {
  }
}

__attribute__((section(".vectors"), used)) const void *const vectors[2] = {
    (void *)0x20010000, (void *)Reset_Handler};

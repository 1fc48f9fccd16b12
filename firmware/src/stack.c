/*
 * Stack scenario with a known worst case: recursion DEPTH levels deep, each level holding a
 * FRAME_BYTES local buffer. DEPTH is the first command-line argument (SYS_GET_CMDLINE), default
 * DEFAULT_DEPTH. The program prints the stack in use at the deepest point (measured from the
 * stack pointer, so it is exact for this build) and exits 0; a depth that would not fit in the
 * stack region is refused with exit code 2. Expected numbers per depth: firmware/README.md.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#define FRAME_BYTES 128
#define DEFAULT_DEPTH 16
#define MAX_DEPTH 48

extern char __StackTop[];

static uintptr_t deepest_sp = UINTPTR_MAX;

static inline uintptr_t current_sp(void) {
  uintptr_t sp;
  __asm__ volatile("mov %0, sp" : "=r"(sp));
  return sp;
}

__attribute__((noinline)) static uint32_t descend(uint32_t level, uint32_t remaining) {
  volatile uint8_t frame[FRAME_BYTES];
  for (uint32_t i = 0; i < FRAME_BYTES; i++) {
    frame[i] = (uint8_t)(level * 7u + i);
  }
  uint32_t below;
  if (remaining == 0) {
    uintptr_t sp = current_sp();
    if (sp < deepest_sp) {
      deepest_sp = sp;
    }
    below = 0;
  } else {
    below = descend(level + 1, remaining - 1);
  }
  return below + frame[level % FRAME_BYTES];
}

int main(int argc, char **argv) {
  unsigned long depth = DEFAULT_DEPTH;
  if (argc > 1) {
    char *end;
    depth = strtoul(argv[1], &end, 0);
    if (*end != '\0' || depth < 1 || depth > MAX_DEPTH) {
      printf("stack: depth must be 1..%d, got '%s'\n", MAX_DEPTH, argv[1]);
      return 2;
    }
  }
  printf("stack: recursing %lu levels of %d-byte frames\n", depth, FRAME_BYTES);
  uint32_t checksum = descend(1, (uint32_t)depth - 1);
  printf("stack: checksum %lu\n", (unsigned long)checksum);
  printf("stack: %lu bytes in use at the deepest level\n",
         (unsigned long)((uintptr_t)__StackTop - deepest_sp));
  printf("stack: done\n");
  return 0;
}

/* Semihosting calls made directly: HEAPINFO, CLOCK, ERRNO, ISTTY, FLEN of :tt, GET_CMDLINE. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

static uintptr_t semihost(uintptr_t op, uintptr_t arg) {
  register uintptr_t a0 __asm__("a0") = op;
  register uintptr_t a1 __asm__("a1") = arg;
  __asm__ volatile(".option push\n.option norvc\n"
                   ".balign 16\n"
                   "slli zero, zero, 0x1f\n"
                   "ebreak\n"
                   "srai zero, zero, 7\n"
                   ".option pop\n"
                   : "+r"(a0)
                   : "r"(a1)
                   : "memory");
  return a0;
}

extern char __heap_start[], __heap_end[];

int main(void) {
  uintptr_t block[4] = {0};
  uintptr_t *where = block; /* HEAPINFO takes the address of a pointer to the block */
  uintptr_t r = semihost(0x16, (uintptr_t)&where);
  /* The heap base differs: QEMU counts .data and .bss at their RAM addresses as loaded, the
   * simulator only the file's bytes at their load addresses (docs/simulator-riscv.md). */
  printf("heapinfo r=%lu base in RAM %d limit %08lx stack %08lx stack limit = base %d\n",
         (unsigned long)r, block[0] > 0x80000000u && block[0] < block[1], (unsigned long)block[1],
         (unsigned long)block[2], block[3] == block[0]);
  uintptr_t open_args[3] = {(uintptr_t)":tt", 4, 3};
  uintptr_t fd = semihost(0x01, (uintptr_t)open_args);
  printf("open :tt -> %d\n", (int)fd > 0);
  uintptr_t close_args[1] = {fd};
  printf("close %lu\n", (unsigned long)semihost(0x02, (uintptr_t)close_args));
  semihost(0x03, (uintptr_t) "!");
  semihost(0x04, (uintptr_t) "write0 text\n");
  uintptr_t bad_open[3] = {(uintptr_t) "/etc/passwd-not-really", 0, 22};
  intptr_t bad = (intptr_t)semihost(0x01, (uintptr_t)bad_open);
  printf("open host file -> %ld\n", (long)bad);
  char line[128];
  uintptr_t cmd_args[2] = {(uintptr_t)line, sizeof line};
  uintptr_t cr = semihost(0x15, (uintptr_t)cmd_args);
  printf("cmdline r=%lu has-elf %d\n", (unsigned long)cr, strstr(line, ".elf") != NULL);
  intptr_t clock = (intptr_t)semihost(0x10, 0);
  printf("clock nonnegative %d\n", clock >= 0);
  return 9;
}

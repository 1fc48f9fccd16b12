/* Smoke firmware for RISC-V: the same lines as src/smoke.c except the core line. */
#include <stdio.h>

int main(void) {
  printf("hilt smoke firmware\n");
  printf("core: RV32IMAC (built for riscv32imac), board: QEMU virt\n");
  for (int tick = 1; tick <= 3; tick++) {
    printf("tick %d\n", tick);
  }
  printf("smoke: done\n");
  return 0;
}

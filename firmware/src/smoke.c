/* Smoke firmware: a banner and a few lines on the semihosting console, then exit(0). */
#include <stdio.h>

int main(void) {
  printf("hilt smoke firmware\n");
  printf("core: ARMv6-M (built for cortex-m0plus), board: mps2-an385\n");
  for (int tick = 1; tick <= 3; tick++) {
    printf("tick %d\n", tick);
  }
  printf("smoke: done\n");
  return 0;
}

/* Ends through the SiFive test finisher instead of semihosting: exit code in the upper 16 bits. */
#include <stdint.h>
#include <stdio.h>

int main(void) {
  printf("finishing with code 42\n");
  *(volatile uint32_t *)0x00100000 = (42u << 16) | 0x3333u;
  printf("not reached\n");
  return 1;
}

/* The NS16550A: transmit polling LSR.THRE, register reset values, scratch and divisor latch. */
#include <stdint.h>
#include <stdio.h>

#define UART ((volatile uint8_t *)0x10000000)

static void uart_putc(char c) {
  while ((UART[5] & 0x20) == 0) {
  }
  UART[0] = (uint8_t)c;
}

int main(void) {
  printf("lsr %02x iir %02x lcr %02x mcr %02x msr %02x ier %02x\n", UART[5], UART[2], UART[3], UART[4], UART[6],
         UART[1]);
  UART[7] = 0x5a;
  UART[3] = 0x80;
  UART[0] = 0x01;
  UART[1] = 0x02;
  uint8_t dll = UART[0], dlm = UART[1];
  UART[3] = 0x03;
  UART[2] = 0x01;
  printf("scr %02x dll %02x dlm %02x lcr %02x iir-with-fifo %02x\n", UART[7], dll, dlm, UART[3], UART[2]);
  for (const char *s = "hello from the uart\r\n"; *s; s++) {
    uart_putc(*s);
  }
  return 0;
}

/*
 * Writes a greeting to the NS16550A UART of QEMU's virt machine (0x10000000): 8N1 with the divisor
 * latch set as firmware on real 16550s does, then polls LSR.THRE before each byte of THR. Then it
 * reports on the semihosting console and exits 0, like src/uart-hello.c on the CMSDK UART.
 */
#include <stdint.h>
#include <stdio.h>

#define UART0_BASE 0x10000000u
#define UART_REG(offset) (*(volatile uint8_t *)(UART0_BASE + (offset)))
#define UART_THR UART_REG(0) /* transmit holding (DLAB = 0) */
#define UART_DLL UART_REG(0) /* divisor latch low (DLAB = 1) */
#define UART_DLM UART_REG(1) /* divisor latch high (DLAB = 1) */
#define UART_FCR UART_REG(2)
#define UART_LCR UART_REG(3)
#define UART_LSR UART_REG(5)

#define LCR_8N1 0x03u
#define LCR_DLAB 0x80u
#define FCR_ENABLE_FIFOS 0x01u
#define LSR_THRE 0x20u

static unsigned uart_puts(const char *s) {
  unsigned sent = 0;
  for (; *s != '\0'; s++) {
    while ((UART_LSR & LSR_THRE) == 0) {
    }
    UART_THR = (uint8_t)*s;
    sent++;
  }
  return sent;
}

int main(void) {
  UART_LCR = LCR_DLAB;
  UART_DLL = 1; /* 115200 baud from the 1.8432 MHz reference clock */
  UART_DLM = 0;
  UART_LCR = LCR_8N1;
  UART_FCR = FCR_ENABLE_FIFOS;
  unsigned sent = uart_puts("Hello from UART0\r\n");
  sent += uart_puts("uart-hello: done\r\n");
  printf("uart-hello: sent %u bytes on UART0\n", sent);
  return 0;
}

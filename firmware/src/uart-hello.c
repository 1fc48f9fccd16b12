/*
 * Writes a greeting to the CMSDK APB UART0 of mps2-an385 (enable TX in CTRL, poll STATE.TXFULL,
 * write DATA), then reports on the semihosting console and exits 0.
 */
#include <stdint.h>
#include <stdio.h>

#define UART0_BASE 0x40004000u
#define UART_DATA (*(volatile uint32_t *)(UART0_BASE + 0x00))
#define UART_STATE (*(volatile uint32_t *)(UART0_BASE + 0x04))
#define UART_CTRL (*(volatile uint32_t *)(UART0_BASE + 0x08))
#define UART_BAUDDIV (*(volatile uint32_t *)(UART0_BASE + 0x10))

#define STATE_TX_FULL 0x1u
#define CTRL_TX_ENABLE 0x1u

static unsigned uart_puts(const char *s) {
  unsigned sent = 0;
  for (; *s != '\0'; s++) {
    while (UART_STATE & STATE_TX_FULL) {
    }
    UART_DATA = (uint8_t)*s;
    sent++;
  }
  return sent;
}

int main(void) {
  UART_BAUDDIV = 217; /* 25 MHz / 115200 */
  UART_CTRL = CTRL_TX_ENABLE;
  unsigned sent = uart_puts("Hello from UART0\r\n");
  sent += uart_puts("uart-hello: done\r\n");
  printf("uart-hello: sent %u bytes on UART0\n", sent);
  return 0;
}

/*
 * A console on the NS16550A for the DebugTarget tests (not part of the differential corpus): reads
 * command lines from the UART and answers on it. "ill" runs an illegal instruction, "pmp" reads a
 * PMP-protected word from U-mode, "exit N" ends through semihosting with code N.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define UART ((volatile uint8_t *)0x10000000)

volatile uint32_t commands;
volatile uint32_t secret __attribute__((aligned(64))) = 0x5ec2e7;
volatile uint32_t user_result;

void __attribute__((noinline)) checkpoint(uint32_t n) { commands = n; }

static void put(const char *s) {
  while (*s) {
    while ((UART[5] & 0x20) == 0) {
    }
    UART[0] = (uint8_t)*s++;
  }
}

static int get(void) {
  while ((UART[5] & 0x01) == 0) {
  }
  return UART[0];
}

static void __attribute__((noinline)) user_reads_secret(void) {
  user_result = secret;
  __asm__ volatile("ecall");
}

static void run_in_user_mode(void (*fn)(void)) {
  uint32_t guard = (uint32_t)(uintptr_t)&secret;
  __asm__ volatile("csrw pmpaddr0, %0" ::"r"((guard | 31) >> 2));
  __asm__ volatile("csrw pmpaddr1, %0" ::"r"(0xffffffffu));
  __asm__ volatile("csrw pmpcfg0, %0" ::"r"(0x18u | (0x1fu << 8)));
  __asm__ volatile("csrw mepc, %0\n"
                   "li t0, 0x1800\n"
                   "csrc mstatus, t0\n"
                   "la ra, 1f\n"
                   "mret\n"
                   "1:\n"
                   :
                   : "r"(fn)
                   : "ra", "t0", "t1", "t2", "a0", "a1", "a2", "a3", "a4", "a5", "a6", "a7", "t3", "t4", "t5",
                     "t6", "memory");
}

int main(void) {
  char line[64];
  put("console ready\r\n");
  for (uint32_t n = 1;; n++) {
    size_t len = 0;
    for (int c = get(); c != '\n' && c != '\r'; c = get()) {
      if (len + 1 < sizeof line) {
        line[len++] = (char)c;
      }
    }
    line[len] = 0;
    checkpoint(n);
    put("got ");
    put(line);
    put("\r\n");
    if (strcmp(line, "ill") == 0) {
      __asm__ volatile(".word 0xffffffff");
    } else if (strcmp(line, "pmp") == 0) {
      run_in_user_mode(user_reads_secret);
    } else if (strncmp(line, "exit ", 5) == 0) {
      printf("bye\n");
      return atoi(line + 5);
    }
  }
}

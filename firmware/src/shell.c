/*
 * A small command shell on the CMSDK APB UART0 of mps2-an385, for console steps (send, expect,
 * wait-for-prompt): it prints a banner and the prompt "shell> ", echoes what it receives, and runs
 * a line when it gets CR or LF (CR LF counts once). Output lines end in CR LF.
 *
 *   help            commands: help, echo TEXT, add A B, led on|off, panic, exit [CODE]
 *   echo TEXT       TEXT
 *   add A B         sum = A+B                    (decimal, may be negative)
 *   led on|off      led is on / led is off
 *   panic           PANIC: requested by the host  (then the prompt again)
 *   exit [CODE]     bye, then exits with CODE (default 0)
 *
 * Ctrl-C (0x03) drops the line being typed and prints "^C" and a new prompt. A line over 63
 * characters is dropped with "error: line too long"; an unknown command gets "unknown command".
 * Polls the UART (no interrupts).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define UART0_BASE 0x40004000u
#define UART_DATA (*(volatile uint32_t *)(UART0_BASE + 0x00))
#define UART_STATE (*(volatile uint32_t *)(UART0_BASE + 0x04))
#define UART_CTRL (*(volatile uint32_t *)(UART0_BASE + 0x08))
#define UART_BAUDDIV (*(volatile uint32_t *)(UART0_BASE + 0x10))
#define STATE_TX_FULL 0x1u
#define STATE_RX_FULL 0x2u
#define CTRL_TX_ENABLE 0x1u
#define CTRL_RX_ENABLE 0x2u

#define PROMPT "shell> "
#define LINE_MAX 64

static void put_char(char c) {
  while (UART_STATE & STATE_TX_FULL) {
  }
  UART_DATA = (uint8_t)c;
}

static void put_string(const char *s) {
  for (; *s != '\0'; s++) {
    put_char(*s);
  }
}

static void put_line(const char *s) {
  put_string(s);
  put_string("\r\n");
}

static void put_number(long value) {
  char digits[12];
  int n = 0;
  unsigned long magnitude = value < 0 ? (unsigned long)-value : (unsigned long)value;
  if (value < 0) {
    put_char('-');
  }
  do {
    digits[n++] = (char)('0' + magnitude % 10);
    magnitude /= 10;
  } while (magnitude != 0);
  while (n > 0) {
    put_char(digits[--n]);
  }
}

static int get_char(void) {
  while (!(UART_STATE & STATE_RX_FULL)) {
  }
  return (int)(UART_DATA & 0xFFu);
}

/* Parses a decimal number filling the whole word; returns 0 when it is not one. */
static int parse_long(const char *s, long *out) {
  char *end;
  if (*s == '\0') {
    return 0;
  }
  *out = strtol(s, &end, 10);
  return *end == '\0';
}

/* Runs one line; returns 1 when the shell should exit with *code. */
static int run_line(char *line, int *code) {
  char *argv[4];
  int argc = 0;
  for (char *word = strtok(line, " "); word != NULL && argc < 4; word = strtok(NULL, " ")) {
    argv[argc++] = word;
  }
  if (argc == 0) {
    return 0;
  }
  if (strcmp(argv[0], "help") == 0) {
    put_line("commands: help, echo TEXT, add A B, led on|off, panic, exit [CODE]");
  } else if (strcmp(argv[0], "echo") == 0) {
    for (int i = 1; i < argc; i++) {
      put_string(argv[i]);
      put_string(i + 1 < argc ? " " : "");
    }
    put_string("\r\n");
  } else if (strcmp(argv[0], "add") == 0) {
    long a, b;
    if (argc != 3 || !parse_long(argv[1], &a) || !parse_long(argv[2], &b)) {
      put_line("usage: add A B");
    } else {
      put_string("sum = ");
      put_number(a + b);
      put_string("\r\n");
    }
  } else if (strcmp(argv[0], "led") == 0 && argc == 2 &&
             (strcmp(argv[1], "on") == 0 || strcmp(argv[1], "off") == 0)) {
    put_string("led is ");
    put_line(argv[1]);
  } else if (strcmp(argv[0], "panic") == 0) {
    put_line("PANIC: requested by the host");
  } else if (strcmp(argv[0], "exit") == 0) {
    long value = 0;
    if (argc == 2 && !parse_long(argv[1], &value)) {
      put_line("usage: exit [CODE]");
      return 0;
    }
    put_line("bye");
    *code = (int)value;
    return 1;
  } else {
    put_string("unknown command '");
    put_string(argv[0]);
    put_line("'; try help");
  }
  return 0;
}

int main(void) {
  char line[LINE_MAX];
  unsigned length = 0;
  int too_long = 0;
  int last = 0;
  UART_BAUDDIV = 217; /* 25 MHz / 115200 */
  UART_CTRL = CTRL_TX_ENABLE | CTRL_RX_ENABLE;
  put_line("hilt shell, type help");
  put_string(PROMPT);
  for (;;) {
    int c = get_char();
    if (c == '\n' && last == '\r') {
      last = c;
      continue;
    }
    last = c;
    if (c == '\r' || c == '\n') {
      put_string("\r\n");
      if (too_long) {
        put_line("error: line too long");
      } else {
        int code = 0;
        line[length] = '\0';
        if (run_line(line, &code)) {
          return code;
        }
      }
      length = 0;
      too_long = 0;
      put_string(PROMPT);
    } else if (c == 0x03) {
      put_string("^C\r\n" PROMPT);
      length = 0;
      too_long = 0;
    } else if (c >= 0x20 && c < 0x7F) {
      put_char((char)c);
      if (length + 1 < LINE_MAX) {
        line[length++] = (char)c;
      } else {
        too_long = 1;
      }
    }
  }
}

/*
 * Startup for hilt's RISC-V firmware (picolibc with its semihosting OS library): zero .bss, set up
 * thread-local storage (picolibc keeps errno there), run the init arrays, read the command line
 * with SYS_GET_CMDLINE, and exit(main(argc, argv)). A trap nobody handles prints one line on the
 * semihosting console and exits with status 1, as the ARM startup does for an unexpected exception.
 *
 * QEMU's loader (and hilt's simulator) put .data at its run address, so nothing is copied.
 */
#include <picolibc.h>
#include <picotls.h>
#include <semihost.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "trap.h"

extern uint32_t __bss_start__[], __bss_end__[];
extern char __tls_base[];
extern void (*__preinit_array_start[])(void);
extern void (*__preinit_array_end[])(void);
extern void (*__init_array_start[])(void);
extern void (*__init_array_end[])(void);

extern int main(int argc, char **argv);

void hilt_start(void) __attribute__((noreturn, used));

#define MAX_CMDLINE 256
#define MAX_ARGS 16

static char cmdline[MAX_CMDLINE];
static char *argv_storage[MAX_ARGS + 1];

/* Splits the semihosting command line at spaces, as the ARM startup does (argv[0] is the ELF). */
static int split_cmdline(void) {
  if (sys_semihost_get_cmdline(cmdline, MAX_CMDLINE) != 0) {
    cmdline[0] = '\0';
  }
  cmdline[MAX_CMDLINE - 1] = '\0';
  int argc = 0;
  char *p = cmdline;
  while (*p != '\0' && argc < MAX_ARGS) {
    while (*p == ' ') {
      *p++ = '\0';
    }
    if (*p == '\0') {
      break;
    }
    argv_storage[argc++] = p;
    while (*p != '\0' && *p != ' ') {
      p++;
    }
  }
  if (argc == 0) {
    argv_storage[argc++] = cmdline;
  }
  argv_storage[argc] = NULL;
  return argc;
}

void hilt_start(void) {
  for (uint32_t *dst = __bss_start__; dst < __bss_end__;) {
    *dst++ = 0;
  }
  _init_tls(__tls_base);
  _set_tls(__tls_base);
  for (void (**f)(void) = __preinit_array_start; f < __preinit_array_end; f++) {
    (*f)();
  }
  for (void (**f)(void) = __init_array_start; f < __init_array_end; f++) {
    (*f)();
  }
  int argc = split_cmdline();
  exit(main(argc, argv_storage));
}

static void hex32(char *out, uint32_t value) {
  for (int i = 7; i >= 0; i--) {
    out[i] = "0123456789abcdef"[value & 0xf];
    value >>= 4;
  }
}

/* Programs that expect traps (pmp-faults) define their own hilt_trap. */
__attribute__((weak)) void hilt_trap(uint32_t mcause, uint32_t mepc, uint32_t mtval, uint32_t ra,
                                     uint32_t sp) {
  (void)mtval;
  (void)ra;
  (void)sp;
  char cause[9] = {0};
  char pc[9] = {0};
  hex32(cause, mcause);
  hex32(pc, mepc);
  sys_semihost_write0("hilt-fw: unexpected trap mcause=0x");
  sys_semihost_write0(cause);
  sys_semihost_write0(" at pc=0x");
  sys_semihost_write0(pc);
  sys_semihost_write0("\n");
  for (;;) {
    sys_semihost_exit(ADP_Stopped_RunTimeErrorUnknown, 0);
  }
}

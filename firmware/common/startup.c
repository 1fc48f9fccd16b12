/*
 * Startup for hilt's ARMv6-M firmware: vector table, Reset_Handler, default exception handler,
 * the command line split into argv, and a heap bounded by the linker script.
 *
 * The command line comes from the debugger's hilt_args block when hilt wrote one (debuggers
 * without SYS_GET_CMDLINE, such as probe-rs: hilt writes it while the core is halted at reset,
 * in .noinit so startup does not clear it), otherwise from semihosting SYS_GET_CMDLINE.
 *
 * C library: full newlib with libgloss's rdimon syscalls (librdimon: SYS_OPEN ":tt",
 * SYS_WRITE, SYS_ISTTY, ... and _exit using SYS_EXIT_EXTENDED when ":semihosting-features"
 * says the host supports it, so exit(n) reaches the host as status n). rdimon's own crt0 is not
 * used (-nostartfiles): it would take the stack and heap from SYS_HEAPINFO, and here the linker
 * script decides them so that stack painting can find the stack from ELF symbols.
 */
#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "semihost.h"

extern uint32_t __data_start__[], __data_end__[], __data_load__[];
extern uint32_t __bss_start__[], __bss_end__[];
extern char __StackTop[], __HeapBase[], __HeapLimit[];
extern void (*__preinit_array_start[])(void);
extern void (*__preinit_array_end[])(void);
extern void (*__init_array_start[])(void);
extern void (*__init_array_end[])(void);

extern int main(int argc, char **argv);
extern void initialise_monitor_handles(void);

void Reset_Handler(void) __attribute__((noreturn));
void Default_Handler(void);

#define HANDLER(name) void name(void) __attribute__((weak, alias("Default_Handler")))
HANDLER(NMI_Handler);
HANDLER(HardFault_Handler);
HANDLER(SVC_Handler);
HANDLER(PendSV_Handler);
HANDLER(SysTick_Handler);
/* mps2-an385 interrupt lines (QEMU hw/arm/mps2.c). */
HANDLER(UART0RX_IRQHandler);
HANDLER(UART0TX_IRQHandler);
HANDLER(UART1RX_IRQHandler);
HANDLER(UART1TX_IRQHandler);
HANDLER(UART2RX_IRQHandler);
HANDLER(UART2TX_IRQHandler);
HANDLER(GPIO0_IRQHandler);
HANDLER(GPIO1_IRQHandler);
HANDLER(TIMER0_IRQHandler);
HANDLER(TIMER1_IRQHandler);
HANDLER(DUALTIMER_IRQHandler);
HANDLER(IRQ11_IRQHandler);
HANDLER(UARTOVF_IRQHandler);
HANDLER(ETHERNET_IRQHandler);

typedef void (*vector_t)(void);

__attribute__((section(".vectors"), used)) const vector_t vector_table[16 + 14] = {
    (vector_t)(uintptr_t)__StackTop,
    Reset_Handler,
    NMI_Handler,
    HardFault_Handler,
    0, 0, 0, 0, 0, 0, 0, /* reserved on ARMv6-M */
    SVC_Handler,
    0, 0, /* reserved */
    PendSV_Handler,
    SysTick_Handler,
    UART0RX_IRQHandler,
    UART0TX_IRQHandler,
    UART1RX_IRQHandler,
    UART1TX_IRQHandler,
    UART2RX_IRQHandler,
    UART2TX_IRQHandler,
    GPIO0_IRQHandler,
    GPIO1_IRQHandler,
    TIMER0_IRQHandler,
    TIMER1_IRQHandler,
    DUALTIMER_IRQHandler,
    IRQ11_IRQHandler,
    UARTOVF_IRQHandler,
    ETHERNET_IRQHandler,
};

#define MAX_CMDLINE 256
#define MAX_ARGS 16

#define HILT_ARGS_MAGIC 0x53475241u /* "ARGS" in little-endian memory */

/* Layout known to hilt (docs/plans.md, "Arguments without semihosting"). */
struct hilt_args {
  uint32_t magic;
  uint32_t length;
  char text[MAX_CMDLINE];
};

__attribute__((section(".noinit"), used)) volatile struct hilt_args hilt_args;

static char cmdline[MAX_CMDLINE];
static char *argv_storage[MAX_ARGS + 1];

/* Takes the debugger-written command line once: the magic is cleared so a later reset without
   a debugger does not run with stale arguments. */
static int32_t debugger_cmdline(void) {
  if (hilt_args.magic != HILT_ARGS_MAGIC || hilt_args.length >= MAX_CMDLINE) {
    return -1;
  }
  int32_t length = (int32_t)hilt_args.length;
  for (int32_t i = 0; i < length; i++) {
    cmdline[i] = hilt_args.text[i];
  }
  hilt_args.magic = 0;
  return length;
}

static int split_cmdline(void) {
  struct {
    char *buffer;
    int32_t length;
  } block = {cmdline, MAX_CMDLINE};
  block.length = debugger_cmdline();
  if (block.length < 0
      && (semihost_call(SH_SYS_GET_CMDLINE, &block) != 0 || block.length < 0
          || block.length >= MAX_CMDLINE)) {
    cmdline[0] = '\0';
    argv_storage[0] = cmdline;
    return 1;
  }
  cmdline[block.length] = '\0';
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

void Reset_Handler(void) {
  for (uint32_t *src = __data_load__, *dst = __data_start__; dst < __data_end__;) {
    *dst++ = *src++;
  }
  for (uint32_t *dst = __bss_start__; dst < __bss_end__;) {
    *dst++ = 0;
  }
  initialise_monitor_handles();
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

/*
 * An exception nobody handles ends the program: a one-line report on the semihosting console and
 * SYS_EXIT with ADP_Stopped_RunTimeErrorUnknown, which QEMU turns into exit status 1. Programs
 * that expect a fault override the weak handler.
 */
__attribute__((used, noreturn)) static void report_unexpected_exception(const uint32_t *frame,
                                                                        uint32_t ipsr) {
  char number[9] = {0};
  char pc[9] = {0};
  hex32(number, ipsr & 0x1ff);
  hex32(pc, frame[6]);
  semihost_write0("hilt-fw: unexpected exception 0x");
  semihost_write0(number);
  semihost_write0(" at pc=0x");
  semihost_write0(pc);
  semihost_write0("\n");
  for (;;) {
    semihost_call(SH_SYS_EXIT, (const void *)(uintptr_t)SH_ADP_RUNTIME_ERROR_UNKNOWN);
  }
}

__attribute__((naked)) void Default_Handler(void) {
  __asm__ volatile(
      "movs r0, #4\n"
      "mov r1, lr\n"
      "tst r0, r1\n"
      "bne 1f\n"
      "mrs r0, msp\n"
      "b 2f\n"
      "1:\n"
      "mrs r0, psp\n"
      "2:\n"
      "mrs r1, ipsr\n"
      "bl report_unexpected_exception\n");
}

/* crti/crtn are not linked (-nostartfiles); newlib's exit path still calls _fini. */
void _init(void) {}
void _fini(void) {}

/* newlib's malloc grows the heap here; bounded by the linker script, not by the stack pointer. */
void *_sbrk(ptrdiff_t increment) {
  static char *heap_end = __HeapBase;
  if (increment > __HeapLimit - heap_end || increment < __HeapBase - heap_end) {
    errno = ENOMEM;
    return (void *)-1;
  }
  char *previous = heap_end;
  heap_end += increment;
  return previous;
}

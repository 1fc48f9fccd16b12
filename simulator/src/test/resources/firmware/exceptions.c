/*
 * Exercises the ARMv6-M exception model from C: SVC with a result written into the stacked frame,
 * SVC from Thread mode on the process stack, PendSV, SysTick with WFI, NVIC enable/pending/
 * priorities, PRIMASK, tail-chaining order. Prints what it saw; exits with the number of failed
 * checks. Runs the same on QEMU's mps2-an385 and on the simulator.
 */
#include <stdint.h>
#include <stdio.h>

#define REG(addr) (*(volatile uint32_t *)(addr))
#define ICSR REG(0xE000ED04)
#define SHPR3 REG(0xE000ED20)
#define SYST_CSR REG(0xE000E010)
#define SYST_RVR REG(0xE000E014)
#define SYST_CVR REG(0xE000E018)
#define NVIC_ISER REG(0xE000E100)
#define NVIC_ICER REG(0xE000E180)
#define NVIC_ISPR REG(0xE000E200)
#define NVIC_IPR(n) REG(0xE000E400 + 4 * ((n) / 4))

static volatile uint32_t svc_calls, svc_last_lr, pendsv_calls, ticks, order_pos;
static volatile uint32_t order[8];
static int failures;

static void check(int ok, const char *what) {
  printf("%s: %s\n", ok ? "PASS" : "FAIL", what);
  if (!ok) failures++;
}

void svc_dispatch(uint32_t *frame, uint32_t exc_return) {
  uint16_t svc = ((uint16_t *)frame[6])[-1];
  svc_calls++;
  svc_last_lr = exc_return;
  frame[0] = frame[0] + frame[1] + (svc & 0xFF); /* result in r0 */
}

__attribute__((naked)) void SVC_Handler(void) {
  __asm volatile(
      "mov r1, lr\n"
      "movs r0, #4\n"
      "tst r0, r1\n"
      "beq 1f\n"
      "mrs r0, psp\n"
      "b 2f\n"
      "1: mrs r0, msp\n"
      "2: push {r1, lr}\n"
      "bl svc_dispatch\n"
      "pop {r1, pc}\n");
}

static uint32_t svc_add(uint32_t a, uint32_t b) {
  register uint32_t r0 __asm("r0") = a;
  register uint32_t r1 __asm("r1") = b;
  __asm volatile("svc #7" : "+r"(r0) : "r"(r1) : "memory");
  return r0;
}

void PendSV_Handler(void) { pendsv_calls++; }
void SysTick_Handler(void) { ticks++; }

void GPIO0_IRQHandler(void) { order[order_pos++] = 6; } /* IRQ 6 */
void GPIO1_IRQHandler(void) { order[order_pos++] = 7; } /* IRQ 7 */
void TIMER0_IRQHandler(void) {                          /* IRQ 8: pends IRQ 6 and 7 */
  order[order_pos++] = 8;
  NVIC_ISPR = (1u << 6) | (1u << 7);
  order[order_pos++] = 80;
}

static uint32_t process_stack[256];

int main(void) {
  check(svc_add(2, 3) == 12, "SVC returns a value through the stacked r0");
  check(svc_last_lr == 0xFFFFFFF9, "SVC from Thread/MSP has EXC_RETURN 0xFFFFFFF9");

  ICSR = 1u << 28;
  __asm volatile("isb");
  check(pendsv_calls == 1, "PENDSVSET runs PendSV");

  /* Thread mode on the process stack. */
  __asm volatile("msr psp, %0\n"
                 "movs r0, #2\n"
                 "msr control, r0\n"
                 "isb" ::"r"(process_stack + 256)
                 : "r0", "memory");
  uint32_t control;
  __asm volatile("mrs %0, control" : "=r"(control));
  check(control == 2, "CONTROL.SPSEL set in Thread mode");
  check(svc_add(10, 20) == 37, "SVC from the process stack");
  check(svc_last_lr == 0xFFFFFFFD, "SVC from Thread/PSP has EXC_RETURN 0xFFFFFFFD");
  uint32_t sp;
  __asm volatile("mov %0, sp" : "=r"(sp));
  check(sp > (uint32_t)process_stack && sp <= (uint32_t)(process_stack + 256),
        "SP is the process stack after return");
  __asm volatile("movs r0, #0\n msr control, r0\n isb" ::: "r0", "memory");

  /* SysTick with WFI. */
  SYST_RVR = 9999;
  SYST_CVR = 0;
  SYST_CSR = 7;
  while (ticks < 5) {
    __asm volatile("wfi");
  }
  SYST_CSR = 0;
  check(ticks == 5, "five SysTick interrupts woke WFI");

  /* PRIMASK holds an enabled, pending interrupt. */
  __asm volatile("cpsid i");
  NVIC_ISER = 1u << 7;
  NVIC_ISPR = 1u << 7;
  __asm volatile("isb");
  check(order_pos == 0, "PRIMASK holds IRQ 7");
  __asm volatile("cpsie i\n isb");
  check(order_pos == 1 && order[0] == 7, "IRQ 7 runs once PRIMASK clears");

  /* IRQ 8 (priority 0x40) pends IRQ 6 (0xC0) and IRQ 7 (0x80): neither preempts it, then 7
   * before 6 by priority. */
  order_pos = 0;
  NVIC_IPR(6) = (0x80u << 24) | (0xC0u << 16); /* IPR1: IRQ 6 = 0xC0, IRQ 7 = 0x80 */
  NVIC_IPR(8) = 0x40u;
  NVIC_ISER = (1u << 6) | (1u << 7) | (1u << 8);
  NVIC_ISPR = 1u << 8;
  __asm volatile("isb");
  printf("order:");
  for (uint32_t i = 0; i < order_pos; i++) printf(" %lu", (unsigned long)order[i]);
  printf("\n");
  check(order_pos == 4 && order[0] == 8 && order[1] == 80 && order[2] == 7 && order[3] == 6,
        "lower priorities wait, then run by priority");
  NVIC_ICER = 0xFFFFFFFFu;

  printf("exceptions: %d failed\n", failures);
  return failures;
}

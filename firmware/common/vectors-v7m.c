/*
 * ARMv7-M vector table for hilt's cortex-m3 (mps2-an385) and cortex-m4 (mps2-an386) firmware:
 * the system exceptions including MemManage, BusFault, UsageFault and DebugMonitor, and the 32
 * interrupt lines of the AN385/AN386 images. Everything else comes from startup.c, which is
 * shared with ARMv6-M; its own table (section .vectors) is discarded by mps2-an385-v7m.ld.
 *
 * Handlers are weak. The v6-M ones are weak aliases of Default_Handler in startup.c; the ones
 * only ARMv7-M has are defined here as a branch to Default_Handler, which keeps LR (EXC_RETURN)
 * and the stack as the exception left them, so the unexpected-exception report stays correct.
 */
#include <stdint.h>

extern char __StackTop[];
extern void Reset_Handler(void);
extern void NMI_Handler(void);
extern void HardFault_Handler(void);
extern void SVC_Handler(void);
extern void PendSV_Handler(void);
extern void SysTick_Handler(void);
extern void UART0RX_IRQHandler(void);
extern void UART0TX_IRQHandler(void);
extern void UART1RX_IRQHandler(void);
extern void UART1TX_IRQHandler(void);
extern void UART2RX_IRQHandler(void);
extern void UART2TX_IRQHandler(void);
extern void GPIO0_IRQHandler(void);
extern void GPIO1_IRQHandler(void);
extern void TIMER0_IRQHandler(void);
extern void TIMER1_IRQHandler(void);
extern void DUALTIMER_IRQHandler(void);
extern void IRQ11_IRQHandler(void);
extern void UARTOVF_IRQHandler(void);
extern void ETHERNET_IRQHandler(void);

#define FORWARD(name)                                                                    \
  __attribute__((weak, naked)) void name(void) { __asm__ volatile("b Default_Handler"); }
FORWARD(MemManage_Handler)
FORWARD(BusFault_Handler)
FORWARD(UsageFault_Handler)
FORWARD(DebugMon_Handler)
/* Interrupts 14-31 of the AN385/AN386 images (Arm's CMSDK device header names them so). */
FORWARD(I2S_IRQHandler)
FORWARD(TSC_IRQHandler)
FORWARD(GPIO2_IRQHandler)
FORWARD(GPIO3_IRQHandler)
FORWARD(UART3RX_IRQHandler)
FORWARD(UART3TX_IRQHandler)
FORWARD(UART4RX_IRQHandler)
FORWARD(UART4TX_IRQHandler)
FORWARD(ADCSPI_IRQHandler)
FORWARD(SHIELDSPI_IRQHandler)
FORWARD(GPIO0_0_IRQHandler)
FORWARD(GPIO0_1_IRQHandler)
FORWARD(GPIO0_2_IRQHandler)
FORWARD(GPIO0_3_IRQHandler)
FORWARD(GPIO0_4_IRQHandler)
FORWARD(GPIO0_5_IRQHandler)
FORWARD(GPIO0_6_IRQHandler)
FORWARD(GPIO0_7_IRQHandler)

typedef void (*vector_t)(void);

__attribute__((section(".vectors_v7m"), used)) const vector_t vector_table_v7m[16 + 32] = {
    (vector_t)(uintptr_t)__StackTop,
    Reset_Handler,
    NMI_Handler,
    HardFault_Handler,
    MemManage_Handler,
    BusFault_Handler,
    UsageFault_Handler,
    0, 0, 0, 0, /* reserved */
    SVC_Handler,
    DebugMon_Handler,
    0, /* reserved */
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
    IRQ11_IRQHandler, /* SPI */
    UARTOVF_IRQHandler,
    ETHERNET_IRQHandler,
    I2S_IRQHandler,
    TSC_IRQHandler,
    GPIO2_IRQHandler,
    GPIO3_IRQHandler,
    UART3RX_IRQHandler,
    UART3TX_IRQHandler,
    UART4RX_IRQHandler,
    UART4TX_IRQHandler,
    ADCSPI_IRQHandler,
    SHIELDSPI_IRQHandler,
    GPIO0_0_IRQHandler,
    GPIO0_1_IRQHandler,
    GPIO0_2_IRQHandler,
    GPIO0_3_IRQHandler,
    GPIO0_4_IRQHandler,
    GPIO0_5_IRQHandler,
    GPIO0_6_IRQHandler,
    GPIO0_7_IRQHandler,
};

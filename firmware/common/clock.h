/*
 * A 64-bit cycle counter from SysTick (every Cortex-M has one; ARMv6-M has no DWT cycle counter),
 * for log timestamps. SysTick counts the processor clock down from 2^24 - 1; its interrupt counts
 * the wraps. The MPS2 images run the processor at 25 MHz (hilt's simulator: one cycle per
 * instruction).
 */
#ifndef HILT_CLOCK_H
#define HILT_CLOCK_H

#include <stdint.h>

#define CLOCK_HZ 25000000u

/* Starts SysTick (processor clock, interrupt on wrap). Defines SysTick_Handler. */
void clock_start(void);

/* Cycles since clock_start(); safe to call from handlers and with interrupts masked. */
uint64_t clock_cycles(void);

/* Microseconds since clock_start(). */
uint64_t clock_micros(void);

#endif

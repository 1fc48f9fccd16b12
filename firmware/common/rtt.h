/*
 * A small SEGGER RTT implementation for hilt's firmware: the control block `_SEGGER_RTT` with the
 * standard layout, so any RTT host (hilt, probe-rs, SEGGER's J-Link tools) finds and reads it.
 *
 *   up 0    "defmt"     1 KiB  defmt frames (rzCOBS), written by defmt.c
 *   up 1    "Terminal"  1 KiB  plain text
 *   down 0  "Terminal"  64 B   host input
 *
 * Every channel starts in RTT_MODE_NO_BLOCK_SKIP (a write that does not fit is dropped whole); a
 * program, or the host by writing the Flags word, can switch an up channel to
 * RTT_MODE_BLOCK_IF_FULL, so that nothing is lost while a host reads. See firmware/README.md.
 */
#ifndef HILT_RTT_H
#define HILT_RTT_H

#include <stddef.h>
#include <stdint.h>

/* Write modes: the low two bits of a buffer's Flags word (SEGGER's values). */
enum {
  RTT_MODE_NO_BLOCK_SKIP = 0,
  RTT_MODE_NO_BLOCK_TRIM = 1,
  RTT_MODE_BLOCK_IF_FULL = 2,
  RTT_MODE_MASK = 3,
};

enum {
  RTT_UP_DEFMT = 0,
  RTT_UP_TERMINAL = 1,
  RTT_DOWN_TERMINAL = 0,
  RTT_MAX_UP_BUFFERS = 2,
  RTT_MAX_DOWN_BUFFERS = 1,
};

#define RTT_UP_DEFMT_SIZE 1024u
#define RTT_UP_TERMINAL_SIZE 1024u
#define RTT_DOWN_TERMINAL_SIZE 64u

/*
 * One ring buffer. The writer owns WrOff, the reader RdOff; one byte always stays free, so
 * WrOff == RdOff means empty. Both offsets are volatile: the other side changes them behind the
 * compiler's back.
 */
typedef struct {
  const char *sName;
  char *pBuffer;
  uint32_t SizeOfBuffer;
  volatile uint32_t WrOff;
  volatile uint32_t RdOff;
  volatile uint32_t Flags;
} rtt_buffer_t;

typedef struct {
  volatile char acID[16];
  int32_t MaxNumUpBuffers;
  int32_t MaxNumDownBuffers;
  rtt_buffer_t aUp[RTT_MAX_UP_BUFFERS];
  rtt_buffer_t aDown[RTT_MAX_DOWN_BUFFERS];
} rtt_control_block_t;

/* The control block; hosts find it by this symbol or by scanning RAM for "SEGGER RTT". */
extern rtt_control_block_t _SEGGER_RTT;

/*
 * Fills in the control block. Idempotent; every other function calls it first. The id is
 * written last, byte by byte from its end, after a barrier: a host sees either no id or a
 * complete block.
 */
void rtt_init(void);

/* Changes the write mode of an up channel (RTT_MODE_*). */
void rtt_set_up_mode(unsigned channel, uint32_t mode);

/*
 * Writes to an up channel as its mode says: NO_BLOCK_SKIP writes all or nothing, NO_BLOCK_TRIM
 * what fits, BLOCK_IF_FULL waits for the host (interrupts stay enabled while it waits; each piece
 * is written with interrupts masked, so writers in handlers do not interleave within a piece).
 * Returns the number of bytes written.
 */
size_t rtt_write(unsigned channel, const void *data, size_t length);

/* rtt_write of a NUL-terminated string. */
size_t rtt_write_string(unsigned channel, const char *text);

/* Reads up to `capacity` bytes the host wrote to a down channel; 0 when none are pending. */
size_t rtt_read(unsigned channel, void *out, size_t capacity);

/* Bytes waiting in a down channel. */
size_t rtt_pending_input(unsigned channel);

#endif

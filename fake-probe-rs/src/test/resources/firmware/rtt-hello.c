/*
 * RTT test firmware for the stand-in probe-rs: a SEGGER RTT control block with one up channel
 * ("Terminal"), a few lines written to it, then exit(3) through semihosting. Built by
 * RttThroughProbeRsTest with arm-none-eabi-gcc and firmware/common (startup, linker script).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
  const char *name;
  char *buffer;
  uint32_t size;
  volatile uint32_t write;
  volatile uint32_t read;
  uint32_t flags;
} rtt_buffer;

typedef struct {
  char id[16];
  int32_t max_up;
  int32_t max_down;
  rtt_buffer up[1];
  rtt_buffer down[1];
} rtt_control_block;

static char up_buffer[256];
static char down_buffer[16];
rtt_control_block _SEGGER_RTT;

static void rtt_init(void) {
  _SEGGER_RTT.max_up = 1;
  _SEGGER_RTT.max_down = 1;
  _SEGGER_RTT.up[0] = (rtt_buffer){"Terminal", up_buffer, sizeof up_buffer, 0, 0, 2};
  _SEGGER_RTT.down[0] = (rtt_buffer){"Terminal", down_buffer, sizeof down_buffer, 0, 0, 0};
  /* The id last, so a host never sees a half-built block; split so no copy of it sits in flash. */
  char id[16] = "SEGGER";
  strcat(id, " RTT");
  memcpy(_SEGGER_RTT.id, id, sizeof id);
}

/* Blocks while the ring is full (flags 2: block if full), as the host drains it. */
static void rtt_write(const char *s) {
  rtt_buffer *b = &_SEGGER_RTT.up[0];
  for (; *s; s++) {
    uint32_t next = (b->write + 1) % b->size;
    while (next == b->read) {
    }
    b->buffer[b->write] = *s;
    b->write = next;
  }
}

int main(void) {
  rtt_init();
  rtt_write("rtt: hello from the simulator\n");
  for (int i = 0; i < 20; i++) {
    rtt_write("rtt: line of a longer stream that wraps the ring buffer\n");
  }
  rtt_write("rtt: done\n");
  /* Wait until the host read everything before exiting. */
  while (_SEGGER_RTT.up[0].read != _SEGGER_RTT.up[0].write) {
  }
  exit(3);
}

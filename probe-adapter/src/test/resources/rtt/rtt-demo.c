/*
 * A SEGGER RTT control block initialised statically in .data, for RttElfTest: one up channel
 * holding "hello\n" and one down channel. Real firmware fills the block at run time; the layout
 * is the same.
 */
typedef struct {
  const char *name;
  char *buffer;
  unsigned size;
  volatile unsigned write;
  volatile unsigned read;
  unsigned flags;
} rtt_buffer;

typedef struct {
  char id[16];
  int max_up;
  int max_down;
  rtt_buffer up[2];
  rtt_buffer down[1];
} rtt_control_block;

static char up_buffer[64] = "hello\n";
static char down_buffer[16];

rtt_control_block _SEGGER_RTT = {
    "SEGGER RTT",
    2,
    1,
    {{"Terminal", up_buffer, sizeof up_buffer, 6, 0, 2}, {0, 0, 0, 0, 0, 0}},
    {{"Terminal", down_buffer, sizeof down_buffer, 0, 0, 0}},
};

void _start(void) {
  for (;;) {
    _SEGGER_RTT.up[0].write = _SEGGER_RTT.up[0].write;
  }
}

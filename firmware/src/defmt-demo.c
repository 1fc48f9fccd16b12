/*
 * defmt-demo [SCENARIO]: logs through RTT with genuine defmt frames (common/defmt.c) and plain
 * text (RTT channel 1), for hilt's RTT reader and defmt decoder.
 *
 *   (none)     every level, every argument type the emitter has, several display hints; text on
 *              channel 1; exit 0
 *   error      an info line and an error line (for plans that fail on error logs); exit 0
 *   flood [N]  N info frames (default 10000) with channel 0 in blocking mode, so a host that reads
 *              sees every one (without a host reading, the program waits forever); exit 0
 *   echo       waits for a line on down channel 0, logs it and writes it back on channel 1;
 *              exit 0, or 3 when no line came within 2^30 cycles (43 s at 25 MHz)
 *   anything else: exit 2
 *
 * Each log statement's format string is on the line of its macro: that is the line the host shows.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DEFMT_CRATE "defmt_demo"
#include "clock.h"
#include "defmt.h"
#include "rtt.h"

DEFMT_TIMESTAMP("{=u64:us}", DEFMT_U64(clock_micros()));

struct point {
  int32_t x;
  int32_t y;
};

static void point_format(defmt_frame_t *frame, const void *value) {
  const struct point *p = value;
  DEFMT_WRITE(frame, "Point {{ x: {=i32}, y: {=i32} }}", DEFMT_I32(p->x), DEFMT_I32(p->y));
}

enum state { STATE_IDLE, STATE_RUNNING, STATE_STOPPED };

static int every_level(void) {
  rtt_write_string(RTT_UP_TERMINAL, "defmt-demo: plain text on RTT channel 1\n");
  DEFMT_TRACE("entering every_level");
  DEFMT_DEBUG("hex {=u8:x} {=u32:#x} {=i16:#x} bin {=u8:b} {=u8:#b}", DEFMT_U8(0xc8), DEFMT_U32(0xdeadbeef), DEFMT_I16(-1), DEFMT_U8(5), DEFMT_U8(5));
  DEFMT_INFO("unsigned {=u8} {=u16} {=u32} {=u64}", DEFMT_U8(200), DEFMT_U16(65000), DEFMT_U32(4000000000u), DEFMT_U64(18000000000000000000ull));
  DEFMT_INFO("signed {=i8} {=i16} {=i32} {=i64}", DEFMT_I8(-100), DEFMT_I16(-30000), DEFMT_I32(-2000000000), DEFMT_I64(-9000000000000000000ll));
  DEFMT_INFO("bool {=bool} {=bool}, char {=char} {=char}", DEFMT_BOOL(1), DEFMT_BOOL(0), DEFMT_CHAR('h'), DEFMT_CHAR(0xe9));
  volatile float half = 1.5f; /* volatile: the value is computed at run time, soft float included */
  DEFMT_INFO("float {=f32} {=f32} {=f64}", DEFMT_F32(half), DEFMT_F32(-half / 6.0f), DEFMT_F64(3.141592653589793));
  DEFMT_WARN("str {=str}, istr {=istr}, debug str {=str:?}", DEFMT_STR("hello"), DEFMT_ISTR("sensor-a"), DEFMT_STR("quoted"));
  static const uint8_t bytes[] = {23, 42};
  static const uint8_t triple[3] = {1, 2, 3};
  DEFMT_INFO("bytes {=[u8]} ascii {=[u8]:a} array {=[u8; 3]}", DEFMT_BYTES(bytes, sizeof bytes), DEFMT_BYTES("Hi", 2), DEFMT_ARRAY(triple, sizeof triple));
  struct point p = {-3, 7};
  DEFMT_INFO("nested {=?} and enum {=?}", DEFMT_FORMAT(point_format, &p), DEFMT_ENUM("Idle|Running|Stopped", STATE_RUNNING));
  DEFMT_INFO("bitfields x: {0=0..4:b}, y: {0=3..8:#b}", DEFMT_BITFIELD(0xe5, 0, 8));
  DEFMT_ERROR("error code {=u32} ({=istr})", DEFMT_U32(42), DEFMT_ISTR("overheated"));
  DEFMT_PRINTLN("println has no level, {=u8} argument", DEFMT_U8(1));
  DEFMT_INFO("every_level done, {=u32} frames dropped", DEFMT_U32(defmt_dropped));
  rtt_write_string(RTT_UP_TERMINAL, "defmt-demo: done\n");
  return 0;
}

static int error(void) {
  DEFMT_INFO("error scenario: about to fail");
  DEFMT_ERROR("sensor {=istr} failed with code {=i32}", DEFMT_ISTR("sensor-b"), DEFMT_I32(-5));
  return 0;
}

static int flood(uint32_t count) {
  rtt_set_up_mode(RTT_UP_DEFMT, RTT_MODE_BLOCK_IF_FULL);
  for (uint32_t i = 1; i <= count; i++) {
    DEFMT_INFO("flood {=u32} of {=u32}", DEFMT_U32(i), DEFMT_U32(count));
  }
  DEFMT_INFO("flood done, {=u32} frames dropped", DEFMT_U32(defmt_dropped));
  return 0;
}

static int echo(void) {
  char line[RTT_DOWN_TERMINAL_SIZE];
  size_t length = 0;
  DEFMT_INFO("echo: waiting for a line on down channel 0");
  uint64_t deadline = clock_cycles() + (1ull << 30);
  while (clock_cycles() < deadline) {
    char c;
    if (rtt_read(RTT_DOWN_TERMINAL, &c, 1) == 0) {
      continue;
    }
    if (c == '\n' || length == sizeof line - 1) {
      DEFMT_INFO("echo: {=str}", DEFMT_STR_N(line, length));
      rtt_write_string(RTT_UP_TERMINAL, "echo: ");
      rtt_write(RTT_UP_TERMINAL, line, length);
      rtt_write_string(RTT_UP_TERMINAL, "\n");
      return 0;
    }
    line[length++] = c;
  }
  DEFMT_WARN("echo: no input");
  return 3;
}

int main(int argc, char **argv) {
  clock_start();
  rtt_init();
  const char *scenario = argc > 1 ? argv[1] : "";
  int status;
  if (argc <= 1) {
    status = every_level();
  } else if (strcmp(scenario, "error") == 0) {
    status = error();
  } else if (strcmp(scenario, "flood") == 0) {
    char *end = "";
    unsigned long count = argc > 2 ? strtoul(argv[2], &end, 10) : 10000;
    if (*end != '\0' || count == 0 || count > 1000000) {
      fprintf(stderr, "defmt-demo: flood count must be 1..1000000\n");
      return 2;
    }
    status = flood((uint32_t)count);
  } else if (strcmp(scenario, "echo") == 0) {
    status = echo();
  } else {
    fprintf(stderr, "defmt-demo: unknown scenario '%s' (error, flood [N], echo)\n", scenario);
    return 2;
  }
  printf("defmt-demo: %s done, exit %d\n", argc > 1 ? scenario : "every-level", status);
  return status;
}

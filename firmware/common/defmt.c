/*
 * The defmt frame encoder and rzCOBS framing behind defmt.h, sending on RTT up channel 0.
 *
 * A frame (wire format 4) is the statement's u16 index, the timestamp's arguments, then the
 * arguments in parameter order, all little-endian: integers at their size, bool one byte, char a
 * u32, f32/f64 their IEEE bits, str and [u8] a u32 length then the bytes, [u8; N] the bytes,
 * istr a u16 index, a nested format its u16 index then its own arguments, an enum the index of
 * "A|B|C" then a one-byte discriminant.
 */
#include "defmt.h"

#include <string.h>

#include "rtt.h"

/* The wire format version and encoding the host checks (absolute symbols; values unused). */
__asm__(".globl \"_defmt_version_ = 4\"\n"
        ".set \"_defmt_version_ = 4\", 1\n"
        ".globl \"_defmt_encoding_ = rzcobs\"\n"
        ".set \"_defmt_encoding_ = rzcobs\", 1\n");

volatile uint32_t defmt_dropped;

/* Whether a frame went out yet: the stream starts with one 0x00, as defmt's encoder does. */
static volatile bool started;

size_t defmt_strlen_(const char *s) { return strlen(s); }

void defmt_frame_put(defmt_frame_t *frame, const void *data, size_t length) {
  if (frame->overflow || length > DEFMT_MAX_FRAME - frame->length) {
    frame->overflow = true;
    return;
  }
  memcpy(frame->bytes + frame->length, data, length);
  frame->length = (uint16_t)(frame->length + length);
}

static void put_le(defmt_frame_t *frame, uint64_t value, size_t size) {
  uint8_t bytes[8];
  for (size_t i = 0; i < size; i++) {
    bytes[i] = (uint8_t)(value >> (8 * i));
  }
  defmt_frame_put(frame, bytes, size);
}

/* A bitfield sends the bytes holding bits low..high-1: 1, 2, 4 or 8 of them. */
static void put_bitfield(defmt_frame_t *frame, uint64_t value, unsigned low, unsigned high) {
  if (high <= low || high > 64) {
    frame->overflow = true; /* a range no format can have: drop the frame */
    return;
  }
  unsigned lowest = low / 8;
  unsigned span = (high - 1) / 8 - lowest + 1;
  unsigned size = span == 1 ? 1 : span == 2 ? 2 : span <= 4 ? 4 : 8;
  put_le(frame, value >> (8 * lowest), size);
}

void defmt_frame_put_arg(defmt_frame_t *frame, const defmt_arg_t *arg) {
  switch (arg->kind) {
    case DEFMT_ARG_U8:
    case DEFMT_ARG_BOOL:
      put_le(frame, arg->as.u, 1);
      break;
    case DEFMT_ARG_U16:
      put_le(frame, arg->as.u, 2);
      break;
    case DEFMT_ARG_U32:
    case DEFMT_ARG_CHAR:
      put_le(frame, arg->as.u, 4);
      break;
    case DEFMT_ARG_U64:
      put_le(frame, arg->as.u, 8);
      break;
    case DEFMT_ARG_F32: {
      uint32_t bits;
      memcpy(&bits, &arg->as.f32, sizeof bits);
      put_le(frame, bits, 4);
      break;
    }
    case DEFMT_ARG_F64: {
      uint64_t bits;
      memcpy(&bits, &arg->as.f64, sizeof bits);
      put_le(frame, bits, 8);
      break;
    }
    case DEFMT_ARG_STR:
    case DEFMT_ARG_BYTES:
      put_le(frame, arg->as.bytes.length, 4);
      defmt_frame_put(frame, arg->as.bytes.data, arg->as.bytes.length);
      break;
    case DEFMT_ARG_ARRAY:
      defmt_frame_put(frame, arg->as.bytes.data, arg->as.bytes.length);
      break;
    case DEFMT_ARG_ISTR:
      put_le(frame, arg->as.interned.index, 2);
      break;
    case DEFMT_ARG_ENUM:
      put_le(frame, arg->as.interned.index, 2);
      put_le(frame, arg->as.interned.discriminant, 1);
      break;
    case DEFMT_ARG_FORMAT:
      arg->as.format.write(frame, arg->as.format.value);
      break;
    case DEFMT_ARG_BITFIELD:
      put_bitfield(frame, arg->as.bits.value, arg->as.bits.low, arg->as.bits.high);
      break;
    default:
      frame->overflow = true;
      break;
  }
}

void defmt_write_(defmt_frame_t *frame, uint16_t index, const defmt_arg_t *args, size_t count) {
  put_le(frame, index, 2);
  for (size_t i = 0; i < count; i++) {
    defmt_frame_put_arg(frame, &args[i]);
  }
}

/* No timestamp unless the program defines one with DEFMT_TIMESTAMP. */
__attribute__((weak)) void defmt_timestamp(defmt_frame_t *frame) { (void)frame; }

/*
 * rzCOBS (reverse zero-compressing COBS), as defmt's encoder writes it, forwards:
 *   - up to seven bytes starting a run: the non-zero ones are copied, zeros become bits of a
 *     group byte 0xxxxxxx (bit i set: byte i of the group was zero), written after the group;
 *   - seven or more non-zero bytes in a row: copied, then 1nnnnnnn (n + 7 bytes, then a zero)
 *     when a zero ends the run, or 0xff after 134 bytes (no zero);
 *   - at the end, an unfinished group byte (its missing bits set) or run byte, then 0x00.
 * The host decodes from the end, which is why the group byte follows its bytes.
 */
size_t defmt_rzcobs_encode(const uint8_t *in, size_t length, uint8_t *out) {
  size_t o = 0;
  unsigned run = 0;
  unsigned zeros = 0;
  for (size_t i = 0; i < length; i++) {
    uint8_t b = in[i];
    if (run < 7) {
      if (b == 0) {
        zeros |= 1u << run;
      } else {
        out[o++] = b;
      }
      run++;
      if (run == 7 && zeros != 0) {
        out[o++] = (uint8_t)zeros;
        run = 0;
        zeros = 0;
      }
    } else if (b == 0) {
      out[o++] = (uint8_t)(0x80 | (run - 7));
      run = 0;
      zeros = 0;
    } else {
      out[o++] = b;
      run++;
      if (run == 134) {
        out[o++] = 0xff;
        run = 0;
        zeros = 0;
      }
    }
  }
  if (run > 0 && run < 7) {
    out[o++] = (uint8_t)(zeros | (0x7fu & (0x7fu << run)));
  } else if (run >= 7) {
    out[o++] = (uint8_t)(0x80 | (run - 7));
  }
  out[o++] = 0;
  return o;
}

void defmt_log_(uint16_t index, const defmt_arg_t *args, size_t count) {
  defmt_frame_t frame;
  frame.length = 0;
  frame.overflow = false;
  put_le(&frame, index, 2);
  defmt_timestamp(&frame);
  for (size_t i = 0; i < count; i++) {
    defmt_frame_put_arg(&frame, &args[i]);
  }
  if (frame.overflow) {
    defmt_dropped++;
    return;
  }
  uint8_t wire[1 + DEFMT_RZCOBS_MAX(DEFMT_MAX_FRAME)];
  size_t n = 0;
  if (!started) {
    wire[n++] = 0;
  }
  n += defmt_rzcobs_encode(frame.bytes, frame.length, wire + n);
  if (rtt_write(RTT_UP_DEFMT, wire, n) == n) {
    started = true;
  } else {
    defmt_dropped++;
  }
}

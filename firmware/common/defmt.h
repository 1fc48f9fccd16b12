/*
 * defmt logging from C: genuine defmt frames (wire format version 4, rzCOBS) on RTT up channel 0,
 * decoded on the host with the firmware's ELF, like the Rust crate's output.
 *
 *   DEFMT_INFO("booted in {=u32} ms", DEFMT_U32(ms));
 *   DEFMT_WARN("temperature {=i16} C on {=istr}", DEFMT_I16(t), DEFMT_ISTR("sensor-a"));
 *   DEFMT_PRINTLN("no level, no filter");
 *
 * Each log statement interns its format string at compile time as a symbol in a .defmt section
 * whose name is JSON ({"package":..,"tag":"defmt_info","data":"<format>","disambiguator":..,
 * "crate_name":..}) and whose address, assigned by the linker (`.defmt 1 (INFO)`, not loaded), is
 * the index the frame carries. Nothing of the format string is in the firmware image.
 *
 * Arguments are typed values (DEFMT_U8(x), DEFMT_STR(s), ...) in the order of the format's
 * parameters; their types must match the format, the compiler cannot check that. Format strings
 * are pasted into assembler text: they may not contain `"` or `\`. Log statements may be used in
 * interrupt handlers. See firmware/README.md.
 */
#ifndef HILT_DEFMT_H
#define HILT_DEFMT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The "crate" of the log statements in a file, for level filters like DEFMT_LOG=demo=info. */
#ifndef DEFMT_CRATE
#define DEFMT_CRATE "hilt_fw"
#endif
#define DEFMT_PACKAGE "hilt-firmware"

/* Compile-time level filter: statements below it vanish (0 trace, 1 debug, 2 info, 3 warn, 4 error). */
#ifndef DEFMT_MIN_LEVEL
#define DEFMT_MIN_LEVEL 0
#endif

/* Largest frame before rzCOBS (index, timestamp, arguments); larger frames are dropped. */
#define DEFMT_MAX_FRAME 192u

typedef struct {
  uint8_t bytes[DEFMT_MAX_FRAME];
  uint16_t length;
  bool overflow;
} defmt_frame_t;

/* Writes a nested format's index and arguments into the frame (C's `impl Format`). */
typedef void (*defmt_format_fn)(defmt_frame_t *frame, const void *value);

typedef enum {
  DEFMT_ARG_U8,
  DEFMT_ARG_U16,
  DEFMT_ARG_U32,
  DEFMT_ARG_U64,
  DEFMT_ARG_BOOL,
  DEFMT_ARG_F32,
  DEFMT_ARG_F64,
  DEFMT_ARG_CHAR,
  DEFMT_ARG_STR,      /* u32 length, UTF-8 bytes */
  DEFMT_ARG_BYTES,    /* [u8]: u32 length, bytes */
  DEFMT_ARG_ARRAY,    /* [u8; N]: the N bytes */
  DEFMT_ARG_ISTR,     /* u16 index of an interned string */
  DEFMT_ARG_FORMAT,   /* ?: whatever the function writes */
  DEFMT_ARG_ENUM,     /* ?: u16 index of "A|B|C", then the discriminant */
  DEFMT_ARG_BITFIELD, /* the bytes of the value that hold bits lo..hi */
} defmt_arg_kind_t;

typedef struct {
  defmt_arg_kind_t kind;
  union {
    uint64_t u; /* every integer, bool, char; signed ones as their two's complement */
    float f32;
    double f64;
    struct {
      const void *data;
      uint32_t length;
    } bytes;
    struct {
      uint16_t index;
      uint8_t discriminant;
    } interned;
    struct {
      defmt_format_fn write;
      const void *value;
    } format;
    struct {
      uint64_t value;
      uint8_t low;
      uint8_t high;
    } bits;
  } as;
} defmt_arg_t;

#define DEFMT_U8(x) ((defmt_arg_t){.kind = DEFMT_ARG_U8, .as.u = (uint8_t)(x)})
#define DEFMT_U16(x) ((defmt_arg_t){.kind = DEFMT_ARG_U16, .as.u = (uint16_t)(x)})
#define DEFMT_U32(x) ((defmt_arg_t){.kind = DEFMT_ARG_U32, .as.u = (uint32_t)(x)})
#define DEFMT_U64(x) ((defmt_arg_t){.kind = DEFMT_ARG_U64, .as.u = (uint64_t)(x)})
#define DEFMT_USIZE(x) DEFMT_U32(x)
#define DEFMT_I8(x) ((defmt_arg_t){.kind = DEFMT_ARG_U8, .as.u = (uint8_t)(int8_t)(x)})
#define DEFMT_I16(x) ((defmt_arg_t){.kind = DEFMT_ARG_U16, .as.u = (uint16_t)(int16_t)(x)})
#define DEFMT_I32(x) ((defmt_arg_t){.kind = DEFMT_ARG_U32, .as.u = (uint32_t)(int32_t)(x)})
#define DEFMT_I64(x) ((defmt_arg_t){.kind = DEFMT_ARG_U64, .as.u = (uint64_t)(int64_t)(x)})
#define DEFMT_ISIZE(x) DEFMT_I32(x)
#define DEFMT_BOOL(x) ((defmt_arg_t){.kind = DEFMT_ARG_BOOL, .as.u = (x) ? 1u : 0u})
#define DEFMT_F32(x) ((defmt_arg_t){.kind = DEFMT_ARG_F32, .as.f32 = (x)})
#define DEFMT_F64(x) ((defmt_arg_t){.kind = DEFMT_ARG_F64, .as.f64 = (x)})
#define DEFMT_CHAR(x) ((defmt_arg_t){.kind = DEFMT_ARG_CHAR, .as.u = (uint32_t)(x)})
#define DEFMT_STR(s) DEFMT_STR_N((s), defmt_strlen_(s))
#define DEFMT_STR_N(s, n) \
  ((defmt_arg_t){.kind = DEFMT_ARG_STR, .as.bytes = {.data = (s), .length = (uint32_t)(n)}})
#define DEFMT_BYTES(p, n) \
  ((defmt_arg_t){.kind = DEFMT_ARG_BYTES, .as.bytes = {.data = (p), .length = (uint32_t)(n)}})
/* For {=[u8; N]}: N must be the length in the format. */
#define DEFMT_ARRAY(p, n) \
  ((defmt_arg_t){.kind = DEFMT_ARG_ARRAY, .as.bytes = {.data = (p), .length = (uint32_t)(n)}})
/* For {=?}: `write(frame, value)` writes a nested format with DEFMT_WRITE. */
#define DEFMT_FORMAT(write_fn, value_ptr) \
  ((defmt_arg_t){.kind = DEFMT_ARG_FORMAT, .as.format = {.write = (write_fn), .value = (value_ptr)}})
/* For {=?} of a C enum: `variants` is "Name0|Name1|...", `x` the variant's number; at most 256
   variants (the discriminant is one byte). */
#define DEFMT_ENUM(variants, x) DEFMT_ENUM_(DEFMT_ID_, variants, x)
/* For bitfield parameters {0=lo..hi}: lo..hi is the union of this argument's ranges. */
#define DEFMT_BITFIELD(x, lo, hi)                                                             \
  ((defmt_arg_t){.kind = DEFMT_ARG_BITFIELD,                                                  \
                 .as.bits = {.value = (uint64_t)(x), .low = (uint8_t)(lo), .high = (uint8_t)(hi)}})
/* For {=istr}: the string is interned like a format string, only its u16 index is sent. */
#define DEFMT_ISTR(s) DEFMT_ISTR_(DEFMT_ID_, s)

#define DEFMT_TRACE(...) DEFMT_IF_LEVEL_(0, DEFMT_LOG_(DEFMT_ID_, "defmt_trace", __VA_ARGS__))
#define DEFMT_DEBUG(...) DEFMT_IF_LEVEL_(1, DEFMT_LOG_(DEFMT_ID_, "defmt_debug", __VA_ARGS__))
#define DEFMT_INFO(...) DEFMT_IF_LEVEL_(2, DEFMT_LOG_(DEFMT_ID_, "defmt_info", __VA_ARGS__))
#define DEFMT_WARN(...) DEFMT_IF_LEVEL_(3, DEFMT_LOG_(DEFMT_ID_, "defmt_warn", __VA_ARGS__))
#define DEFMT_ERROR(...) DEFMT_IF_LEVEL_(4, DEFMT_LOG_(DEFMT_ID_, "defmt_error", __VA_ARGS__))
/* A line without level (defmt::println!), never filtered. */
#define DEFMT_PRINTLN(...) DEFMT_LOG_(DEFMT_ID_, "defmt_println", __VA_ARGS__)

/* Inside a defmt_format_fn: writes a nested format (tag defmt_write) and its arguments. */
#define DEFMT_WRITE(frame, ...) DEFMT_WRITE_(DEFMT_ID_, frame, __VA_ARGS__)

/*
 * Defines the timestamp every frame carries (defmt::timestamp!), once per program:
 *   DEFMT_TIMESTAMP("{=u64:us}", DEFMT_U64(clock_micros()));
 * Without it frames carry none.
 */
#define DEFMT_TIMESTAMP(...) DEFMT_TIMESTAMP_(DEFMT_ID_, __VA_ARGS__)

/* Frames not sent: too large for DEFMT_MAX_FRAME, or dropped by RTT (channel full, skip mode). */
extern volatile uint32_t defmt_dropped;

/*
 * rzCOBS-encodes `length` bytes into `out` (at least DEFMT_RZCOBS_MAX(length) bytes), with the
 * terminating 0x00; returns the number of bytes written.
 */
#define DEFMT_RZCOBS_MAX(n) ((n) + ((n) + 6) / 7 + 2)
size_t defmt_rzcobs_encode(const uint8_t *in, size_t length, uint8_t *out);

/* Appends raw bytes to a frame (for format functions that need what the arguments do not cover). */
void defmt_frame_put(defmt_frame_t *frame, const void *data, size_t length);
void defmt_frame_put_arg(defmt_frame_t *frame, const defmt_arg_t *arg);

/* ---- implementation details of the macros ---- */

void defmt_log_(uint16_t index, const defmt_arg_t *args, size_t count);
void defmt_write_(defmt_frame_t *frame, uint16_t index, const defmt_arg_t *args, size_t count);
void defmt_timestamp(defmt_frame_t *frame);
size_t defmt_strlen_(const char *s);

#define DEFMT_Q_(x) #x
#define DEFMT_XQ_(x) DEFMT_Q_(x)
#define DEFMT_CAT2_(a, b) a##b
#define DEFMT_CAT_(a, b) DEFMT_CAT2_(a, b)
/*
 * A number unique in the file, expanded once per statement (macro arguments are expanded before
 * they are substituted) and passed down: in the symbol's disambiguator and in the name of the
 * extern that takes its address (block-scope externs of one name would be one object).
 */
#define DEFMT_ID_ __COUNTER__

/* The symbol as the assembler sees it: the JSON in double quotes, its own quotes escaped. */
#define DEFMT_SYMBOL_(tag, data, id)                                                          \
  "\"{\\\"package\\\":\\\"" DEFMT_PACKAGE "\\\",\\\"tag\\\":\\\"" tag "\\\",\\\"data\\\":\\\"" \
  data "\\\",\\\"disambiguator\\\":\\\"" id "\\\",\\\"crate_name\\\":\\\"" DEFMT_CRATE "\\\"}\""

/*
 * Defines the symbol (one byte in .defmt.<id>) where the statement is. GCC may duplicate the
 * asm (inlining, unrolling, cloning), hence .ifndef. The extern with the same asm label gives C
 * the address; gcc records it in DWARF as a variable at this line, which is where the host takes
 * the statement's file:line from.
 */
#define DEFMT_DEFINE_(tag, data, id)                                                          \
  __asm__(".pushsection .defmt." DEFMT_XQ_(id) ",\"\",%progbits\n"                             \
          ".ifndef " DEFMT_SYMBOL_(tag, data, DEFMT_XQ_(id)) "\n"                             \
          DEFMT_SYMBOL_(tag, data, DEFMT_XQ_(id)) ":\n"                                        \
          ".byte 0\n.endif\n.popsection\n")

#define DEFMT_INDEX_(tag, data, id)                                                \
  __extension__({                                                                  \
    DEFMT_DEFINE_(tag, data, id);                                                  \
    extern const char DEFMT_CAT_(defmt_statement_, id)[] __asm__(                  \
        DEFMT_SYMBOL_(tag, data, DEFMT_XQ_(id)));                                  \
    (uint16_t)(uintptr_t)DEFMT_CAT_(defmt_statement_, id);                         \
  })

#define DEFMT_IF_LEVEL_(level, statement) \
  do {                                    \
    if ((level) >= DEFMT_MIN_LEVEL) {     \
      statement;                          \
    }                                     \
  } while (0)

#define DEFMT_LOG_(id, tag, format, ...)                                             \
  do {                                                                               \
    const defmt_arg_t defmt_args_[] = {__VA_ARGS__};                                 \
    defmt_log_(DEFMT_INDEX_(tag, format, id), defmt_args_,                           \
               sizeof defmt_args_ / sizeof defmt_args_[0]);                          \
  } while (0)

#define DEFMT_WRITE_(id, frame, format, ...)                                         \
  do {                                                                               \
    const defmt_arg_t defmt_args_[] = {__VA_ARGS__};                                 \
    defmt_write_((frame), DEFMT_INDEX_("defmt_write", format, id), defmt_args_,     \
                 sizeof defmt_args_ / sizeof defmt_args_[0]);                        \
  } while (0)

#define DEFMT_ISTR_(id, s) \
  ((defmt_arg_t){.kind = DEFMT_ARG_ISTR, .as.interned = {.index = DEFMT_INDEX_("defmt_str", s, id)}})

#define DEFMT_ENUM_(id, variants, x)                                                  \
  ((defmt_arg_t){.kind = DEFMT_ARG_ENUM,                                              \
                 .as.interned = {.index = DEFMT_INDEX_("defmt_derived", variants, id), \
                                 .discriminant = (uint8_t)(x)}})

#define DEFMT_TIMESTAMP_(id, format, ...)                          \
  void defmt_timestamp(defmt_frame_t *frame) {                     \
    DEFMT_DEFINE_("defmt_timestamp", format, id);                  \
    const defmt_arg_t defmt_args_[] = {__VA_ARGS__};               \
    for (size_t i = 0; i < sizeof defmt_args_ / sizeof defmt_args_[0]; i++) { \
      defmt_frame_put_arg(frame, &defmt_args_[i]);                 \
    }                                                              \
  }

#endif

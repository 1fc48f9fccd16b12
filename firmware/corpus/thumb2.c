/*
 * ARMv7-M (Thumb-2) instructions gcc emits or CMSIS code writes by hand: CLZ, RBIT, REV/REV16/
 * REVSH, BFI/BFC/UBFX/SBFX, SDIV/UDIV including divide by zero with CCR.DIV_0_TRP clear (the
 * result is 0) and INT_MIN / -1, SSAT/USAT and the Q flag, SMULL/UMULL/SMLAL/UMLAL/MLS, register
 * shifts by 0..255, the flags of ADDS/SUBS/ADCS/SBCS, every condition in IT blocks, LDREX/STREX/
 * CLREX, unaligned LDR/STR/LDRH (allowed with CCR.UNALIGN_TRP clear), and TBB/TBH switch tables
 * (at -O2 and -Os). Instructions that gcc would pick only at some optimisation levels are written
 * as inline assembly, so every level runs them and prints the same text.
 */
#include <arm_acle.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "checksum.h"

static const uint32_t samples[] = {0x00000000u, 0x00000001u, 0x80000000u, 0xffffffffu,
                                   0x12345678u, 0x7fffffffu, 0x0000ff00u, 0xdeadbeefu,
                                   0x00010000u, 0xfffffffeu, 0x80000001u, 0x00008000u};
#define SAMPLES (sizeof samples / sizeof samples[0])

static void bit_ops(void) {
  for (size_t i = 0; i < SAMPLES; i++) {
    uint32_t x = samples[i];
    uint32_t clz, rbit, rev, rev16, revsh;
    __asm__("clz %0, %1" : "=r"(clz) : "r"(x));
    __asm__("rbit %0, %1" : "=r"(rbit) : "r"(x));
    __asm__("rev %0, %1" : "=r"(rev) : "r"(x));
    __asm__("rev16 %0, %1" : "=r"(rev16) : "r"(x));
    __asm__("revsh %0, %1" : "=r"(revsh) : "r"(x));
    uint32_t bfi = 0xa5a5a5a5u, bfc = x, ubfx, sbfx, ubfx_top, sbfx_one;
    __asm__("bfi %0, %1, #5, #11" : "+r"(bfi) : "r"(x));
    __asm__("bfc %0, #8, #16" : "+r"(bfc));
    __asm__("ubfx %0, %1, #3, #13" : "=r"(ubfx) : "r"(x));
    __asm__("sbfx %0, %1, #3, #13" : "=r"(sbfx) : "r"(x));
    __asm__("ubfx %0, %1, #31, #1" : "=r"(ubfx_top) : "r"(x));
    __asm__("sbfx %0, %1, #0, #1" : "=r"(sbfx_one) : "r"(x));
    printf("%08lx clz=%2lu rbit=%08lx rev=%08lx rev16=%08lx revsh=%08lx\n", (unsigned long)x,
           (unsigned long)clz, (unsigned long)rbit, (unsigned long)rev, (unsigned long)rev16,
           (unsigned long)revsh);
    printf("         bfi=%08lx bfc=%08lx ubfx=%08lx sbfx=%08lx top=%lu one=%08lx\n",
           (unsigned long)bfi, (unsigned long)bfc, (unsigned long)ubfx, (unsigned long)sbfx,
           (unsigned long)ubfx_top, (unsigned long)sbfx_one);
    checksum_add(clz ^ rbit);
    checksum_add(rev + rev16 + revsh);
    checksum_add(bfi ^ bfc ^ ubfx ^ sbfx ^ ubfx_top ^ sbfx_one);
  }
}

/* C bitfields: gcc uses BFI/UBFX/SBFX on ARMv7-M at -O2/-Os. */
struct packed_fields {
  uint32_t low : 3;
  int32_t mid : 9;
  uint32_t high : 20;
};

static void bitfields(void) {
  volatile struct packed_fields f = {0, 0, 0};
  for (size_t i = 0; i < SAMPLES; i++) {
    f.low = samples[i];
    f.mid = (int32_t)samples[i] >> 4;
    f.high = samples[i] >> 7;
    uint32_t word;
    memcpy(&word, (const void *)&f, sizeof word);
    checksum_add(word);
    checksum_add((uint32_t)f.mid);
  }
  printf("bitfields ok\n");
}

static uint32_t sdiv(int32_t n, int32_t d) {
  int32_t q;
  __asm__ volatile("sdiv %0, %1, %2" : "=r"(q) : "r"(n), "r"(d));
  return (uint32_t)q;
}

static uint32_t udiv(uint32_t n, uint32_t d) {
  uint32_t q;
  __asm__ volatile("udiv %0, %1, %2" : "=r"(q) : "r"(n), "r"(d));
  return q;
}

static void division(void) {
  static const int32_t divisors[] = {1, -1, 2, -2, 3, 7, -7, 0x10000, 0x7fffffff, INT32_MIN, 0};
  for (size_t i = 0; i < SAMPLES; i++) {
    for (size_t j = 0; j < sizeof divisors / sizeof divisors[0]; j++) {
      checksum_add(sdiv((int32_t)samples[i], divisors[j]));
      checksum_add(udiv(samples[i], (uint32_t)divisors[j]));
    }
  }
  /* CCR.DIV_0_TRP is clear after reset: dividing by zero gives 0, no fault. */
  printf("sdiv 7/0=%lu udiv 7/0=%lu min/-1=%08lx -7/2=%ld 7/-2=%ld\n", (unsigned long)sdiv(7, 0),
         (unsigned long)udiv(7, 0), (unsigned long)sdiv(INT32_MIN, -1), (long)sdiv(-7, 2),
         (long)sdiv(7, -2));
  /* Plain C division too, which gcc emits as SDIV/UDIV on ARMv7-M. */
  volatile int32_t n = -1000003;
  volatile int32_t d = 97;
  volatile uint32_t un = 0xfffffff1u;
  volatile uint32_t ud = 13;
  printf("c: %ld %ld %lu %lu\n", (long)(n / d), (long)(n % d), (unsigned long)(un / ud),
         (unsigned long)(un % ud));
  checksum_add((uint32_t)(n / d) ^ (uint32_t)(n % d) ^ un / ud ^ un % ud);
}

/*
 * One saturating instruction between clearing APSR and reading it back, in a single asm statement
 * so that no optimisation level can move it away from the flag read: (result, Q).
 */
#define SATURATE(insn, x, result, q)                                                   \
  do {                                                                                 \
    uint32_t apsr_;                                                                    \
    __asm__ volatile("msr apsr_nzcvq, %2\n " insn "\n mrs %1, apsr"                    \
                     : "=&r"(result), "=&r"(apsr_)                                     \
                     : "r"(0u), "r"(x)                                                 \
                     : "cc");                                                          \
    (q) = apsr_ >> 27 & 1u;                                                            \
  } while (0)

static void saturation(void) {
  static const int32_t inputs[] = {0, 1, -1, 127, 128, -128, -129, 255, 256, 32767, -32768,
                                   INT32_MAX, INT32_MIN, 0x12345, -0x12345};
  for (size_t i = 0; i < sizeof inputs / sizeof inputs[0]; i++) {
    int32_t x = inputs[i];
    int32_t s8, s1, s32, shifted;
    uint32_t u8, u0, u31, q8, qu8, q1, q32, qu0, qu31, q_shift;
    SATURATE("ssat %0, #8, %3", x, s8, q8);
    SATURATE("usat %0, #8, %3", x, u8, qu8);
    SATURATE("ssat %0, #1, %3", x, s1, q1);
    SATURATE("ssat %0, #32, %3", x, s32, q32);
    SATURATE("usat %0, #0, %3", x, u0, qu0);
    SATURATE("usat %0, #31, %3", x, u31, qu31);
    SATURATE("ssat %0, #16, %3, asr #3", x, shifted, q_shift);
    printf("sat %11ld: s8=%4ld q=%lu u8=%3lu q=%lu s1=%2ld q=%lu s32=%ld q=%lu u0=%lu q=%lu "
           "u31=%lu q=%lu asr=%ld q=%lu\n",
           (long)x, (long)s8, (unsigned long)q8, (unsigned long)u8, (unsigned long)qu8, (long)s1,
           (unsigned long)q1, (long)s32, (unsigned long)q32, (unsigned long)u0,
           (unsigned long)qu0, (unsigned long)u31, (unsigned long)qu31, (long)shifted,
           (unsigned long)q_shift);
    checksum_add((uint32_t)s8 ^ u8 << 8 ^ q8 << 30 ^ qu8 << 31);
    checksum_add((uint32_t)s1 ^ (uint32_t)s32 ^ u0 ^ u31 ^ (uint32_t)shifted);
    checksum_add(q1 | q32 << 1 | qu0 << 2 | qu31 << 3 | q_shift << 4);
  }
  /* The ACLE intrinsics, as CMSIS code calls them (values only). */
  for (size_t i = 0; i < sizeof inputs / sizeof inputs[0]; i++) {
    checksum_add((uint32_t)__ssat(inputs[i], 12) ^ __usat(inputs[i], 12));
  }
}

static void multiply(void) {
  for (size_t i = 0; i < SAMPLES; i++) {
    for (size_t j = 0; j < SAMPLES; j += 3) {
      uint32_t a = samples[i];
      uint32_t b = samples[j] ^ 0x5a5a5a5au;
      uint32_t lo, hi;
      __asm__("smull %0, %1, %2, %3" : "=&r"(lo), "=&r"(hi) : "r"(a), "r"(b));
      checksum_add(lo);
      checksum_add(hi);
      __asm__("umull %0, %1, %2, %3" : "=&r"(lo), "=&r"(hi) : "r"(a), "r"(b));
      checksum_add(lo);
      checksum_add(hi);
      lo = 0xfffffff0u;
      hi = 0x7fffffffu;
      __asm__("smlal %0, %1, %2, %3" : "+r"(lo), "+r"(hi) : "r"(a), "r"(b));
      checksum_add(lo);
      checksum_add(hi);
      lo = 0xffffffffu;
      hi = 0xffffffffu;
      __asm__("umlal %0, %1, %2, %3" : "+r"(lo), "+r"(hi) : "r"(a), "r"(b));
      checksum_add(lo);
      checksum_add(hi);
      uint32_t mla, mls;
      __asm__("mla %0, %1, %2, %3" : "=r"(mla) : "r"(a), "r"(b), "r"(hi));
      __asm__("mls %0, %1, %2, %3" : "=r"(mls) : "r"(a), "r"(b), "r"(hi));
      checksum_add(mla ^ mls);
    }
  }
  /* What the compiler makes of 64-bit products. */
  volatile int32_t x = -123456789;
  volatile int32_t y = 987654321;
  int64_t product = (int64_t)x * y;
  uint64_t uproduct = (uint64_t)(uint32_t)x * (uint32_t)y;
  int64_t accumulated = product + (int64_t)x * x;
  printf("mul %lld %llu %lld\n", (long long)product, (unsigned long long)uproduct,
         (long long)accumulated);
  checksum_add64((uint64_t)product);
  checksum_add64(uproduct);
  checksum_add64((uint64_t)accumulated);
}

static void shifts_and_flags(void) {
  static const uint32_t amounts[] = {0, 1, 7, 31, 32, 33, 63, 64, 127, 255, 256, 257};
  uint32_t x = 0x80000f01u;
  for (size_t i = 0; i < sizeof amounts / sizeof amounts[0]; i++) {
    uint32_t n = amounts[i];
    uint32_t lsl, lsr, asr, ror, flags_lsl, flags_asr;
    /* A shift by 0 (or 256) leaves C alone: start from a known C, set for LSLS, clear for ASRS. */
    __asm__ volatile("msr apsr_nzcvq, %4\n lsls %0, %2, %3\n mrs %1, apsr"
                     : "=&r"(lsl), "=&r"(flags_lsl)
                     : "r"(x), "r"(n), "r"(1u << 29)
                     : "cc");
    __asm__("lsr %0, %1, %2" : "=r"(lsr) : "r"(x), "r"(n));
    __asm__ volatile("msr apsr_nzcvq, %4\n asrs %0, %2, %3\n mrs %1, apsr"
                     : "=&r"(asr), "=&r"(flags_asr)
                     : "r"(x), "r"(n), "r"(0u)
                     : "cc");
    __asm__("ror %0, %1, %2" : "=r"(ror) : "r"(x), "r"(n));
    printf("shift %3lu: lsl=%08lx %lx lsr=%08lx asr=%08lx %lx ror=%08lx\n", (unsigned long)n,
           (unsigned long)lsl, (unsigned long)(flags_lsl >> 28), (unsigned long)lsr,
           (unsigned long)asr, (unsigned long)(flags_asr >> 28), (unsigned long)ror);
    checksum_add(lsl ^ lsr ^ asr ^ ror);
    checksum_add(flags_lsl >> 28 | (flags_asr >> 28) << 4);
  }
  for (size_t i = 0; i < SAMPLES; i++) {
    for (size_t j = 0; j < SAMPLES; j += 2) {
      uint32_t a = samples[i];
      uint32_t b = samples[j];
      uint32_t sum, diff, adc, sbc, f_add, f_sub, f_adc, f_sbc;
      __asm__ volatile("adds %0, %2, %3\n mrs %1, apsr"
                       : "=&r"(sum), "=&r"(f_add)
                       : "r"(a), "r"(b)
                       : "cc");
      __asm__ volatile("subs %0, %2, %3\n mrs %1, apsr"
                       : "=&r"(diff), "=&r"(f_sub)
                       : "r"(a), "r"(b)
                       : "cc");
      /* Carry in set by a compare that sets C exactly when a >= b. */
      __asm__ volatile("cmp %2, %3\n adcs %0, %2, %3\n mrs %1, apsr"
                       : "=&r"(adc), "=&r"(f_adc)
                       : "r"(a), "r"(b)
                       : "cc");
      __asm__ volatile("cmp %2, %3\n sbcs %0, %2, %3\n mrs %1, apsr"
                       : "=&r"(sbc), "=&r"(f_sbc)
                       : "r"(a), "r"(b)
                       : "cc");
      checksum_add(sum ^ diff ^ adc ^ sbc);
      checksum_add(f_add >> 28 | (f_sub >> 28) << 4 | (f_adc >> 28) << 8 | (f_sbc >> 28) << 12);
    }
  }
  printf("flags ok\n");
}

/* Each condition once true and once false, in an IT block of four. */
#define CONDITION(cond, inverse)                                                   \
  __attribute__((noinline)) static uint32_t it_##cond(uint32_t a, uint32_t b) {                        \
    uint32_t r = 0;                                                                \
    __asm__("cmp %1, %2\n"                                                         \
            "itete " #cond "\n"                                                    \
            "orr" #cond " %0, %0, #1\n"                                            \
            "orr" #inverse " %0, %0, #2\n"                                         \
            "orr" #cond " %0, %0, #4\n"                                            \
            "orr" #inverse " %0, %0, #8\n"                                         \
            : "+r"(r)                                                              \
            : "r"(a), "r"(b)                                                       \
            : "cc");                                                               \
    return r;                                                                      \
  }
CONDITION(eq, ne)
CONDITION(ne, eq)
CONDITION(cs, cc)
CONDITION(cc, cs)
CONDITION(mi, pl)
CONDITION(pl, mi)
CONDITION(vs, vc)
CONDITION(vc, vs)
CONDITION(hi, ls)
CONDITION(ls, hi)
CONDITION(ge, lt)
CONDITION(lt, ge)
CONDITION(gt, le)
CONDITION(le, gt)

static uint32_t (*const conditions[])(uint32_t, uint32_t) = {
    it_eq, it_ne, it_cs, it_cc, it_mi, it_pl, it_vs, it_vc, it_hi, it_ls, it_ge, it_lt, it_gt, it_le};

static int32_t clamp(int32_t v, int32_t lo, int32_t hi) { return v < lo ? lo : v > hi ? hi : v; }

static void it_blocks(void) {
  static const uint32_t pairs[][2] = {{1, 1}, {1, 2}, {2, 1}, {0x80000000u, 1}, {0x7fffffffu, 0xffffffffu},
                                      {0, 0xffffffffu}, {0xffffffffu, 0}};
  for (size_t p = 0; p < sizeof pairs / sizeof pairs[0]; p++) {
    uint32_t bits = 0;
    for (size_t c = 0; c < sizeof conditions / sizeof conditions[0]; c++) {
      uint32_t r = conditions[c](pairs[p][0], pairs[p][1]);
      bits |= (r == 5u ? 1u : r == 10u ? 0u : 0x80000000u) << c;
    }
    printf("it %08lx-%08lx: %04lx\n", (unsigned long)pairs[p][0], (unsigned long)pairs[p][1],
           (unsigned long)bits);
    checksum_add(bits);
  }
  /* IT blocks from plain C at -O2/-Os. */
  for (int32_t v = -300; v <= 300; v += 37) {
    volatile int32_t in = v;
    checksum_add((uint32_t)clamp(in, -100, 150));
    checksum_add((uint32_t)(in < 0 ? -in : in));
  }
}

static void exclusive(void) {
  static volatile uint32_t word = 41;
  uint32_t value, failed;
  __asm__ volatile("ldrex %0, [%2]\n strex %1, %3, [%2]"
                   : "=&r"(value), "=&r"(failed)
                   : "r"(&word), "r"(42u)
                   : "memory");
  uint32_t first = failed;
  /* CLREX drops the reservation: the STREX after it must fail and leave memory alone. */
  __asm__ volatile("ldrex %0, [%2]\n clrex\n strex %1, %3, [%2]"
                   : "=&r"(value), "=&r"(failed)
                   : "r"(&word), "r"(0xbadu)
                   : "memory");
  uint32_t after_clrex = failed;
  uint16_t half = 0x1234;
  uint8_t byte = 0x56;
  uint32_t h, b, fh, fb;
  __asm__ volatile("ldrexh %0, [%2]\n strexh %1, %3, [%2]"
                   : "=&r"(h), "=&r"(fh)
                   : "r"(&half), "r"(0xbeefu)
                   : "memory");
  __asm__ volatile("ldrexb %0, [%2]\n strexb %1, %3, [%2]"
                   : "=&r"(b), "=&r"(fb)
                   : "r"(&byte), "r"(0x9au)
                   : "memory");
  /* C11 atomics compile to LDREX/STREX loops. */
  static _Atomic uint32_t counter = 0;
  for (uint32_t i = 0; i < 100; i++) {
    atomic_fetch_add(&counter, i);
  }
  uint32_t expected = 4950;
  _Bool swapped = atomic_compare_exchange_strong(&counter, &expected, 7u);
  printf("exclusive: word=%lu strex=%lu clrex-strex=%lu half=%04x %lu byte=%02x %lu atomic=%lu %d\n",
         (unsigned long)word, (unsigned long)first, (unsigned long)after_clrex, half,
         (unsigned long)fh, byte, (unsigned long)fb, (unsigned long)atomic_load(&counter), swapped);
  checksum_add(word ^ first << 8 ^ after_clrex << 9 ^ half << 16);
  checksum_add(h ^ b ^ fh ^ fb ^ byte);
  checksum_add(atomic_load(&counter));
}

struct __attribute__((packed)) record {
  uint8_t tag;
  uint32_t value;
  uint16_t half;
  int16_t signed_half;
};

static void unaligned_access(void) {
  uint8_t buffer[16];
  for (size_t i = 0; i < sizeof buffer; i++) {
    buffer[i] = (uint8_t)(0x11u * i + 3u);
  }
  for (uintptr_t offset = 0; offset < 4; offset++) {
    uint32_t word, stored = 0xc0ffee00u + (uint32_t)offset;
    uint32_t half;
    int32_t shalf;
    uint8_t *p = buffer + offset + 1;
    __asm__ volatile("ldr %0, [%1]" : "=r"(word) : "r"(p) : "memory");
    __asm__ volatile("ldrh %0, [%1, #1]" : "=r"(half) : "r"(p) : "memory");
    __asm__ volatile("ldrsh %0, [%1, #3]" : "=r"(shalf) : "r"(p) : "memory");
    __asm__ volatile("str %0, [%1, #5]" ::"r"(stored), "r"(p) : "memory");
    checksum_add(word ^ half ^ (uint32_t)shalf);
    printf("unaligned +%lu: %08lx %04lx %ld\n", (unsigned long)offset + 1, (unsigned long)word,
           (unsigned long)half, (long)shalf);
  }
  for (size_t i = 0; i < sizeof buffer; i++) {
    checksum_add(buffer[i]);
  }
  static struct record records[3] = {{1, 0x11223344u, 0x5566, -2}, {2, 0xdeadbeefu, 0xffff, 7},
                                     {3, 0, 0x8000, -32768}};
  volatile struct record *r = records;
  for (int i = 0; i < 3; i++) {
    r[i].value += 0x01010101u;
    r[i].half ^= 0x0f0f;
    checksum_add(r[i].value ^ r[i].half ^ (uint32_t)r[i].signed_half ^ r[i].tag);
  }
}

/* Dense switches: TBB (byte offsets) and TBH (halfword offsets) on ARMv7-M at -O2/-Os. */
static volatile uint32_t spin = 0x2545f491u;

__attribute__((noinline)) static uint32_t byte_table(uint32_t x) {
  switch (x) {
    case 0: return spin + 3;
    case 1: return spin ^ 0x100;
    case 2: return x * 77 + spin;
    case 3: return ~x ^ spin;
    case 4: return spin >> 4;
    case 5: return x << 20 | spin;
    case 6: return spin - 0x66;
    case 7: return spin * 7777;
    case 9: return spin & 9;
    case 10: return x - spin;
    default: return 0xffffu;
  }
}

__attribute__((noinline)) static uint32_t halfword_table(uint32_t x) {
  uint32_t v = x ^ spin;
#define BIG(k) \
  v = (v * (k)) ^ (v >> 3) ^ spin; v = (v << 7 | v >> 25) + (k); v ^= v * 0x9e3779b9u + (k) * spin;
  switch (x) {
    case 0: BIG(1) BIG(2) BIG(3) BIG(4) break;
    case 1: BIG(5) BIG(6) BIG(7) BIG(8) BIG(9) break;
    case 2: BIG(10) BIG(11) BIG(12) BIG(13) BIG(14) BIG(15) break;
    case 3: BIG(16) BIG(17) BIG(18) BIG(19) BIG(20) BIG(21) BIG(22) break;
    case 4: BIG(23) BIG(24) BIG(25) BIG(26) BIG(27) BIG(28) BIG(29) BIG(30) break;
    case 5: BIG(31) BIG(32) BIG(33) BIG(34) BIG(35) BIG(36) BIG(37) BIG(38) BIG(39) break;
    case 6: BIG(40) BIG(41) BIG(42) BIG(43) BIG(44) BIG(45) BIG(46) BIG(47) BIG(48) BIG(49) break;
    case 7: BIG(50) BIG(51) BIG(52) BIG(53) BIG(54) BIG(55) BIG(56) BIG(57) BIG(58) BIG(59) break;
    case 8: BIG(60) BIG(61) BIG(62) BIG(63) BIG(64) BIG(65) BIG(66) BIG(67) BIG(68) BIG(69) break;
    case 9: BIG(70) BIG(71) BIG(72) BIG(73) BIG(74) BIG(75) BIG(76) BIG(77) BIG(78) BIG(79) break;
    case 11: v = 11; break;
    default: v = 0; break;
  }
#undef BIG
  return v;
}

static void switch_tables(void) {
  uint32_t byte_sum = 0, half_sum = 0;
  for (uint32_t x = 0; x < 14; x++) {
    byte_sum = byte_sum * 31u + byte_table(x);
    half_sum = half_sum * 31u + halfword_table(x);
    checksum_add(byte_table(x));
    checksum_add(halfword_table(x));
  }
  checksum_add(byte_table(0xffffffffu));
  printf("tables %08lx %08lx\n", (unsigned long)byte_sum, (unsigned long)half_sum);
}

int main(void) {
  bit_ops();
  bitfields();
  division();
  saturation();
  multiply();
  shifts_and_flags();
  it_blocks();
  exclusive();
  unaligned_access();
  switch_tables();
  printf("checksum 0x%08lx\n", (unsigned long)checksum_state);
  return checksum_exit_code();
}

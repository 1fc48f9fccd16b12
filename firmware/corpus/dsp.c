/*
 * The DSP extension of ARMv7E-M (Cortex-M4), through the ACLE intrinsics of arm_acle.h and, for
 * what ACLE does not offer (PKHBT/PKHTB, SMULxy, SMULWx, SMMUL/SMMLA/SMMLS, UMAAL, QDADD/QDSUB,
 * SXTAB/SXTAH/UXTAB/UXTAH), inline assembly as CMSIS writes it: parallel add/subtract in all
 * flavours (signed, unsigned, saturating, halving, exchange), the GE flags and SEL, dual and long
 * multiply-accumulate, the Q flag, USAD8/USADA8, SSAT16/USAT16 and the byte/halfword extends.
 * Only for cortex-m4; prints the same text at -O0, -O2 and -Os.
 */
#include <arm_acle.h>
#include <stdint.h>
#include <stdio.h>

#include "checksum.h"

static const uint32_t samples[] = {0x00000000u, 0x00010001u, 0x7fff8000u, 0x80007fffu,
                                   0xffffffffu, 0x7f80017fu, 0x12345678u, 0xfedcba98u,
                                   0x00ff00ffu, 0x80808080u, 0x7f7f7f7fu, 0x01fe02fdu};
#define SAMPLES (sizeof samples / sizeof samples[0])

/* APSR.Q (bit 27) and GE[3:0] (bits 19:16) as (Q << 4) | GE. */
static inline uint32_t q_and_ge(void) {
  uint32_t apsr;
  __asm__ volatile("mrs %0, apsr" : "=r"(apsr));
  return (apsr >> 27 & 1u) << 4 | (apsr >> 16 & 0xfu);
}

/* Clears N, Z, C, V, Q and the GE bits. */
static inline void clear_flags(void) {
  uint32_t zero = 0;
  __asm__ volatile("msr apsr_nzcvqg, %0" ::"r"(zero) : "cc");
}

typedef uint32_t (*binary_op)(uint32_t, uint32_t);

#define SIMD(name)                                                                  \
  __attribute__((noinline)) static uint32_t op_##name(uint32_t a, uint32_t b) {                              \
    return (uint32_t)__##name((int8x4_t)a, (int8x4_t)b);                           \
  }
#define SIMD16(name)                                                                \
  __attribute__((noinline)) static uint32_t op_##name(uint32_t a, uint32_t b) {                              \
    return (uint32_t)__##name((int16x2_t)a, (int16x2_t)b);                         \
  }
SIMD(sadd8)
SIMD(ssub8)
SIMD(uadd8)
SIMD(usub8)
SIMD(qadd8)
SIMD(qsub8)
SIMD(shadd8)
SIMD(shsub8)
SIMD(uqadd8)
SIMD(uqsub8)
SIMD(uhadd8)
SIMD(uhsub8)
SIMD16(sadd16)
SIMD16(ssub16)
SIMD16(sasx)
SIMD16(ssax)
SIMD16(uadd16)
SIMD16(usub16)
SIMD16(uasx)
SIMD16(usax)
SIMD16(qadd16)
SIMD16(qsub16)
SIMD16(qasx)
SIMD16(qsax)
SIMD16(shadd16)
SIMD16(shsub16)
SIMD16(shasx)
SIMD16(shsax)
SIMD16(uqadd16)
SIMD16(uqsub16)
SIMD16(uhadd16)
SIMD16(uhsub16)

__attribute__((noinline)) static uint32_t op_usad8(uint32_t a, uint32_t b) {
  return __usad8((uint8x4_t)a, (uint8x4_t)b);
}

__attribute__((noinline)) static uint32_t op_qadd(uint32_t a, uint32_t b) { return (uint32_t)__qadd((int32_t)a, (int32_t)b); }
__attribute__((noinline)) static uint32_t op_qsub(uint32_t a, uint32_t b) { return (uint32_t)__qsub((int32_t)a, (int32_t)b); }

#define ASM_OP(name, text)                                                          \
  __attribute__((noinline)) static uint32_t op_##name(uint32_t a, uint32_t b) {                              \
    uint32_t r;                                                                    \
    __asm__ volatile(text : "=r"(r) : "r"(a), "r"(b));                             \
    return r;                                                                      \
  }
ASM_OP(qdadd, "qdadd %0, %1, %2")
ASM_OP(qdsub, "qdsub %0, %1, %2")
ASM_OP(pkhbt, "pkhbt %0, %1, %2, lsl #8")
ASM_OP(pkhtb, "pkhtb %0, %1, %2, asr #12")
ASM_OP(pkhbt0, "pkhbt %0, %1, %2")
ASM_OP(pkhtb32, "pkhtb %0, %1, %2, asr #31")
ASM_OP(smulbb, "smulbb %0, %1, %2")
ASM_OP(smulbt, "smulbt %0, %1, %2")
ASM_OP(smultb, "smultb %0, %1, %2")
ASM_OP(smultt, "smultt %0, %1, %2")
ASM_OP(smulwb, "smulwb %0, %1, %2")
ASM_OP(smulwt, "smulwt %0, %1, %2")
ASM_OP(smmul, "smmul %0, %1, %2")
ASM_OP(smmulr, "smmulr %0, %1, %2")
ASM_OP(smuad, "smuad %0, %1, %2")
ASM_OP(smuadx, "smuadx %0, %1, %2")
ASM_OP(smusd, "smusd %0, %1, %2")
ASM_OP(smusdx, "smusdx %0, %1, %2")
ASM_OP(sxtab, "sxtab %0, %1, %2, ror #8")
ASM_OP(sxtah, "sxtah %0, %1, %2, ror #16")
ASM_OP(uxtab, "uxtab %0, %1, %2, ror #24")
ASM_OP(uxtah, "uxtah %0, %1, %2")
ASM_OP(sxtab16, "sxtab16 %0, %1, %2, ror #8")
ASM_OP(uxtab16, "uxtab16 %0, %1, %2")

static const struct {
  const char *name;
  binary_op op;
} binary_ops[] = {
    {"sadd8", op_sadd8},     {"ssub8", op_ssub8},     {"uadd8", op_uadd8},
    {"usub8", op_usub8},     {"qadd8", op_qadd8},     {"qsub8", op_qsub8},
    {"shadd8", op_shadd8},   {"shsub8", op_shsub8},   {"uqadd8", op_uqadd8},
    {"uqsub8", op_uqsub8},   {"uhadd8", op_uhadd8},   {"uhsub8", op_uhsub8},
    {"sadd16", op_sadd16},   {"ssub16", op_ssub16},   {"sasx", op_sasx},
    {"ssax", op_ssax},       {"uadd16", op_uadd16},   {"usub16", op_usub16},
    {"uasx", op_uasx},       {"usax", op_usax},       {"qadd16", op_qadd16},
    {"qsub16", op_qsub16},   {"qasx", op_qasx},       {"qsax", op_qsax},
    {"shadd16", op_shadd16}, {"shsub16", op_shsub16}, {"shasx", op_shasx},
    {"shsax", op_shsax},     {"uqadd16", op_uqadd16}, {"uqsub16", op_uqsub16},
    {"uhadd16", op_uhadd16}, {"uhsub16", op_uhsub16}, {"usad8", op_usad8},
    {"qadd", op_qadd},       {"qsub", op_qsub},       {"qdadd", op_qdadd},
    {"qdsub", op_qdsub},     {"pkhbt", op_pkhbt},     {"pkhtb", op_pkhtb},
    {"pkhbt0", op_pkhbt0},   {"pkhtb32", op_pkhtb32}, {"smulbb", op_smulbb},
    {"smulbt", op_smulbt},   {"smultb", op_smultb},   {"smultt", op_smultt},
    {"smulwb", op_smulwb},   {"smulwt", op_smulwt},   {"smmul", op_smmul},
    {"smmulr", op_smmulr},   {"smuad", op_smuad},     {"smuadx", op_smuadx},
    {"smusd", op_smusd},     {"smusdx", op_smusdx},   {"sxtab", op_sxtab},
    {"sxtah", op_sxtah},     {"uxtab", op_uxtab},     {"uxtah", op_uxtah},
    {"sxtab16", op_sxtab16}, {"uxtab16", op_uxtab16},
};

/*
 * Every binary operation over every pair of samples, with the Q flag and GE bits it leaves
 * (the flags are cleared before each one); one line per operation with a digest of its results.
 * The operations are separate functions called through a table, so no optimisation level can
 * move them across the flag accesses around the call.
 */
static void binary(void) {
  for (size_t o = 0; o < sizeof binary_ops / sizeof binary_ops[0]; o++) {
    uint32_t digest = 0;
    uint32_t flags_seen = 0;
    for (size_t i = 0; i < SAMPLES; i++) {
      for (size_t j = 0; j < SAMPLES; j++) {
        clear_flags();
        uint32_t r = binary_ops[o].op(samples[i], samples[j]);
        uint32_t flags = q_and_ge();
        digest = (digest ^ r) * 16777619u + flags;
        flags_seen |= 1u << flags;
        checksum_add(r);
        checksum_add(flags);
      }
    }
    printf("%-8s digest=%08lx flags=%08lx\n", binary_ops[o].name, (unsigned long)digest,
           (unsigned long)flags_seen);
  }
}

/* SEL picks bytes by the GE bits the parallel add/subtract before it left. */
static void select_bytes(void) {
  for (size_t i = 0; i < SAMPLES; i++) {
    uint32_t a = samples[i];
    uint32_t b = samples[(i + 5) % SAMPLES];
    (void)__ssub8((int8x4_t)a, (int8x4_t)b);
    uint32_t max_signed = __sel((uint8x4_t)a, (uint8x4_t)b);
    (void)__usub16((uint16x2_t)a, (uint16x2_t)b);
    uint32_t max_unsigned16 = __sel((uint8x4_t)a, (uint8x4_t)b);
    (void)__uadd8((uint8x4_t)a, (uint8x4_t)b);
    uint32_t carries = __sel(0xffffffffu, 0);
    printf("sel %08lx %08lx: smax8=%08lx umax16=%08lx carry8=%08lx\n", (unsigned long)a,
           (unsigned long)b, (unsigned long)max_signed, (unsigned long)max_unsigned16,
           (unsigned long)carries);
    checksum_add(max_signed ^ max_unsigned16 ^ carries);
  }
}

#define TERNARY(name, expr)                                                          \
  __attribute__((noinline)) static uint32_t acc_##name(uint32_t a, uint32_t b, uint32_t c) { \
    return (uint32_t)(expr);                                                        \
  }
TERNARY(smlad, __smlad((int16x2_t)a, (int16x2_t)b, (int32_t)c))
TERNARY(smladx, __smladx((int16x2_t)a, (int16x2_t)b, (int32_t)c))
TERNARY(smlsd, __smlsd((int16x2_t)a, (int16x2_t)b, (int32_t)c))
TERNARY(smlsdx, __smlsdx((int16x2_t)a, (int16x2_t)b, (int32_t)c))
TERNARY(smlabb, __smlabb((int32_t)a, (int32_t)b, (int32_t)c))
TERNARY(smlabt, __smlabt((int32_t)a, (int32_t)b, (int32_t)c))
TERNARY(smlatb, __smlatb((int32_t)a, (int32_t)b, (int32_t)c))
TERNARY(smlatt, __smlatt((int32_t)a, (int32_t)b, (int32_t)c))
TERNARY(smlawb, __smlawb((int32_t)a, (int32_t)b, (int32_t)c))
TERNARY(smlawt, __smlawt((int32_t)a, (int32_t)b, (int32_t)c))
TERNARY(usada8, __usada8((uint8x4_t)a, (uint8x4_t)b, c))

#define ASM_TERNARY(name, text)                                                      \
  __attribute__((noinline)) static uint32_t acc_##name(uint32_t a, uint32_t b, uint32_t c) { \
    uint32_t r;                                                                      \
    __asm__ volatile(text : "=r"(r) : "r"(a), "r"(b), "r"(c));                       \
    return r;                                                                        \
  }
ASM_TERNARY(smmla, "smmla %0, %1, %2, %3")
ASM_TERNARY(smmlar, "smmlar %0, %1, %2, %3")
ASM_TERNARY(smmls, "smmls %0, %1, %2, %3")
ASM_TERNARY(smmlsr, "smmlsr %0, %1, %2, %3")

static const struct {
  const char *name;
  uint32_t (*op)(uint32_t, uint32_t, uint32_t);
} ternary_ops[] = {
    {"smlad", acc_smlad},   {"smladx", acc_smladx}, {"smlsd", acc_smlsd},
    {"smlsdx", acc_smlsdx}, {"smlabb", acc_smlabb}, {"smlabt", acc_smlabt},
    {"smlatb", acc_smlatb}, {"smlatt", acc_smlatt}, {"smlawb", acc_smlawb},
    {"smlawt", acc_smlawt}, {"usada8", acc_usada8}, {"smmla", acc_smmla},
    {"smmlar", acc_smmlar}, {"smmls", acc_smmls},   {"smmlsr", acc_smmlsr},
};

/* Multiply-accumulate into 32 bits (with the Q flag) and into 64 bits (no flags). */
static void accumulate(void) {
  for (size_t o = 0; o < sizeof ternary_ops / sizeof ternary_ops[0]; o++) {
    uint32_t digest = 0;
    uint32_t q_count = 0;
    for (size_t i = 0; i < SAMPLES; i++) {
      for (size_t j = 0; j < SAMPLES; j++) {
        uint32_t c = samples[(i + j) % SAMPLES] ^ 0x40000000u;
        clear_flags();
        uint32_t r = ternary_ops[o].op(samples[i], samples[j], c);
        uint32_t q = q_and_ge() >> 4;
        digest = (digest ^ r) * 16777619u + q;
        q_count += q;
        checksum_add(r);
        checksum_add(q);
      }
    }
    printf("%-8s digest=%08lx q=%lu\n", ternary_ops[o].name, (unsigned long)digest,
           (unsigned long)q_count);
  }
  for (size_t i = 0; i < SAMPLES; i++) {
    for (size_t j = 0; j < SAMPLES; j += 2) {
      int16x2_t a = (int16x2_t)samples[i];
      int16x2_t b = (int16x2_t)samples[j];
      int64_t wide = (int64_t)(int32_t)samples[(i + j) % SAMPLES] << 20;
      int64_t l1 = __smlald(a, b, wide);
      int64_t l2 = __smlaldx(a, b, wide);
      int64_t l3 = __smlsld(a, b, wide);
      int64_t l4 = __smlsldx(a, b, wide);
      uint32_t lo = samples[(i + j) % SAMPLES], hi = samples[j] ^ 0xffff0000u;
      __asm__("umaal %0, %1, %2, %3" : "+r"(lo), "+r"(hi) : "r"(a), "r"(b));
      uint32_t slo = lo, shi = 0x7fffffffu;
      __asm__("smlalbb %0, %1, %2, %3" : "+r"(slo), "+r"(shi) : "r"(a), "r"(b));
      __asm__("smlaltt %0, %1, %2, %3" : "+r"(slo), "+r"(shi) : "r"(a), "r"(b));
      __asm__("smlalbt %0, %1, %2, %3" : "+r"(slo), "+r"(shi) : "r"(a), "r"(b));
      __asm__("smlaltb %0, %1, %2, %3" : "+r"(slo), "+r"(shi) : "r"(a), "r"(b));
      checksum_add64((uint64_t)(l1 ^ l2));
      checksum_add64((uint64_t)(l3 - l4));
      checksum_add(lo);
      checksum_add(hi);
      checksum_add(slo ^ shi);
      if (j == 6) {
        printf("mac64 %08lx: smlald=%016llx smlsldx=%016llx umaal=%08lx:%08lx smlalxy=%08lx:%08lx\n",
               (unsigned long)samples[i], (unsigned long long)l1, (unsigned long long)l4,
               (unsigned long)hi, (unsigned long)lo, (unsigned long)shi, (unsigned long)slo);
      }
    }
  }
}

__attribute__((noinline)) static uint32_t ssat16_9(uint32_t x) {
  return (uint32_t)__ssat16((int16x2_t)x, 9);
}

__attribute__((noinline)) static uint32_t usat16_7(uint32_t x) {
  return (uint32_t)__usat16((int16x2_t)x, 7);
}

static void saturate_and_extend(void) {
  for (size_t i = 0; i < SAMPLES; i++) {
    uint32_t x = samples[i];
    clear_flags();
    uint32_t s16 = ssat16_9(x);
    uint32_t q1 = q_and_ge() >> 4;
    clear_flags();
    uint32_t u16 = usat16_7(x);
    uint32_t q2 = q_and_ge() >> 4;
    uint32_t sx = (uint32_t)__sxtb16((int8x4_t)x);
    uint32_t ux = (uint32_t)__uxtb16((uint8x4_t)x);
    uint32_t sxa = (uint32_t)__sxtab16((int16x2_t)x, (int8x4_t)(x >> 8 | x << 24));
    uint32_t uxa = (uint32_t)__uxtab16((uint16x2_t)x, (uint8x4_t)~x);
    /* SMULL/UMULL and plain C 16-bit multiplies, which gcc turns into SMULBB/SMLABB at -O2. */
    int16_t h0 = (int16_t)x, h1 = (int16_t)(x >> 16);
    int32_t c_mul = h0 * h1 + (int32_t)x;
    printf("sat16 %08lx: ssat16=%08lx q=%lu usat16=%08lx q=%lu sxtb16=%08lx uxtb16=%08lx "
           "sxtab16=%08lx uxtab16=%08lx c=%ld\n",
           (unsigned long)x, (unsigned long)s16, (unsigned long)q1, (unsigned long)u16,
           (unsigned long)q2, (unsigned long)sx, (unsigned long)ux, (unsigned long)sxa,
           (unsigned long)uxa, (long)c_mul);
    checksum_add(s16 ^ q1 << 31 ^ u16 ^ q2 << 30);
    checksum_add(sx ^ ux ^ sxa ^ uxa ^ (uint32_t)c_mul);
  }
}

/* A dot product of 16-bit vectors with SMLAD, as a CMSIS-DSP kernel computes it. */
static void dot_product(void) {
  int16_t a[64], b[64];
  for (int i = 0; i < 64; i++) {
    a[i] = (int16_t)(i * 517 - 16000);
    b[i] = (int16_t)(12000 - i * 389);
  }
  int32_t acc = 0;
  int64_t wide = 0;
  for (int i = 0; i < 64; i += 2) {
    int16x2_t pa = (int16x2_t)((uint16_t)a[i] | (uint32_t)(uint16_t)a[i + 1] << 16);
    int16x2_t pb = (int16x2_t)((uint16_t)b[i] | (uint32_t)(uint16_t)b[i + 1] << 16);
    acc = __smlad(pa, pb, acc);
    wide = __smlald(pa, pb, wide);
  }
  int64_t reference = 0;
  for (int i = 0; i < 64; i++) {
    reference += (int32_t)a[i] * b[i];
  }
  printf("dot smlad=%ld smlald=%lld reference=%lld\n", (long)acc, (long long)wide,
         (long long)reference);
  checksum_add((uint32_t)acc);
  checksum_add64((uint64_t)wide);
}

int main(void) {
  binary();
  select_bytes();
  accumulate();
  saturate_and_extend();
  dot_product();
  printf("checksum 0x%08lx\n", (unsigned long)checksum_state);
  return checksum_exit_code();
}

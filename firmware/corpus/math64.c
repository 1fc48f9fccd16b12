/* 64-bit and 32-bit integer arithmetic through libgcc helpers (no divider on ARMv6-M). */
#include <stdint.h>
#include <stdio.h>

#include "checksum.h"

static const uint64_t values[] = {
    0,
    1,
    2,
    3,
    7,
    0x7f,
    0xff,
    0x7fffffff,
    0x80000000,
    0xffffffff,
    0x100000000ULL,
    0x123456789abcdefULL,
    12345678901234ULL,
    0x7fffffffffffffffULL,
    0x8000000000000000ULL,
    0xfffffffffffffffeULL,
    0xffffffffffffffffULL,
};
#define COUNT (sizeof values / sizeof values[0])

/* volatile so that -O2 cannot fold the operations away at compile time. */
static volatile uint64_t sink_u;
static volatile int64_t sink_s;

static void unsigned_ops(uint64_t a, uint64_t b) {
  uint64_t sum = a + b;
  uint64_t difference = a - b;
  uint64_t product = a * b;
  uint64_t quotient = b != 0 ? a / b : 0;
  uint64_t remainder = b != 0 ? a % b : 0;
  sink_u = quotient;
  checksum_add64(sum);
  checksum_add64(difference);
  checksum_add64(product);
  checksum_add64(quotient);
  checksum_add64(remainder);
  checksum_add(a < b);
  checksum_add(a >= b);
}

static void signed_ops(int64_t a, int64_t b) {
  int64_t product = a * b;
  int64_t quotient = 0;
  int64_t remainder = 0;
  if (b != 0 && !(a == INT64_MIN && b == -1)) {
    quotient = a / b;
    remainder = a % b;
  }
  sink_s = quotient;
  checksum_add64((uint64_t)product);
  checksum_add64((uint64_t)quotient);
  checksum_add64((uint64_t)remainder);
  checksum_add(a < b);
  checksum_add(a > b);
}

static void shifts(uint64_t a) {
  for (volatile unsigned s = 0; s < 64; s += 5) {
    checksum_add64(a << s);
    checksum_add64(a >> s);
    checksum_add64((uint64_t)((int64_t)a >> s));
  }
}

static void thirty_two_bit(uint32_t a, uint32_t b) {
  if (b != 0) {
    checksum_add(a / b);
    checksum_add(a % b);
  }
  int32_t sa = (int32_t)a;
  int32_t sb = (int32_t)b;
  if (sb != 0 && !(sa == INT32_MIN && sb == -1)) {
    checksum_add((uint32_t)(sa / sb));
    checksum_add((uint32_t)(sa % sb));
  }
  checksum_add(a * b);
  uint64_t wide = (uint64_t)a * b;
  int64_t signed_wide = (int64_t)sa * sb;
  checksum_add64(wide);
  checksum_add64((uint64_t)signed_wide);
}

int main(void) {
  for (size_t i = 0; i < COUNT; i++) {
    for (size_t j = 0; j < COUNT; j++) {
      unsigned_ops(values[i], values[j]);
      signed_ops((int64_t)values[i], (int64_t)values[j]);
      signed_ops(-(int64_t)values[i], (int64_t)values[j]);
      thirty_two_bit((uint32_t)values[i], (uint32_t)values[j]);
      thirty_two_bit((uint32_t)(values[i] >> 32), (uint32_t)values[j]);
    }
    shifts(values[i]);
    printf("after %2u: %08lx\n", (unsigned)i, (unsigned long)checksum_state);
  }
  volatile int64_t n = -9000000000LL;
  volatile int64_t d = 7;
  printf("-9000000000 / 7 = %lld rem %lld\n", n / d, n % d);
  volatile uint64_t big = UINT64_MAX;
  volatile uint64_t prime = 1000000007ULL;
  printf("UINT64_MAX / 1000000007 = %llu rem %llu\n", (unsigned long long)(big / prime),
         (unsigned long long)(big % prime));
  volatile int64_t three = 3;
  printf("INT64_MIN / 3 = %lld\n", (long long)(INT64_MIN / three));
  printf("checksum 0x%08lx\n", (unsigned long)checksum_state);
  return checksum_exit_code();
}

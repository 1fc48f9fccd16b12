/* M extension edge cases through the instructions themselves (inline asm), and 64-bit math from libgcc. */
#include <stdint.h>
#include <stdio.h>

#define OP(name)                                                           \
  static int32_t name(int32_t a, int32_t b) {                              \
    int32_t r;                                                             \
    __asm__ volatile(#name " %0, %1, %2" : "=r"(r) : "r"(a), "r"(b));      \
    return r;                                                              \
  }
OP(mul)
OP(mulh)
OP(mulhsu)
OP(mulhu)
OP(div)
OP(divu)
OP(rem)
OP(remu)

static const int32_t values[] = {0, 1, -1, 2, -2, 7, -7, 0x7fffffff, (int32_t)0x80000000, 0x12345678, (int32_t)0xdeadbeef, 3, 65536};

int main(void) {
  uint32_t sum = 0;
  int n = sizeof values / sizeof values[0];
  for (int i = 0; i < n; i++) {
    for (int j = 0; j < n; j++) {
      int32_t a = values[i], b = values[j];
      printf("%08lx %08lx: mul %08lx mulh %08lx mulhsu %08lx mulhu %08lx div %08lx divu %08lx rem %08lx remu %08lx\n",
             (unsigned long)a, (unsigned long)b, (unsigned long)mul(a, b), (unsigned long)mulh(a, b),
             (unsigned long)mulhsu(a, b), (unsigned long)mulhu(a, b), (unsigned long)div(a, b),
             (unsigned long)divu(a, b), (unsigned long)rem(a, b), (unsigned long)remu(a, b));
      sum = sum * 31 + (uint32_t)div(a, b) + (uint32_t)remu(a, b);
    }
  }
  volatile int64_t big = -9000000000000000000LL;
  volatile uint64_t ubig = 0xfedcba9876543210ULL;
  printf("64: %lld %lld %llu %llu %llx\n", (long long)(big / 12345), (long long)(big % 12345),
         (unsigned long long)(ubig / 1000003), (unsigned long long)(ubig % 1000003),
         (unsigned long long)(ubig * 0x9e3779b97f4a7c15ULL));
  printf("sum %08lx\n", (unsigned long)sum);
  return (int)(sum & 0x7f);
}

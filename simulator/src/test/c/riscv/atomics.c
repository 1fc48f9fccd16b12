/* A extension: AMOs, LR/SC loops and the C11 atomics gcc builds from them. */
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>

#define AMO(name)                                                                           \
  static int32_t name(volatile int32_t *p, int32_t v) {                                     \
    int32_t old;                                                                            \
    __asm__ volatile(#name ".w %0, %2, (%1)" : "=r"(old) : "r"(p), "r"(v) : "memory");      \
    return old;                                                                             \
  }
AMO(amoswap)
AMO(amoadd)
AMO(amoxor)
AMO(amoand)
AMO(amoor)
AMO(amomin)
AMO(amomax)
AMO(amominu)
AMO(amomaxu)

static volatile int32_t cell;

static int32_t lr(volatile int32_t *p) {
  int32_t v;
  __asm__ volatile("lr.w %0, (%1)" : "=r"(v) : "r"(p) : "memory");
  return v;
}

static int32_t sc(volatile int32_t *p, int32_t v) {
  int32_t fail;
  __asm__ volatile("sc.w %0, %2, (%1)" : "=r"(fail) : "r"(p), "r"(v) : "memory");
  return fail;
}

int main(void) {
  static const int32_t operands[] = {5, -3, 0x7fffffff, (int32_t)0x80000000, 0, -1};
  for (unsigned i = 0; i < sizeof operands / sizeof operands[0]; i++) {
    int32_t v = operands[i];
    int32_t r[9];
    cell = 100; r[0] = amoswap(&cell, v); int32_t a0 = cell;
    cell = 100; r[1] = amoadd(&cell, v); int32_t a1 = cell;
    cell = 100; r[2] = amoxor(&cell, v); int32_t a2 = cell;
    cell = 100; r[3] = amoand(&cell, v); int32_t a3 = cell;
    cell = 100; r[4] = amoor(&cell, v); int32_t a4 = cell;
    cell = -100; r[5] = amomin(&cell, v); int32_t a5 = cell;
    cell = -100; r[6] = amomax(&cell, v); int32_t a6 = cell;
    cell = -100; r[7] = amominu(&cell, v); int32_t a7 = cell;
    cell = -100; r[8] = amomaxu(&cell, v); int32_t a8 = cell;
    printf("%ld: %ld/%ld %ld/%ld %ld/%ld %ld/%ld %ld/%ld %ld/%ld %ld/%ld %ld/%ld %ld/%ld\n", (long)v,
           (long)r[0], (long)a0, (long)r[1], (long)a1, (long)r[2], (long)a2, (long)r[3], (long)a3,
           (long)r[4], (long)a4, (long)r[5], (long)a5, (long)r[6], (long)a6, (long)r[7], (long)a7,
           (long)r[8], (long)a8);
  }
  cell = 7;
  int32_t seen = lr(&cell);
  int32_t fail = sc(&cell, seen + 1);
  printf("lr/sc: seen %ld fail %ld cell %ld\n", (long)seen, (long)fail, (long)cell);
  fail = sc(&cell, 99);
  printf("sc without reservation: fail %ld cell %ld\n", (long)fail, (long)cell);
  (void)lr(&cell);
  cell = 5;
  fail = sc(&cell, 55);
  printf("sc after a store: fail %d cell %ld\n", fail != 0, (long)cell);

  atomic_int counter = 0;
  for (int i = 0; i < 1000; i++) {
    atomic_fetch_add(&counter, i);
    int expected = atomic_load(&counter);
    atomic_compare_exchange_strong(&counter, &expected, expected ^ 0x55);
  }
  printf("c11 counter %d\n", atomic_load(&counter));
  return atomic_load(&counter) & 0x7f;
}

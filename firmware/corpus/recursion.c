/* Recursion: Ackermann, naive Fibonacci, Towers of Hanoi, mutual recursion, and a recursive sort. */
#include <stdint.h>
#include <stdio.h>

#include "checksum.h"

static uint32_t calls;

static uint32_t ackermann(uint32_t m, uint32_t n) {
  calls++;
  if (m == 0) {
    return n + 1;
  }
  if (n == 0) {
    return ackermann(m - 1, 1);
  }
  return ackermann(m - 1, ackermann(m, n - 1));
}

static uint32_t fibonacci(uint32_t n) {
  calls++;
  return n < 2 ? n : fibonacci(n - 1) + fibonacci(n - 2);
}

static void hanoi(unsigned disks, unsigned from, unsigned to, unsigned via) {
  if (disks == 0) {
    return;
  }
  hanoi(disks - 1, from, via, to);
  checksum_add(disks << 8 | from << 4 | to);
  hanoi(disks - 1, via, to, from);
}

static int is_odd(unsigned n);

static int is_even(unsigned n) { return n == 0 ? 1 : is_odd(n - 1); }

static int is_odd(unsigned n) { return n == 0 ? 0 : is_even(n - 1); }

static void quicksort(int32_t *a, int low, int high) {
  if (low >= high) {
    return;
  }
  int32_t pivot = a[(low + high) / 2];
  int i = low;
  int j = high;
  while (i <= j) {
    while (a[i] < pivot) {
      i++;
    }
    while (a[j] > pivot) {
      j--;
    }
    if (i <= j) {
      int32_t t = a[i];
      a[i] = a[j];
      a[j] = t;
      i++;
      j--;
    }
  }
  quicksort(a, low, j);
  quicksort(a, i, high);
}

int main(void) {
  for (uint32_t m = 0; m <= 2; m++) {
    for (uint32_t n = 0; n <= 4; n++) {
      calls = 0;
      uint32_t a = ackermann(m, n);
      checksum_add(a);
      checksum_add(calls);
      printf("ackermann(%lu, %lu) = %lu in %lu calls\n", (unsigned long)m, (unsigned long)n,
             (unsigned long)a, (unsigned long)calls);
    }
  }
  calls = 0;
  uint32_t a33 = ackermann(3, 3);
  printf("ackermann(3, 3) = %lu in %lu calls\n", (unsigned long)a33, (unsigned long)calls);
  checksum_add(a33);
  for (uint32_t n = 0; n <= 20; n += 4) {
    calls = 0;
    uint32_t f = fibonacci(n);
    checksum_add(f);
    printf("fibonacci(%lu) = %lu in %lu calls\n", (unsigned long)n, (unsigned long)f,
           (unsigned long)calls);
  }
  hanoi(10, 1, 3, 2);
  printf("hanoi(10) checksum %08lx\n", (unsigned long)checksum_state);
  printf("is_even(77) = %d, is_odd(77) = %d\n", is_even(77), is_odd(77));
  int32_t data[64];
  uint32_t seed = 99;
  for (int i = 0; i < 64; i++) {
    seed = seed * 1664525u + 1013904223u;
    data[i] = (int32_t)seed >> 8;
  }
  quicksort(data, 0, 63);
  int sorted = 1;
  for (int i = 0; i < 64; i++) {
    checksum_add((uint32_t)data[i]);
    if (i > 0 && data[i - 1] > data[i]) {
      sorted = 0;
    }
  }
  printf("quicksort sorted=%d min=%ld max=%ld\n", sorted, (long)data[0], (long)data[63]);
  printf("checksum 0x%08lx\n", (unsigned long)checksum_state);
  return checksum_exit_code();
}

/* printf-heavy: integer conversions, widths, precision, flags, 64-bit, strings, chars, floats. */
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "checksum.h"

static void line(const char *text) {
  for (const char *p = text; *p != '\0'; p++) {
    checksum_add((uint8_t)*p);
  }
  fputs(text, stdout);
}

int main(void) {
  char buffer[160];
  static const int ints[] = {0, 1, -1, 42, -42, 7, 1000000, INT_MAX, INT_MIN};
  for (size_t i = 0; i < sizeof ints / sizeof ints[0]; i++) {
    int v = ints[i];
    snprintf(buffer, sizeof buffer, "[%d] [%5d] [%-5d] [%05d] [%+d] [% d] [%.3d] [%*d] [%-*d|]\n",
             v, v, v, v, v, v, v, 8, v, 6, v);
    line(buffer);
    snprintf(buffer, sizeof buffer, "[%u] [%x] [%X] [%#x] [%o] [%#o] [%08x] [%.0d]\n",
             (unsigned)v, (unsigned)v, (unsigned)v, (unsigned)v, (unsigned)v, (unsigned)v,
             (unsigned)v, v);
    line(buffer);
  }
  static const long long longs[] = {0LL, -1LL, 1LL << 32, 123456789012345LL, LLONG_MAX, LLONG_MIN};
  for (size_t i = 0; i < sizeof longs / sizeof longs[0]; i++) {
    long long v = longs[i];
    snprintf(buffer, sizeof buffer, "[%lld] [%22lld] [%-22lld|] [%llu] [%llx] [%#018llX]\n", v, v,
             v, (unsigned long long)v, (unsigned long long)v, (unsigned long long)v);
    line(buffer);
  }
  snprintf(buffer, sizeof buffer, "[%hhd] [%hhu] [%hd] [%hu] [%ld] [%lu]\n", (signed char)200,
           (unsigned char)300, (short)70000, (unsigned short)70000, LONG_MIN, ULONG_MAX);
  line(buffer);
  static const char *strings[] = {"", "a", "semihosting", "hilt"};
  for (size_t i = 0; i < sizeof strings / sizeof strings[0]; i++) {
    const char *s = strings[i];
    snprintf(buffer, sizeof buffer, "[%s] [%8s] [%-8s|] [%.2s] [%10.3s] [%c%c] [%%]\n", s, s, s, s,
             s, 'x', s[0] != '\0' ? s[0] : '-');
    line(buffer);
  }
  static const double doubles[] = {0.0, 1.0, -2.5, 3.14159265358979, 1e-7, 6.02214076e23, 1e300};
  for (size_t i = 0; i < sizeof doubles / sizeof doubles[0]; i++) {
    double v = doubles[i];
    snprintf(buffer, sizeof buffer, "[%f] [%.2f] [%10.3f] [%e] [%.3E] [%g] [%G]\n", v, v, v, v, v,
             v, v);
    line(buffer);
  }
  char small[8];
  const char *volatile word = "truncated"; /* hidden from gcc's truncation warning */
  int wanted = snprintf(small, sizeof small, "%s-%d", word, 12345);
  snprintf(buffer, sizeof buffer, "snprintf wanted %d, kept \"%s\" (%u)\n", wanted, small,
           (unsigned)strlen(small));
  line(buffer);
  int count = 0;
  snprintf(buffer, sizeof buffer, "abc%n|%c|\n", &count, 'z');
  line(buffer);
  snprintf(buffer, sizeof buffer, "%%n counted %d\n", count);
  line(buffer);
  printf("direct printf %d %s %llx\n", -17, "ok", 0xfeedfacecafebeefULL);
  puts("puts line");
  putchar('!');
  putchar('\n');
  printf("checksum 0x%08lx\n", (unsigned long)checksum_state);
  return checksum_exit_code();
}

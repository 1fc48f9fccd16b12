/*
 * Self-test firmware: runs a handful of checks of the C runtime and the core (startup, libc,
 * libgcc helpers, soft float, setjmp), prints "PASS: name" or "FAIL: name (detail)" per check and a
 * summary line, and exits with the number of failed checks.
 *
 * The argument "inject-failure" adds one check that always fails, so a test plan can exercise the
 * failure path on a healthy target.
 */
#include <limits.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int failures;
static int passes;

static void check(const char *name, int ok, const char *detail) {
  if (ok) {
    passes++;
    printf("PASS: %s\n", name);
  } else {
    failures++;
    printf("FAIL: %s (%s)\n", name, detail);
  }
}

static volatile uint32_t initialised_word = 0xC0FFEE42u;
static volatile uint8_t zeroed_bytes[64];

static void check_startup(void) {
  check("data-initialised", initialised_word == 0xC0FFEE42u, ".data not copied from its load image");
  int zero = 1;
  for (size_t i = 0; i < sizeof zeroed_bytes; i++) {
    zero &= zeroed_bytes[i] == 0;
  }
  check("bss-zeroed", zero, ".bss not cleared");
}

static void check_memory_functions(void) {
  char buffer[32];
  memset(buffer, 'x', sizeof buffer);
  memcpy(buffer + 3, "semihosting", 11);
  memmove(buffer + 5, buffer + 3, 11);
  buffer[16] = '\0';
  check("memcpy-memmove", strcmp(buffer, "xxxsesemihosting") == 0, buffer);
}

static void check_divide(void) {
  volatile int32_t a = -1000003;
  volatile int32_t b = 17;
  volatile uint32_t c = 0xFFFFFFF0u;
  volatile uint32_t d = 3;
  int ok = a / b == -58823 && a % b == -12 && c / d == 0x55555550u && c % d == 0;
  check("divide-32", ok, "__aeabi_idiv/__aeabi_uidiv");
  volatile int64_t e = -9000000000LL;
  volatile int64_t f = 7;
  volatile uint64_t g = UINT64_MAX;
  volatile uint64_t h = 1000000007ULL;
  ok = e / f == -1285714285LL && e % f == -5 && g / h == 18446743944ULL && g % h == 582344007ULL;
  check("divide-64", ok, "__aeabi_ldivmod/__aeabi_uldivmod");
}

static void check_formatting(void) {
  char text[64];
  int length = snprintf(text, sizeof text, "[%5d|%-4s|%08lx|%lld]", -42, "ab", 0xBEEFUL,
                        (long long)INT64_MIN);
  check("snprintf", length == 42 && strcmp(text, "[  -42|ab  |0000beef|-9223372036854775808]") == 0,
        text);
}

static void check_soft_float(void) {
  volatile double x = 1.5;
  volatile double y = 2.25;
  volatile float z = 0.1f;
  int ok = x * y == 3.375 && (int)(x / y * 1000.0) == 666 && (double)(z * 10.0f) > 0.99;
  check("soft-float", ok, "libgcc double/float helpers");
}

static void check_heap(void) {
  char *block = malloc(1000);
  int ok = block != NULL;
  if (ok) {
    memset(block, 0x5a, 1000);
    ok = block[0] == 0x5a && block[999] == 0x5a;
    free(block);
  }
  void *huge = malloc(1u << 20);
  check("heap", ok && huge == NULL, "malloc within the heap, NULL beyond it");
}

static jmp_buf jump;

__attribute__((noinline)) static void jump_back(int value) { longjmp(jump, value); }

static void check_setjmp(void) {
  volatile int rounds = 0;
  int value = setjmp(jump);
  if (value < 3) {
    rounds++;
    jump_back(value + 1);
  }
  check("setjmp-longjmp", value == 3 && rounds == 3, "longjmp did not return to setjmp");
}

static int compare_ints(const void *a, const void *b) {
  int x = *(const int *)a;
  int y = *(const int *)b;
  return (x > y) - (x < y);
}

static void check_qsort(void) {
  int values[] = {9, -3, 27, 0, 5, 5, -100, 42, 1};
  qsort(values, sizeof values / sizeof values[0], sizeof values[0], compare_ints);
  int ok = 1;
  for (size_t i = 1; i < sizeof values / sizeof values[0]; i++) {
    ok &= values[i - 1] <= values[i];
  }
  check("qsort", ok && values[0] == -100 && values[8] == 42, "array not sorted");
}

static void check_strtol(void) {
  char *end;
  long a = strtol("  -0x7fffffff tail", &end, 0);
  unsigned long b = strtoul("4294967295", NULL, 10);
  check("strtol", a == -0x7fffffffL && strcmp(end, " tail") == 0 && b == 4294967295UL,
        "number parsing");
}

int main(int argc, char **argv) {
  int inject = 0;
  for (int i = 1; i < argc; i++) {
    if (strcmp(argv[i], "inject-failure") == 0) {
      inject = 1;
    } else {
      printf("selftest: unknown argument '%s'\n", argv[i]);
    }
  }
  printf("selftest: starting\n");
  check_startup();
  check_memory_functions();
  check_divide();
  check_formatting();
  check_soft_float();
  check_heap();
  check_setjmp();
  check_qsort();
  check_strtol();
  if (inject) {
    check("injected", 0, "failure requested on the command line");
  }
  printf("selftest: %d passed, %d failed\n", passes, failures);
  return failures;
}

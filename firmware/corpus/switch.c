/*
 * Switch statements: dense ones become jump tables (on Thumb-1 gcc calls the libgcc helpers
 * __gnu_thumb1_case_uqi/sqi/uhi/shi/si), sparse ones become compare trees, and a state machine.
 */
#include <stdint.h>
#include <stdio.h>

#include "checksum.h"

__attribute__((noinline)) static int32_t small_cases(int x) {
  switch (x) {
    case 0: return 11;
    case 1: return -3;
    case 2: return 57;
    case 3: return x * 9;
    case 4: return 1000;
    case 5: return -x;
    case 6: return 6 << 6;
    case 7: return 0x7777;
    case 8: return x ^ 0x55;
    case 9: return 90;
    case 10: return -10000;
    case 11: return x * x;
    case 13: return 13;
    case 14: return 14 * 3;
    default: return -1;
  }
}

static volatile uint32_t noise = 0x9e3779b9u;

/* Always inlined so that the case bodies below are long. */
static inline __attribute__((always_inline)) uint32_t churn(uint32_t v, uint32_t rounds) {
  for (uint32_t i = 0; i < rounds; i++) {
    v = (v << 3 | v >> 29) ^ noise;
    v += i * 0x45d9f3bu;
  }
  return v;
}

/* Case bodies large enough that at -Os the table needs halfword offsets (__gnu_thumb1_case_uhi). */
__attribute__((noinline)) static uint32_t large_cases(uint32_t x) {
  uint32_t v = x * 2654435761u;
  switch (x) {
    case 0: v = churn(v, 3); v ^= churn(v + 1, 2); v += churn(v ^ 5, 4); break;
    case 1: v = churn(v ^ 0x1111, 5); v -= churn(v, 1); v *= 3; break;
    case 2: v = churn(v, 2) * churn(v + 7, 3); v ^= v >> 7; break;
    case 3: v = churn(v + 3, 6) / ((v & 7) + 1); break;
    case 4: v = churn(v, 1) % 1000003u; v += churn(v, 2); break;
    case 5: v = churn(v - 5, 4) ^ churn(v + 5, 4); break;
    case 6: v = (churn(v, 2) << 3) | (churn(v, 3) >> 29); break;
    case 7: v = churn(churn(v, 1), 2) + 7777; break;
    case 8: v = churn(v, 8) - churn(v, 7) + churn(v, 6); break;
    case 9: v = churn(v * 9, 3) ^ 0x99999999u; break;
    case 10: v = churn(v, 1) + churn(v, 2) + churn(v, 3) + churn(v, 4); break;
    case 11: v = ~churn(v, 5); break;
    case 12: v = churn(v, 2) * 12 + churn(v ^ 12, 2); break;
    case 13: v = churn(v >> 13, 13); break;
    case 14: v = churn(v + 14, 1) ^ churn(v - 14, 1) ^ churn(v, 14); break;
    case 15: v = churn(v, 15) | 0x8000000fu; break;
    case 16: v = churn(v, 4) - 16; v = churn(v, 4) + 16; break;
    case 17: v = churn(v * 17, 2) / 17; break;
    case 18: v = churn(v, 9) ^ (churn(v, 9) >> 9); break;
    case 19: v = churn(v, 19) % 19; break;
    default: v = 0xdeadbeefu; break;
  }
  return v;
}

/* Negative and offset case values. */
__attribute__((noinline)) static int signed_cases(int x) {
  switch (x) {
    case -8: return 80;
    case -7: return 70;
    case -6: return 60;
    case -5: return -5;
    case -4: return 44;
    case -3: return 3;
    case -2: return 22;
    case -1: return 1;
    case 0: return 0;
    case 1: return -1;
    case 2: return -22;
    case 3: return -3;
    case 4: return -44;
    default: return 999;
  }
}

__attribute__((noinline)) static int sparse_cases(uint32_t x) {
  switch (x) {
    case 1: return 1;
    case 100: return 2;
    case 1000: return 3;
    case 4096: return 4;
    case 65535: return 5;
    case 100000: return 6;
    case 0x80000000u: return 7;
    case 0xffffffffu: return 8;
    default: return 0;
  }
}

static const char *last_note = "";

__attribute__((noinline)) static void note(const char *text) {
  last_note = text;
  for (const char *p = text; *p != '\0'; p++) {
    checksum_add((uint8_t)*p);
  }
}

/* Short bodies that are calls, so gcc keeps a jump table (byte offsets: __gnu_thumb1_case_uqi). */
__attribute__((noinline)) static void name_register(unsigned r) {
  switch (r) {
    case 0: note("r0"); break;
    case 1: note("r1"); break;
    case 2: note("r2"); break;
    case 3: note("r3"); break;
    case 4: note("r4"); break;
    case 5: note("r5"); break;
    case 6: note("r6"); break;
    case 7: note("r7"); break;
    case 8: note("r8"); break;
    case 9: note("r9"); break;
    case 10: note("r10"); break;
    case 11: note("r11"); break;
    case 12: note("r12"); break;
    case 13: note("sp"); break;
    case 14: note("lr"); break;
    case 15: note("pc"); break;
    default: note("?"); break;
  }
}

enum state { START, NUMBER, WORD, SPACE };

static void tokenize(const char *text) {
  enum state state = START;
  unsigned numbers = 0, words = 0, value = 0, total = 0;
  for (const char *p = text;; p++) {
    char c = *p;
    switch (state) {
      case START:
      case SPACE:
        if (c >= '0' && c <= '9') {
          state = NUMBER;
          value = (unsigned)(c - '0');
        } else if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
          state = WORD;
          words++;
        } else {
          state = SPACE;
        }
        break;
      case NUMBER:
        if (c >= '0' && c <= '9') {
          value = value * 10 + (unsigned)(c - '0');
        } else {
          numbers++;
          total += value;
          state = c == '\0' ? START : SPACE;
        }
        break;
      case WORD:
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))) {
          state = SPACE;
        }
        break;
    }
    if (c == '\0') {
      break;
    }
  }
  checksum_add(numbers);
  checksum_add(words);
  checksum_add(total);
  printf("tokens: %u numbers (sum %u), %u words\n", numbers, total, words);
}

int main(void) {
  for (int x = -3; x <= 16; x++) {
    int32_t r = small_cases(x);
    checksum_add((uint32_t)r);
    printf("small_cases(%d) = %ld\n", x, (long)r);
  }
  for (uint32_t x = 0; x <= 21; x++) {
    uint32_t r = large_cases(x);
    checksum_add(r);
    printf("large_cases(%lu) = %08lx\n", (unsigned long)x, (unsigned long)r);
  }
  for (int x = -10; x <= 6; x++) {
    int r = signed_cases(x);
    checksum_add((uint32_t)r);
    printf("signed_cases(%d) = %d\n", x, r);
  }
  static const uint32_t probes[] = {0, 1, 2, 100, 999, 1000, 4096, 65535, 65536, 100000,
                                    0x7fffffffu, 0x80000000u, 0xfffffffeu, 0xffffffffu};
  for (size_t i = 0; i < sizeof probes / sizeof probes[0]; i++) {
    int r = sparse_cases(probes[i]);
    checksum_add((uint32_t)r);
    printf("sparse_cases(%lu) = %d\n", (unsigned long)probes[i], r);
  }
  for (unsigned r = 0; r <= 17; r++) {
    name_register(r);
    printf("%s%s", r > 0 ? " " : "", last_note);
  }
  printf("\n");
  tokenize("hilt runs 3 plans with 12 tests on 1 simulated board in 2024 steps");
  printf("checksum 0x%08lx\n", (unsigned long)checksum_state);
  return checksum_exit_code();
}

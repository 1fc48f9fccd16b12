/* qsort/bsearch from newlib over integers, structs and strings, with malloc'd storage. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checksum.h"

struct entry {
  int32_t key;
  uint16_t order;
};

static int by_int(const void *a, const void *b) {
  int32_t x = *(const int32_t *)a;
  int32_t y = *(const int32_t *)b;
  return (x > y) - (x < y);
}

static int by_key_then_order(const void *a, const void *b) {
  const struct entry *x = a;
  const struct entry *y = b;
  if (x->key != y->key) {
    return (x->key > y->key) - (x->key < y->key);
  }
  return (x->order > y->order) - (x->order < y->order);
}

static int by_string(const void *a, const void *b) {
  return strcmp(*(const char *const *)a, *(const char *const *)b);
}

int main(void) {
  enum { COUNT = 300 };
  int32_t *numbers = malloc(COUNT * sizeof *numbers);
  struct entry *entries = malloc(COUNT * sizeof *entries);
  if (numbers == NULL || entries == NULL) {
    printf("out of memory\n");
    return 1;
  }
  uint32_t seed = 2024;
  for (int i = 0; i < COUNT; i++) {
    seed = seed * 1103515245u + 12345u;
    numbers[i] = (int32_t)(seed >> 1) % 5000 - 2500;
    entries[i].key = (int32_t)((seed >> 16) % 17);
    entries[i].order = (uint16_t)i;
  }
  qsort(numbers, COUNT, sizeof *numbers, by_int);
  int sorted = 1;
  for (int i = 0; i < COUNT; i++) {
    checksum_add((uint32_t)numbers[i]);
    if (i > 0 && numbers[i - 1] > numbers[i]) {
      sorted = 0;
    }
  }
  printf("numbers sorted=%d first=%ld median=%ld last=%ld\n", sorted, (long)numbers[0],
         (long)numbers[COUNT / 2], (long)numbers[COUNT - 1]);
  int found = 0;
  for (int32_t probe = -2500; probe < 2500; probe += 97) {
    if (bsearch(&probe, numbers, COUNT, sizeof *numbers, by_int) != NULL) {
      found++;
    }
  }
  checksum_add((uint32_t)found);
  printf("bsearch found %d of 52 probes\n", found);

  qsort(entries, COUNT, sizeof *entries, by_key_then_order);
  for (int i = 0; i < COUNT; i++) {
    checksum_add((uint32_t)entries[i].key << 16 | entries[i].order);
  }
  printf("entries: first=(%ld,%u) last=(%ld,%u)\n", (long)entries[0].key, entries[0].order,
         (long)entries[COUNT - 1].key, entries[COUNT - 1].order);

  const char *words[] = {"probe", "flash", "reset", "semihosting", "board", "uart", "stack",
                         "paint", "junit", "halt", "fault", "vector", "abc", "ab", "a"};
  size_t word_count = sizeof words / sizeof words[0];
  qsort(words, word_count, sizeof words[0], by_string);
  for (size_t i = 0; i < word_count; i++) {
    printf("%s%s", i > 0 ? " " : "", words[i]);
    for (const char *p = words[i]; *p != '\0'; p++) {
      checksum_add((uint8_t)*p);
    }
  }
  printf("\n");
  free(entries);
  free(numbers);
  printf("checksum 0x%08lx\n", (unsigned long)checksum_state);
  return checksum_exit_code();
}

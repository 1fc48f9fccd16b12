/* Struct copies, memcpy/memmove/memset/memcmp at every alignment, and string functions. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "checksum.h"

struct record {
  uint8_t tag;
  uint16_t id;
  uint32_t flags;
  uint64_t stamp;
  char name[13];
  int32_t values[5];
};

static void add_bytes(const void *data, size_t length) {
  const uint8_t *bytes = data;
  for (size_t i = 0; i < length; i++) {
    checksum_add(bytes[i]);
  }
}

__attribute__((noinline)) static struct record make_record(uint8_t tag) {
  struct record r;
  memset(&r, 0, sizeof r);
  r.tag = tag;
  r.id = (uint16_t)(tag * 257u);
  r.flags = 0xa5a5a5a5u ^ tag;
  r.stamp = 0x0123456789abcdefULL + tag;
  snprintf(r.name, sizeof r.name, "record-%u", tag);
  for (int i = 0; i < 5; i++) {
    r.values[i] = (int32_t)(tag * 1000 - i * 333);
  }
  return r;
}

__attribute__((noinline)) static void copy_record(struct record *to, const struct record *from) {
  *to = *from;
}

int main(void) {
  struct record records[4];
  for (uint8_t i = 0; i < 4; i++) {
    records[i] = make_record((uint8_t)(i * 40 + 1));
  }
  struct record copy;
  copy_record(&copy, &records[3]);
  add_bytes(&copy, sizeof copy);
  printf("struct record is %u bytes; copy name=%s id=%u stamp=%llx\n", (unsigned)sizeof copy,
         copy.name, copy.id, (unsigned long long)copy.stamp);
  printf("memcmp(copy, records[3]) = %d\n", memcmp(&copy, &records[3], sizeof copy) != 0);

  uint8_t source[80];
  uint8_t target[96];
  for (int i = 0; i < 80; i++) {
    source[i] = (uint8_t)(i * 37 + 11);
  }
  for (int from = 0; from < 4; from++) {
    for (int to = 0; to < 4; to++) {
      for (size_t length = 0; length < 40; length += 7) {
        memset(target, 0xee, sizeof target);
        memcpy(target + to, source + from, length);
        add_bytes(target, sizeof target);
      }
    }
  }
  printf("memcpy alignments: %08lx\n", (unsigned long)checksum_state);

  uint8_t area[64];
  for (int shift = -5; shift <= 5; shift++) {
    for (int i = 0; i < 64; i++) {
      area[i] = (uint8_t)i;
    }
    memmove(area + 16 + shift, area + 16, 32);
    add_bytes(area, sizeof area);
  }
  printf("memmove overlaps: %08lx\n", (unsigned long)checksum_state);

  for (int offset = 0; offset < 4; offset++) {
    memset(target, 0, sizeof target);
    memset(target + offset, 0x5a + offset, 50 - offset);
    add_bytes(target, sizeof target);
  }
  printf("memset: %08lx\n", (unsigned long)checksum_state);

  char text[64];
  strcpy(text, "hardware");
  strcat(text, "-in-the-");
  const char *volatile tail = "loopholes";
  strncat(text, tail, 4);
  size_t length = strlen(text);
  char *dash = strchr(text, '-');
  char *last = strrchr(text, '-');
  printf("text=%s len=%u first-dash=%d last-dash=%d\n", text, (unsigned)length, (int)(dash - text),
         (int)(last - text));
  printf("strcmp: %d %d %d strncmp: %d strstr: %s\n", strcmp("abc", "abd") < 0,
         strcmp("abc", "abc") == 0, strcmp("b", "a") > 0, strncmp("hilt", "hint", 2) == 0,
         strstr(text, "the"));
  add_bytes(text, length);
  printf("checksum 0x%08lx\n", (unsigned long)checksum_state);
  return checksum_exit_code();
}

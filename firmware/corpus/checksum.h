/* Running checksum shared by the corpus programs; main returns checksum_exit_code(). */
#ifndef HILT_CORPUS_CHECKSUM_H
#define HILT_CORPUS_CHECKSUM_H

#include <stdint.h>

static uint32_t checksum_state = 2166136261u;

static inline void checksum_add(uint32_t value) {
  for (int i = 0; i < 4; i++) {
    checksum_state ^= (value >> (8 * i)) & 0xffu;
    checksum_state *= 16777619u;
  }
}

static inline void checksum_add64(uint64_t value) {
  checksum_add((uint32_t)value);
  checksum_add((uint32_t)(value >> 32));
}

/* The exit status carries the low seven bits, so exit codes are compared as well as output. */
static inline int checksum_exit_code(void) { return (int)(checksum_state & 0x7fu); }

#endif

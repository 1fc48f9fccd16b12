/*
 * firmware/src/crc-bench.c for RISC-V with picolibc: the same bitwise CRC-32 over 1 KiB chained
 * over N passes, N being the last command-line word (picolibc's semihosting crt0 passes the whole
 * command line, which on QEMU starts with the kernel's path). Prints the CRC and exits 0.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#define BUFFER_BYTES 1024

static uint8_t buffer[BUFFER_BYTES];

static uint32_t crc32_update(uint32_t crc, const uint8_t *data, uint32_t length) {
  crc = ~crc;
  for (uint32_t i = 0; i < length; i++) {
    crc ^= data[i];
    for (int bit = 0; bit < 8; bit++) {
      crc = (crc >> 1) ^ (0xEDB88320u & (0u - (crc & 1u)));
    }
  }
  return ~crc;
}

int main(int argc, char **argv) {
  unsigned long iterations = 8;
  if (argc > 1) {
    char *end;
    iterations = strtoul(argv[argc - 1], &end, 0);
    if (*end != '\0' || iterations == 0) {
      printf("crc-bench: iterations must be a positive number, got '%s'\n", argv[argc - 1]);
      return 2;
    }
  }
  uint32_t seed = 0x12345678u;
  for (int i = 0; i < BUFFER_BYTES; i++) {
    seed = seed * 1103515245u + 12345u;
    buffer[i] = (uint8_t)(seed >> 16);
  }
  uint32_t crc = 0;
  for (unsigned long pass = 0; pass < iterations; pass++) {
    crc = crc32_update(crc, buffer, BUFFER_BYTES);
  }
  printf("crc-bench: %lu passes over %d bytes: crc32=0x%08lx\n", iterations, BUFFER_BYTES,
         (unsigned long)crc);
  return 0;
}

/* Bit manipulation: popcount, clz/ctz, byte reversal (REV/REV16/REVSH), rotations, extension. */
#include <stdint.h>
#include <stdio.h>

#include "checksum.h"

static uint32_t reverse_bits(uint32_t v) {
  uint32_t r = 0;
  for (int i = 0; i < 32; i++) {
    r = (r << 1) | (v & 1u);
    v >>= 1;
  }
  return r;
}

static uint32_t rotate_left(uint32_t v, unsigned n) { return (v << (n & 31)) | (v >> ((32 - n) & 31)); }

static uint32_t rotate_right(uint32_t v, unsigned n) { return (v >> (n & 31)) | (v << ((32 - n) & 31)); }

static const uint32_t samples[] = {0x00000000u, 0x00000001u, 0x80000000u, 0xffffffffu, 0x12345678u,
                                   0x0000ff00u, 0xdeadbeefu, 0x7fffffffu, 0x00010000u, 0xa5a5a5a5u,
                                   0x00000080u, 0x00008000u};

int main(void) {
  for (size_t i = 0; i < sizeof samples / sizeof samples[0]; i++) {
    volatile uint32_t v = samples[i];
    uint32_t x = v;
    int pop = __builtin_popcount(x);
    int clz = x != 0 ? __builtin_clz(x) : 32;
    int ctz = x != 0 ? __builtin_ctz(x) : 32;
    int parity = __builtin_parity(x);
    uint32_t swapped = __builtin_bswap32(x);
    uint16_t swapped16 = __builtin_bswap16((uint16_t)x);
    int32_t revsh = (int16_t)__builtin_bswap16((uint16_t)x);
    uint32_t reversed = reverse_bits(x);
    int32_t sb = (int8_t)x;
    int32_t sh = (int16_t)x;
    uint32_t ub = (uint8_t)x;
    uint32_t uh = (uint16_t)x;
    int32_t asr = (int32_t)x >> 7;
    printf("%08lx: pop=%2d clz=%2d ctz=%2d par=%d rev=%08lx rev16=%04x revsh=%ld bits=%08lx\n",
           (unsigned long)x, pop, clz, ctz, parity, (unsigned long)swapped, swapped16, (long)revsh,
           (unsigned long)reversed);
    printf("          sxtb=%ld sxth=%ld uxtb=%lu uxth=%lu asr7=%ld\n", (long)sb, (long)sh,
           (unsigned long)ub, (unsigned long)uh, (long)asr);
    checksum_add((uint32_t)pop | (uint32_t)clz << 8 | (uint32_t)ctz << 16 | (uint32_t)parity << 24);
    checksum_add(swapped);
    checksum_add(swapped16);
    checksum_add((uint32_t)revsh);
    checksum_add(reversed);
    checksum_add((uint32_t)sb ^ (uint32_t)sh ^ ub ^ uh ^ (uint32_t)asr);
    for (unsigned n = 0; n < 32; n += 3) {
      checksum_add(rotate_left(x, n));
      checksum_add(rotate_right(x, n));
    }
    uint64_t wide = (uint64_t)x << 32 | reversed;
    checksum_add((uint32_t)__builtin_popcountll(wide));
    checksum_add((uint32_t)(wide != 0 ? __builtin_clzll(wide) : 64));
    checksum_add((uint32_t)(wide != 0 ? __builtin_ctzll(wide) : 64));
  }
  uint32_t field = 0;
  for (unsigned shift = 0; shift < 32; shift += 4) {
    field |= (shift / 4u + 1u) << shift;
    field &= ~(1u << ((shift + 7) & 31));
    checksum_add(field);
  }
  printf("bitfield %08lx\n", (unsigned long)field);
  printf("checksum 0x%08lx\n", (unsigned long)checksum_state);
  return checksum_exit_code();
}

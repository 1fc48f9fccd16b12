/* Semihosting calls (ARM semihosting v2, BKPT 0xAB on M-profile) used directly by hilt's firmware. */
#ifndef HILT_SEMIHOST_H
#define HILT_SEMIHOST_H

#include <stdint.h>

enum {
  SH_SYS_WRITE0 = 0x04,
  SH_SYS_GET_CMDLINE = 0x15,
  SH_SYS_EXIT = 0x18,
  SH_SYS_EXIT_EXTENDED = 0x20,
};

/* ADP_Stopped_* reasons for SYS_EXIT. */
enum {
  SH_ADP_APPLICATION_EXIT = 0x20026,
  SH_ADP_RUNTIME_ERROR_UNKNOWN = 0x20023,
};

static inline int32_t semihost_call(int32_t op, const void *arg) {
  register int32_t r0 __asm__("r0") = op;
  register const void *r1 __asm__("r1") = arg;
  __asm__ volatile("bkpt 0xab" : "+r"(r0) : "r"(r1) : "memory");
  return r0;
}

static inline void semihost_write0(const char *s) { semihost_call(SH_SYS_WRITE0, s); }

#endif

/* Zicsr: read/write/set/clear forms, counters and the CSR values QEMU's virt hart and the simulator share. */
#include <stdint.h>
#include <stdio.h>

#define CSRR(csr) ({ uint32_t v_; __asm__ volatile("csrr %0, " #csr : "=r"(v_)); v_; })
#define CSRW(csr, v) __asm__ volatile("csrw " #csr ", %0" ::"r"(v))

int main(void) {
  CSRW(mscratch, 0x12345678u);
  uint32_t old;
  __asm__ volatile("csrrw %0, mscratch, %1" : "=r"(old) : "r"(0xcafef00du));
  printf("mscratch swap: %08lx -> %08lx\n", (unsigned long)old, (unsigned long)CSRR(mscratch));
  __asm__ volatile("csrrs %0, mscratch, %1" : "=r"(old) : "r"(0x0000000fu));
  printf("mscratch set: %08lx -> %08lx\n", (unsigned long)old, (unsigned long)CSRR(mscratch));
  __asm__ volatile("csrrc %0, mscratch, %1" : "=r"(old) : "r"(0xff000000u));
  printf("mscratch clear: %08lx -> %08lx\n", (unsigned long)old, (unsigned long)CSRR(mscratch));
  __asm__ volatile("csrrwi %0, mscratch, 21" : "=r"(old));
  __asm__ volatile("csrrsi %0, mscratch, 8" : "=r"(old));
  __asm__ volatile("csrrci %0, mscratch, 1" : "=r"(old));
  printf("mscratch imm: %08lx -> %08lx\n", (unsigned long)old, (unsigned long)CSRR(mscratch));

  printf("mhartid %lu mvendorid %lu\n", (unsigned long)CSRR(mhartid), (unsigned long)CSRR(mvendorid));
  CSRW(mtvec, 0x80001000u);
  printf("mtvec %08lx\n", (unsigned long)CSRR(mtvec));
  CSRW(mtvec, 0x80002001u);
  printf("mtvec vectored %08lx\n", (unsigned long)CSRR(mtvec));
  CSRW(mepc, 0x80003000u);
  CSRW(mcause, 0x8000000bu);
  CSRW(mtval, 0xdeadbeefu);
  printf("mepc %08lx mcause %08lx mtval %08lx\n", (unsigned long)CSRR(mepc), (unsigned long)CSRR(mcause),
         (unsigned long)CSRR(mtval));
  CSRW(mstatus, 0x88u);
  printf("mstatus MIE|MPIE %08lx\n", (unsigned long)(CSRR(mstatus) & 0x1888u));
  CSRW(mstatus, 0x1800u);
  printf("mstatus MPP=M %08lx\n", (unsigned long)(CSRR(mstatus) & 0x1888u));
  CSRW(mstatus, 0u);
  CSRW(mie, 0x888u);
  printf("mie %08lx\n", (unsigned long)(CSRR(mie) & 0x888u));
  CSRW(mie, 0u);

  CSRW(pmpaddr3, 0x20001fffu);
  CSRW(pmpcfg0, 0x1f000000u);
  printf("pmpaddr3 %08lx pmpcfg0 %08lx\n", (unsigned long)CSRR(pmpaddr3), (unsigned long)CSRR(pmpcfg0));
  CSRW(pmpcfg0, 0u);

  uint32_t c0 = CSRR(mcycle), i0 = CSRR(minstret);
  volatile uint32_t spin = 0;
  for (int i = 0; i < 1000; i++) {
    spin += i;
  }
  uint32_t c1 = CSRR(mcycle), i1 = CSRR(minstret);
  uint32_t t0 = CSRR(time);
  printf("counters advance: cycle %d instret %d (spin %lu) time nonzero %d\n", c1 != c0, i1 - i0 >= 1000,
         (unsigned long)spin, t0 != 0 || CSRR(time) != 0);
  return 0;
}

package io.hilt.sim.thumb;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every Thumb-2 and DSP instruction group on an ARMv7E-M core, assembled by arm-none-eabi-as: each
 * row is the snippet, the state before and the state expected after. State tokens: {@code
 * rN=value}, {@code flags=NzCv} (capital = set), {@code q=0|1}, {@code ge=0..15}, {@code
 * m32@address=value} (and m16, m8), {@code trap=SimpleName}.
 */
class Thumb2InstructionTest {
  @ParameterizedTest(name = "{0} | {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        // Modified immediates and ThumbExpandImm_C: rotated constants set C from bit 31.
        "adds.w r0, r1, #0x00AB00AB | r1=0xFF54FF55 | r0=0 flags=nZCv",
        "ands.w r0, r1, #0xFF000000 | r1=0x12345678 | r0=0x12000000 flags=nzCv",
        "ands.w r0, r1, #0xFF | r1=0x12345678 flags=nzCv | r0=0x78 flags=nzCv",
        "ands.w r0, r1, #0xFF | r1=0x12345678 flags=nzcV | r0=0x78 flags=nzcV",
        "orr r0, r1, #0x80000000 | r1=1 | r0=0x80000001",
        "orn r0, r1, #0xFF | r1=0 | r0=0xFFFFFF00",
        "mvns r0, #0x3FC | flags=nzCv | r0=0xFFFFFC03 flags=Nzcv",
        "eor r0, r1, #0x55555555 | r1=0xFFFFFFFF | r0=0xAAAAAAAA",
        "bic r0, r1, #0xF0 | r1=0xFF | r0=0x0F",
        "tst r1, #0x80000000 | r1=0x80000000 | flags=NzCv",
        "teq r1, #1 | r1=1 flags=nzcv | flags=nZcv",
        "cmp.w r1, #0x100 | r1=0x100 | flags=nZCv",
        "cmn r1, #1 | r1=0xFFFFFFFF | flags=nZCv",
        "adc r0, r1, #1 | r1=1 flags=nzCv | r0=3",
        "sbcs r0, r1, #1 | r1=5 flags=nzcv | r0=3 flags=nzCv",
        "rsbs r0, r1, #0x10 | r1=0x20 | r0=0xFFFFFFF0 flags=Nzcv",
        "sub.w r0, r1, #0x10000 | r1=0x20000 | r0=0x10000",
        "mov.w r0, #0x12001200 | | r0=0x12001200",
        "movs.w r0, #0 | flags=NzCv | r0=0 flags=nZCv",
        "adds.w r0, r1, #1 | r1=0x7FFFFFFF | r0=0x80000000 flags=NzcV",
        // Plain binary immediates.
        "movw r0, #0xBEEF; movt r0, #0xDEAD | r0=0x1234 | r0=0xDEADBEEF",
        "addw r0, r1, #0xFFF | r1=1 | r0=0x1000",
        "subw r0, r1, #0x123 | r1=0x1000 | r0=0xEDD",
        "adr.w r0, 1f; nop; nop; 1: nop | | r0=8",
        "nop; 1: nop; adr.w r0, 1b | | r0=2",
        "bfi r0, r1, #4, #8 | r0=0xFFFFFFFF r1=0x12 | r0=0xFFFFF12F",
        "bfc r0, #0, #16 | r0=0xFFFFFFFF | r0=0xFFFF0000",
        "ubfx r0, r1, #4, #8 | r1=0x12345678 | r0=0x67",
        "sbfx r0, r1, #4, #8 | r1=0x00000F80 | r0=0xFFFFFFF8",
        "sbfx r0, r1, #0, #32 | r1=0x80000001 | r0=0x80000001",
        "ssat r0, #8, r1 | r1=300 | r0=127 q=1",
        "ssat r0, #8, r1, lsl #1 | r1=0x30 | r0=96 q=0",
        "ssat r0, #32, r1, asr #31 | r1=0x80000000 | r0=-1 q=0",
        "usat r0, #8, r1 | r1=-5 | r0=0 q=1",
        "usat r0, #4, r1, asr #2 | r1=0x40 | r0=15 q=1",
        "ssat16 r0, #8, r1 | r1=0x0200FF00 | r0=0x007FFF80 q=1",
        "usat16 r0, #8, r1 | r1=0xFFFF0100 | r0=0x000000FF q=1",
        // Shifted registers and shifts.
        "add.w r0, r1, r2, lsl #4 | r1=1 r2=0x10 | r0=0x101",
        "adds.w r0, r1, r2, asr #31 | r1=1 r2=0x80000000 | r0=0 flags=nZCv",
        "ands.w r0, r1, r2, lsr #1 | r1=0xFFFFFFFF r2=3 | r0=1 flags=nzCv",
        "orrs.w r0, r1, r2, ror #8 | r1=0 r2=0xFF | r0=0xFF000000 flags=NzCv",
        "rrxs r0, r1 | r1=2 flags=nzCv | r0=0x80000001 flags=Nzcv",
        "lsls.w r0, r1, #1 | r1=0x80000001 | r0=2 flags=nzCv",
        "lsrs.w r0, r1, #32 | r1=0x80000000 | r0=0 flags=nZCv",
        "asrs.w r0, r1, #32 | r1=0x80000000 | r0=0xFFFFFFFF flags=NzCv",
        "ror.w r0, r1, #4 | r1=0x12345678 | r0=0x81234567",
        "mvn.w r0, r1, lsl #4 | r1=0xF | r0=0xFFFFFF0F",
        "orn r0, r1, r2 | r1=0 r2=0xFFFF0000 | r0=0x0000FFFF",
        "rsb r0, r1, r2, lsl #1 | r1=1 r2=4 | r0=7",
        "sbc.w r0, r1, r2 | r1=10 r2=3 flags=nzcv | r0=6",
        "teq.w r1, r2 | r1=5 r2=5 | flags=nZcv",
        "cmp.w r1, r2, lsl #2 | r1=4 r2=1 | flags=nZCv",
        "mov.w r8, r1 | r1=7 | r8=7",
        "pkhbt r0, r1, r2, lsl #16 | r1=0x1111AAAA r2=0x0000BBBB | r0=0xBBBBAAAA",
        "pkhtb r0, r1, r2, asr #16 | r1=0xAAAA1111 r2=0xBBBB0000 | r0=0xAAAABBBB",
        "lsls.w r0, r1, r2 | r1=1 r2=32 | r0=0 flags=nZCv",
        "lsr.w r0, r1, r2 | r1=0x80000000 r2=0x104 | r0=0x08000000",
        "asrs.w r0, r1, r2 | r1=0x80000000 r2=40 | r0=0xFFFFFFFF flags=NzCv",
        "rors.w r0, r1, r2 | r1=1 r2=33 | r0=0x80000000 flags=NzCv",
        "lsls.w r0, r1, r2 | r1=5 r2=0x100 flags=NzCv | r0=5 flags=nzCv",
        // Extends, with rotation and accumulate.
        "sxtb.w r0, r1, ror #8 | r1=0x00008000 | r0=0xFFFFFF80",
        "uxth.w r0, r1, ror #16 | r1=0xBEEF0000 | r0=0xBEEF",
        "sxtah r0, r1, r2 | r1=10 r2=0x0000FFFF | r0=9",
        "uxtab r0, r1, r2, ror #24 | r1=1 r2=0xFF000000 | r0=0x100",
        "sxtb16 r0, r1 | r1=0x00800080 | r0=0xFF80FF80",
        "uxtb16 r0, r1, ror #8 | r1=0x11223344 | r0=0x00110033",
        "sxtab16 r0, r1, r2 | r1=0x00010001 r2=0x00FF00FF | r0=0",
        "uxtab16 r0, r1, r2 | r1=0xFFFF0001 r2=0x00020003 | r0=0x00010004",
        "uxtah r0, r1, r2, ror #8 | r1=1 r2=0x00FFFF00 | r0=0x10000",
        "sxtab r0, r1, r2 | r1=0 r2=0x80 | r0=-128",
        // Bits and bytes.
        "clz r0, r1 | r1=0x00010000 | r0=15",
        "clz r0, r1 | r1=0 | r0=32",
        "rbit r0, r1 | r1=1 | r0=0x80000000",
        "rev r8, r9 | r9=0x11223344 | r8=0x44332211",
        "rev16 r8, r9 | r9=0x11223344 | r8=0x22114433",
        "revsh r8, r9 | r9=0x000080FF | r8=0xFFFFFF80",
        // Multiply and divide.
        "mul r8, r9, r10 | r9=7 r10=6 | r8=42",
        "mla r0, r1, r2, r3 | r1=3 r2=4 r3=5 | r0=17",
        "mls r0, r1, r2, r3 | r1=3 r2=4 r3=5 | r0=-7",
        "smull r0, r1, r2, r3 | r2=-2 r3=3 | r0=0xFFFFFFFA r1=0xFFFFFFFF",
        "umull r0, r1, r2, r3 | r2=0xFFFFFFFF r3=2 | r0=0xFFFFFFFE r1=1",
        "smlal r0, r1, r2, r3 | r0=1 r1=0 r2=-1 r3=1 | r0=0 r1=0",
        "umlal r0, r1, r2, r3 | r0=0xFFFFFFFF r1=0 r2=1 r3=1 | r0=0 r1=1",
        "umaal r0, r1, r2, r3 | r0=-1 r1=-1 r2=-1 r3=-1 | r0=-1 r1=-1",
        "sdiv r0, r1, r2 | r1=-7 r2=2 | r0=-3",
        "sdiv r0, r1, r2 | r1=0x80000000 r2=-1 | r0=0x80000000",
        "sdiv r0, r1, r2 | r0=5 r1=9 r2=0 | r0=0",
        "udiv r0, r1, r2 | r1=0xFFFFFFFF r2=2 | r0=0x7FFFFFFF",
        "udiv r0, r1, r2 | r0=5 r1=9 r2=0 | r0=0",
        // DSP: parallel add/subtract and GE, SEL.
        "sadd16 r0, r1, r2 | r1=0x7FFF0001 r2=0x00010001 | r0=0x80000002 ge=15",
        "ssub16 r0, r1, r2 | r1=0x00010001 r2=0x00020000 | r0=0xFFFF0001 ge=3",
        "qadd16 r0, r1, r2 | r1=0x7FFF8000 r2=0x0001FFFF ge=5 | r0=0x7FFF8000 ge=5 q=0",
        "shadd16 r0, r1, r2 | r1=0x00030004 r2=0x00010002 | r0=0x00020003",
        "shsub8 r0, r1, r2 | r1=0x00000000 r2=0x00000001 | r0=0x000000FF",
        "uadd8 r0, r1, r2 | r1=0xFF01FF01 r2=0x01010101 | r0=0x00020002 ge=10",
        "usub8 r0, r1, r2 | r1=0x01020304 r2=0x02020202 | r0=0xFF000102 ge=7",
        "uqsub8 r0, r1, r2 | r1=0x01020304 r2=0x02020202 ge=9 | r0=0x00000102 ge=9",
        "uqadd16 r0, r1, r2 | r1=0xFFFF0001 r2=0x00020001 | r0=0xFFFF0002",
        "uhadd8 r0, r1, r2 | r1=0xFFFFFFFF r2=0x01010101 | r0=0x80808080",
        "uhsub16 r0, r1, r2 | r1=0x00000000 r2=0x00000002 | r0=0x0000FFFF",
        "sasx r0, r1, r2 | r1=0x00050003 r2=0x00010002 | r0=0x00070002 ge=15",
        "ssax r0, r1, r2 | r1=0x00050003 r2=0x00010002 | r0=0x00030004 ge=15",
        "uasx r0, r1, r2 | r1=0x00000001 r2=0x00020000 ge=15 | r0=0x0000FFFF ge=0",
        "usax r0, r1, r2 | r1=0x00010000 r2=0x00000002 | r0=0xFFFF0000 ge=0",
        "qasx r0, r1, r2 | r1=0x7FFF8000 r2=0x00010001 | r0=0x7FFF8000",
        "sadd8 r0, r1, r2 | r1=0x7F80FF01 r2=0x01FF0101 | r0=0x807F0002 ge=11",
        "ssub8 r0, r1, r2 | r1=0x00000000 r2=0x01000001 | r0=0xFF0000FF ge=6",
        "qsub8 r0, r1, r2 | r1=0x80000000 r2=0x01000000 | r0=0x80000000",
        "sel r0, r1, r2 | r1=0x11223344 r2=0xAABBCCDD ge=5 | r0=0xAA22CC44",
        // DSP: saturating arithmetic and Q.
        "qadd r0, r1, r2 | r1=0x7FFFFFFF r2=1 | r0=0x7FFFFFFF q=1",
        "qsub r0, r1, r2 | r1=0x80000000 r2=1 | r0=0x80000000 q=1",
        "qdadd r0, r1, r2 | r1=1 r2=0x40000000 | r0=0x7FFFFFFF q=1",
        "qdsub r0, r1, r2 | r1=0 r2=3 | r0=-6 q=0",
        "qadd r0, r1, r2 | r1=5 r2=-3 | r0=2 q=0",
        // DSP: halfword and dual multiplies.
        "smulbb r0, r1, r2 | r1=0x0000FFFF r2=3 | r0=-3",
        "smultb r0, r1, r2 | r1=0x00020000 r2=3 | r0=6",
        "smlabt r0, r1, r2, r3 | r1=0x4000 r2=0x40000000 r3=0x70000000 | r0=0x80000000 q=1",
        "smlatt r0, r1, r2, r3 | r1=0x00020000 r2=0x00030000 r3=1 | r0=7 q=0",
        "smulwb r0, r1, r2 | r1=0x00010000 r2=2 | r0=2",
        "smulwt r0, r1, r2 | r1=-65536 r2=0x00030000 | r0=-3",
        "smlawt r0, r1, r2, r3 | r1=0x00020000 r2=0x00030000 r3=4 | r0=10",
        "smuad r0, r1, r2 | r1=0x00020003 r2=0x00040005 | r0=23",
        "smuadx r0, r1, r2 | r1=0x00020003 r2=0x00040005 | r0=22",
        "smuad r0, r1, r2 | r1=0x80008000 r2=0x80008000 | r0=0x80000000 q=1",
        "smlad r0, r1, r2, r3 | r1=0x00020003 r2=0x00040005 r3=100 | r0=123",
        "smusd r0, r1, r2 | r1=0x00020003 r2=0x00040005 | r0=7",
        "smlsdx r0, r1, r2, r3 | r1=0x00020003 r2=0x00040005 r3=1 | r0=3",
        "smmul r0, r1, r2 | r1=0x40000000 r2=0x40000000 | r0=0x10000000",
        "smmul r0, r1, r2 | r1=0x80000000 r2=1 | r0=-1",
        "smmulr r0, r1, r2 | r1=0x80000000 r2=1 | r0=0",
        "smmla r0, r1, r2, r3 | r1=0x40000000 r2=0x40000000 r3=5 | r0=0x10000005",
        "smmls r0, r1, r2, r3 | r1=0x40000000 r2=0x40000000 r3=0x10000000 | r0=0",
        "smmlsr r0, r1, r2, r3 | r1=1 r2=1 r3=1 | r0=1",
        "usad8 r0, r1, r2 | r1=0x01020304 r2=0x04030201 | r0=8",
        "usada8 r0, r1, r2, r3 | r1=0x01020304 r2=0x04030201 r3=10 | r0=18",
        "smlalbb r0, r1, r2, r3 | r0=0xFFFFFFFF r1=0 r2=2 r3=3 | r0=5 r1=1",
        "smlaltt r0, r1, r2, r3 | r0=0 r1=0 r2=0xFFFF0000 r3=0x00010000 | r0=-1 r1=-1",
        "smlald r0, r1, r2, r3 | r0=1 r1=0 r2=0x00020003 r3=0x00040005 | r0=24 r1=0",
        "smlaldx r0, r1, r2, r3 | r0=0 r1=0 r2=0x00020003 r3=0x00040005 | r0=22 r1=0",
        "smlsld r0, r1, r2, r3 | r0=0 r1=0 r2=0x00020003 r3=0x00040005 | r0=7 r1=0",
        "smlsldx r0, r1, r2, r3 | r0=0 r1=0 r2=0x00030002 r3=0x00040005 | r0=-7 r1=-1",
        // Loads and stores: imm12, negative imm8, pre/post-indexed, register, literal.
        "ldr.w r0, [r1, #0x404] | r1=0x20000000 m32@0x20000404=0xCAFEBABE | r0=0xCAFEBABE",
        "ldr r0, [r1, #-4] | r1=0x20000008 m32@0x20000004=7 | r0=7 r1=0x20000008",
        "ldr r0, [r1, #4]! | r1=0x20000000 m32@0x20000004=9 | r0=9 r1=0x20000004",
        "ldr r0, [r1], #-4 | r1=0x20000004 m32@0x20000004=9 | r0=9 r1=0x20000000",
        "ldrsh.w r0, [r1, r2, lsl #1] | r1=0x20000000 r2=2 m16@0x20000004=0x8001 | r0=0xFFFF8001",
        "ldrsb r0, [r1, #-1]! | r1=0x20000001 m8@0x20000000=0x80 | r0=-128 r1=0x20000000",
        "ldrb.w r0, [r1, #0xFFF] | r1=0x20000000 m8@0x20000FFF=0xAB | r0=0xAB",
        "ldrh r0, [r1], #2 | r1=0x20000002 m16@0x20000002=0xBEEF | r0=0xBEEF r1=0x20000004",
        "ldr.w r8, [r1, r2, lsl #3] | r1=0x20000000 r2=1 m32@0x20000008=3 | r8=3",
        "strb r0, [r1], #1 | r0=0x1FF r1=0x20000000 | m32@0x20000000=0xFF r1=0x20000001",
        "strh.w r0, [r1, #2] | r0=0x12345678 r1=0x20000000 | m32@0x20000000=0x56780000",
        "str r0, [r1, #-4]! | r0=5 r1=0x20000008 | m32@0x20000004=5 r1=0x20000004",
        "str.w r0, [r1, r2, lsl #2] | r0=6 r1=0x20000000 r2=3 | m32@0x2000000C=6",
        "ldr.w r0, 1f; b 2f; .align 2; 1: .word 0x12345678; 2: | | r0=0x12345678",
        "b 2f; .align 2; 1: .word 0x55; 2: ldr.w r0, 1b | | r0=0x55",
        "ldrsb.w r0, 1f; b 2f; .align 2; 1: .word 0xF0; 2: | | r0=-16",
        "ldrd r0, r1, [r2, #8] | r2=0x20000000 m32@0x20000008=1 m32@0x2000000C=2 | r0=1 r1=2",
        "strd r0, r1, [r2, #-8]! | r0=3 r1=4 r2=0x20000010 | m32@0x20000008=3 m32@0x2000000C=4 r2=0x20000008",
        "ldrd r0, r1, [r2], #8 | r2=0x20000000 m32@0x20000000=5 m32@0x20000004=6 | r0=5 r1=6 r2=0x20000008",
        "ldrd r0, r1, 1f; b 2f; .align 2; 1: .word 7, 8; 2: | | r0=7 r1=8",
        "ldrd r0, r1, [r2] | r0=9 r2=0x20000002 | r0=9 trap=Unaligned",
        "ldmdb r0!, {r1, r2} | r0=0x20000008 m32@0x20000000=1 m32@0x20000004=2 | r1=1 r2=2 r0=0x20000000",
        "stmdb r0!, {r1, r2} | r0=0x20000008 r1=3 r2=4 | m32@0x20000000=3 m32@0x20000004=4 r0=0x20000000",
        "ldm.w r0, {r1, r8} | r0=0x20000000 m32@0x20000000=1 m32@0x20000004=2 | r1=1 r8=2 r0=0x20000000",
        "stm.w r0!, {r1, r9} | r0=0x20000000 r1=7 r9=8 | m32@0x20000004=8 r0=0x20000008",
        "push.w {r4, r8, lr}; movs r4, #0; mov r8, r4; pop.w {r4, r8} | r4=1 r8=2 | r4=1 r8=2",
        "ldm.w r0, {r1, r2} | r0=0x20000001 r1=5 | r1=5 trap=Unaligned",
        "pld [r0, #4] | r0=0x20000000 | r0=0x20000000",
        // Branches: TBB/TBH tables right after the instruction, CBZ/CBNZ.
        "tbb [pc, r0]; .byte 1, 2; movs r1, #1; movs r2, #2 | r0=0 | r1=1 r2=2",
        "tbb [pc, r0]; .byte 1, 2; movs r1, #1; movs r2, #2 | r0=1 | r1=0 r2=2",
        "tbh [pc, r0, lsl #1]; .hword 2, 3; movs r1, #1; movs r2, #2 | r0=1 | r1=0 r2=2",
        "tbh [pc, r0, lsl #1]; .hword 2, 3; movs r1, #1; movs r2, #2 | r0=0 | r1=1 r2=2",
        "cbz r0, 1f; movs r1, #1; 1: movs r2, #2 | r0=0 | r1=0 r2=2",
        "cbz r0, 1f; movs r1, #1; 1: movs r2, #2 | r0=5 | r1=1 r2=2",
        "cbnz r0, 1f; movs r1, #1; 1: movs r2, #2 | r0=5 | r1=0 r2=2",
        "b.w 1f; movs r1, #1; 1: movs r2, #2 | | r1=0 r2=2",
        "cmp r0, #0; bne.w 1f; movs r1, #1; 1: movs r2, #2 | r0=1 | r1=0 r2=2",
        // IT blocks: 16-bit data processing inside does not set flags; CMP does.
        "it eq; addeq r0, r1 | r0=1 r1=0xFFFFFFFF flags=nZcv | r0=0 flags=nZcv",
        "it ne; addne r0, r1 | r0=1 r1=0xFFFFFFFF flags=nZcv | r0=1 flags=nZcv",
        "adds r0, r1 | r0=1 r1=0xFFFFFFFF flags=nzcv | r0=0 flags=nZCv",
        "itete ne; movne r0, #1; moveq r1, #1; movne r2, #1; moveq r3, #1 | flags=nZcv | r0=0 r1=1 r2=0 r3=1",
        "ite eq; addeq.w r0, r1, #0x100; movne r2, #3 | flags=nzcv | r0=0 r2=3",
        "itt eq; cmpeq r0, r1; moveq r2, #1 | r0=1 r1=2 flags=nZcv | r2=0 flags=Nzcv",
        "ittt cs; lslcs r0, r1, #1; mulcs r2, r3; negcs r4, r3 | r1=0x80000000 r2=2 r3=3 flags=nzCv | r0=0 r2=6 r4=-3 flags=nzCv",
        "it gt; movgt r0, #7; adds r1, r1, #0 | r1=0 flags=nzcv | r0=7 flags=nZcv",
        // Branches as the last instruction of an IT block take its condition (B T2, B.W T4).
        "it ne; bne 1f; movs r1, #1; 1: movs r2, #2 | flags=nzcv | r1=0 r2=2",
        "it ne; bne 1f; movs r1, #1; 1: movs r2, #2 | flags=nZcv | r1=1 r2=2",
        "itt eq; moveq r0, #1; beq.w 1f; movs r1, #1; 1: movs r2, #2 | flags=nZcv | r0=1 r1=0 r2=2",
        "itt eq; moveq r0, #1; beq.w 1f; movs r1, #1; 1: movs r2, #2 | flags=nzcv | r0=0 r1=1 r2=2",
        // Exclusives: a local monitor.
        "ldrex r0, [r1]; strex r2, r3, [r1] | r1=0x20000000 r3=9 m32@0x20000000=4 | r0=4 r2=0 m32@0x20000000=9",
        "ldrex r0, [r1]; clrex; strex r2, r3, [r1] | r1=0x20000000 r3=9 m32@0x20000000=4 | r2=1 m32@0x20000000=4",
        "strex r2, r3, [r1] | r1=0x20000000 r3=9 | r2=1 m32@0x20000000=0",
        "ldrex r0, [r1]; strex r2, r3, [r1, #4] | r1=0x20000000 r3=9 | r2=1 m32@0x20000004=0",
        "ldrexb r0, [r1]; strexb r2, r3, [r1] | r1=0x20000001 r3=0x1FF m8@0x20000001=3 | r0=3 r2=0 m32@0x20000000=0xFF00",
        "ldrexh r0, [r1]; strexh r2, r3, [r1] | r1=0x20000002 r3=0xABCD | r2=0 m32@0x20000000=0xABCD0000",
        "ldrex r0, [r1] | r1=0x20000002 | trap=Unaligned",
        "ldrex r0, [r1, #8]; strex r2, r3, [r1, #8] | r1=0x20000000 r3=1 | r2=0 m32@0x20000008=1",
        // Special registers.
        "msr APSR_nzcvq, r0; msr APSR_g, r1; mrs r2, APSR | r0=0xF8000000 r1=0x000A0000 | r2=0xF80A0000 q=1 ge=10 flags=NZCV",
        "cpsid f; mrs r0, FAULTMASK; cpsie f; mrs r1, FAULTMASK | | r0=1 r1=0",
        // Undefined and coprocessor space.
        "udf.w #1234 | | trap=Undefined",
        ".short 0xEE30, 0x0A81 | | trap=NoCoprocessor",
        "nop.w; yield.w; sev.w; dmb; dsb; isb; clrex | r0=3 | r0=3",
      })
  void instructionMatchesTheArchitecture(String asm, String setup, String expect) {
    CoreHarness h = run(ThumbProfile.ARMV7EM, asm, setup);
    check(h, expect);
  }

  static CoreHarness run(ThumbProfile profile, String asm, String setup) {
    int[] code = Gas.assemble("cortex-m4", asm);
    CoreHarness h = new CoreHarness(profile).program(code);
    apply(h, setup == null ? "" : setup);
    return h.runToEnd();
  }

  static void apply(CoreHarness h, String setup) {
    for (String token : setup.trim().split("\\s+")) {
      if (token.isEmpty()) {
        continue;
      }
      String[] kv = token.split("=", 2);
      String key = kv[0];
      String value = kv[1];
      if (key.startsWith("r")) {
        h.set(Integer.parseInt(key.substring(1)), number(value));
      } else if (key.equals("flags")) {
        h.flags(
            value.charAt(0) == 'N',
            value.charAt(1) == 'Z',
            value.charAt(2) == 'C',
            value.charAt(3) == 'V');
      } else if (key.equals("ge") || key.equals("q")) {
        int xpsr = h.core.xpsr();
        xpsr =
            key.equals("ge")
                ? (xpsr & ~0x000F0000) | number(value) << 16
                : (xpsr & ~(1 << 27)) | number(value) << 27;
        h.core.setXpsr(xpsr);
      } else if (key.startsWith("m")) {
        int address = number(key.substring(key.indexOf('@') + 1));
        switch (key.substring(0, key.indexOf('@'))) {
          case "m32" -> h.data.store32(address, number(value));
          case "m16" -> h.data.store16(address, number(value));
          default -> h.data.store8(address, number(value));
        }
      } else {
        throw new IllegalArgumentException("setup token " + token);
      }
    }
  }

  static void check(CoreHarness h, String expect) {
    boolean trapExpected = expect.contains("trap=");
    if (!trapExpected) {
      assertThat(h.traps).as("traps").isEmpty();
    }
    for (String token : expect.trim().split("\\s+")) {
      if (token.isEmpty()) {
        continue;
      }
      String[] kv = token.split("=", 2);
      String key = kv[0];
      String value = kv[1];
      if (key.startsWith("r")) {
        assertThat(h.reg(Integer.parseInt(key.substring(1)))).as(key).isEqualTo(number(value));
      } else if (key.equals("flags")) {
        assertThat(h.flags()).as("flags").isEqualTo(value);
      } else if (key.equals("q")) {
        assertThat(h.core.flagQ()).as("Q").isEqualTo(value.equals("1"));
      } else if (key.equals("ge")) {
        assertThat(h.core.ge()).as("GE").isEqualTo(number(value));
      } else if (key.equals("trap")) {
        assertThat(h.traps).as("traps").hasSize(1);
        assertThat(h.traps.get(0).getClass().getSimpleName()).isEqualTo(value);
      } else if (key.startsWith("m")) {
        int address = number(key.substring(key.indexOf('@') + 1));
        assertThat(h.data.load32(address & ~3)).as(key).isEqualTo(number(value));
      } else {
        throw new IllegalArgumentException("expect token " + token);
      }
    }
  }

  static int number(String text) {
    String t = text.trim();
    boolean negative = t.startsWith("-");
    if (negative) {
      t = t.substring(1);
    }
    long value = t.startsWith("0x") ? Long.parseLong(t.substring(2), 16) : Long.parseLong(t);
    return (int) (negative ? -value : value);
  }
}

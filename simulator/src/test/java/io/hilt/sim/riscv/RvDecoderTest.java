package io.hilt.sim.riscv;

import static org.assertj.core.api.Assertions.assertThat;

import io.hilt.probe.testsupport.Tools;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every RV32C form (and the base formats' immediates at their extremes) assembled by gas and
 * decoded: the operation, registers, immediate and length each must come out as the expansion the
 * ISA manual gives. Reserved RVC code points decode as illegal with their 16 bits.
 */
class RvDecoderTest {
  @TempDir Path work;

  record Case(String asm, RvOp op, int rd, int rs1, int rs2, int imm, int length) {}

  private static Case c(String asm, RvOp op, int rd, int rs1, int rs2, int imm) {
    return new Case(asm, op, rd, rs1, rs2, imm, 2);
  }

  private static Case w(String asm, RvOp op, int rd, int rs1, int rs2, int imm) {
    return new Case(asm, op, rd, rs1, rs2, imm, 4);
  }

  private static final List<Case> CASES =
      List.of(
          c("c.addi4spn a0, sp, 1020", RvOp.ADDI, 10, 2, 0, 1020),
          c("c.addi4spn s1, sp, 4", RvOp.ADDI, 9, 2, 0, 4),
          c("c.lw a1, 124(a2)", RvOp.LW, 11, 12, 0, 124),
          c("c.lw s0, 0(a5)", RvOp.LW, 8, 15, 0, 0),
          c("c.sw a3, 64(a4)", RvOp.SW, 0, 14, 13, 64),
          c("c.sw s1, 124(s0)", RvOp.SW, 0, 8, 9, 124),
          c("c.nop", RvOp.ADDI, 0, 0, 0, 0),
          c("c.addi s0, -32", RvOp.ADDI, 8, 8, 0, -32),
          c("c.addi t6, 31", RvOp.ADDI, 31, 31, 0, 31),
          c("c.jal .-2048", RvOp.JAL, 1, 0, 0, -2048),
          c("c.jal .+2046", RvOp.JAL, 1, 0, 0, 2046),
          c("c.li a5, -32", RvOp.ADDI, 15, 0, 0, -32),
          c("c.li ra, 31", RvOp.ADDI, 1, 0, 0, 31),
          c("c.addi16sp sp, 496", RvOp.ADDI, 2, 2, 0, 496),
          c("c.addi16sp sp, -512", RvOp.ADDI, 2, 2, 0, -512),
          c("c.lui a4, 0xfffe0", RvOp.LUI, 14, 0, 0, 0xFFFE_0000),
          c("c.lui t0, 31", RvOp.LUI, 5, 0, 0, 31 << 12),
          c("c.srli s1, 31", RvOp.SRLI, 9, 9, 0, 31),
          c("c.srai a0, 1", RvOp.SRAI, 10, 10, 0, 1),
          c("c.andi a2, -1", RvOp.ANDI, 12, 12, 0, -1),
          c("c.andi a5, 31", RvOp.ANDI, 15, 15, 0, 31),
          c("c.sub s0, s1", RvOp.SUB, 8, 8, 9, 0),
          c("c.xor a0, a5", RvOp.XOR, 10, 10, 15, 0),
          c("c.or a1, a2", RvOp.OR, 11, 11, 12, 0),
          c("c.and a3, a4", RvOp.AND, 13, 13, 14, 0),
          c("c.j .+2046", RvOp.JAL, 0, 0, 0, 2046),
          c("c.j .-2", RvOp.JAL, 0, 0, 0, -2),
          c("c.beqz a0, .-256", RvOp.BEQ, 0, 10, 0, -256),
          c("c.bnez a5, .+254", RvOp.BNE, 0, 15, 0, 254),
          c("c.slli t0, 31", RvOp.SLLI, 5, 5, 0, 31),
          c("c.lwsp ra, 252(sp)", RvOp.LW, 1, 2, 0, 252),
          c("c.jr ra", RvOp.JALR, 0, 1, 0, 0),
          c("c.mv a0, a1", RvOp.ADD, 10, 0, 11, 0),
          c("c.ebreak", RvOp.EBREAK, 0, 0, 0, 0),
          c("c.jalr t1", RvOp.JALR, 1, 6, 0, 0),
          c("c.add a0, a1", RvOp.ADD, 10, 10, 11, 0),
          c("c.swsp s11, 252(sp)", RvOp.SW, 0, 2, 27, 252),
          // Reserved and unimplemented RVC code points.
          c(".half 0x0000", RvOp.ILLEGAL, 0, 0, 0, 0x0000),
          c(".half 0x0004", RvOp.ILLEGAL, 0, 0, 0, 0x0004), // c.addi4spn, nzuimm = 0
          c(".half 0x4002", RvOp.ILLEGAL, 0, 0, 0, 0x4002), // c.lwsp x0
          c(".half 0x8002", RvOp.ILLEGAL, 0, 0, 0, 0x8002), // c.jr x0
          c(".half 0x6081", RvOp.ILLEGAL, 0, 0, 0, 0x6081), // c.lui, nzimm = 0
          c(".half 0x6101", RvOp.ILLEGAL, 0, 0, 0, 0x6101), // c.addi16sp, nzimm = 0
          c(".half 0x1082", RvOp.ILLEGAL, 0, 0, 0, 0x1082), // c.slli, shamt[5] = 1
          c(".half 0x9001", RvOp.ILLEGAL, 0, 0, 0, 0x9001), // c.srli, shamt[5] = 1
          c(".half 0x9c01", RvOp.ILLEGAL, 0, 0, 0, 0x9c01), // c.subw (RV64)
          c(".half 0x6000", RvOp.ILLEGAL, 0, 0, 0, 0x6000), // c.flw
          c(".half 0xa002", RvOp.ILLEGAL, 0, 0, 0, 0xa002), // c.fsdsp
          // Base formats at their extremes.
          w("beq a0, a1, .-4096", RvOp.BEQ, 0, 10, 11, -4096),
          w("bgeu t0, t1, .+4094", RvOp.BGEU, 0, 5, 6, 4094),
          w("jal ra, .+1048574", RvOp.JAL, 1, 0, 0, 1048574),
          w("jal zero, .-1048576", RvOp.JAL, 0, 0, 0, -1048576),
          w("sw a1, -2048(a2)", RvOp.SW, 0, 12, 11, -2048),
          w("sh t2, 2047(s3)", RvOp.SH, 0, 19, 7, 2047),
          w("lw a0, -1(sp)", RvOp.LW, 10, 2, 0, -1),
          w("lui a0, 0xfffff", RvOp.LUI, 10, 0, 0, 0xFFFF_F000),
          w("auipc t6, 0x80000", RvOp.AUIPC, 31, 0, 0, 0x8000_0000),
          w("srai a0, a1, 31", RvOp.SRAI, 10, 11, 0, 31),
          w("slli s0, s1, 0", RvOp.SLLI, 8, 9, 0, 0),
          w("sltiu a0, a1, -1", RvOp.SLTIU, 10, 11, 0, -1),
          w("csrrwi a0, mscratch, 31", RvOp.CSRRWI, 10, 31, 0, 0x340),
          w("csrrc t0, pmpaddr15, t1", RvOp.CSRRC, 5, 6, 0, 0x3BF),
          w("amoadd.w.aqrl a0, a1, (a2)", RvOp.AMOADD_W, 10, 12, 11, 0),
          w("amomaxu.w a0, a1, (a2)", RvOp.AMOMAXU_W, 10, 12, 11, 0),
          w("lr.w.aq a0, (a2)", RvOp.LR_W, 10, 12, 0, 0),
          w("sc.w.rl a0, a1, (a2)", RvOp.SC_W, 10, 12, 11, 0),
          w("mulhsu a0, a1, a2", RvOp.MULHSU, 10, 11, 12, 0),
          w("remu a0, a1, a2", RvOp.REMU, 10, 11, 12, 0),
          w("fence rw, rw", RvOp.FENCE, 0, 0, 0, 0),
          w("fence.i", RvOp.FENCE_I, 0, 0, 0, 0),
          w("wfi", RvOp.WFI, 0, 0, 0, 0),
          w("mret", RvOp.MRET, 0, 0, 0, 0),
          w("ecall", RvOp.ECALL, 0, 0, 0, 0),
          w("ebreak", RvOp.EBREAK, 0, 0, 0, 0),
          w(".word 0x40001013", RvOp.ILLEGAL, 0, 0, 0, 0x40001013), // slli with imm[10] set
          w(".word 0x02001013", RvOp.ILLEGAL, 0, 0, 0, 0x02001013), // slli shamt[5] = 1 (RV64)
          w(".word 0x10200073", RvOp.ILLEGAL, 0, 0, 0, 0x10200073), // sret
          w(".word 0x0000107f", RvOp.ILLEGAL, 0, 0, 0, 0x0000107f), // 64-bit encoding space
          w(".word 0x1010202f", RvOp.ILLEGAL, 0, 0, 0, 0x1010202f), // lr.w with rs2 != 0
          w(".word 0xffffffff", RvOp.ILLEGAL, 0, 0, 0, 0xffffffff));

  @Test
  void gasEncodingsDecodeToTheirExpansion() throws Exception {
    Path as = Tools.require("riscv64-unknown-elf-as", "binutils-riscv64-unknown-elf");
    Path objcopy = Tools.require("riscv64-unknown-elf-objcopy", "binutils-riscv64-unknown-elf");
    StringBuilder source = new StringBuilder(".text\n.option norelax\n");
    for (Case c : CASES) {
      source.append(c.length() == 2 ? ".option rvc\n" : ".option norvc\n");
      source.append(c.asm()).append('\n');
    }
    Files.writeString(work.resolve("t.S"), source);
    run(as.toString(), "-march=rv32imac_zicsr_zifencei", "-o", "t.o", "t.S");
    run(objcopy.toString(), "-O", "binary", "-j", ".text", "t.o", "t.bin");
    ByteBuffer code = ByteBuffer.wrap(Files.readAllBytes(work.resolve("t.bin")));
    code.order(ByteOrder.LITTLE_ENDIAN);
    int offset = 0;
    for (Case c : CASES) {
      int lo = code.getShort(offset) & 0xFFFF;
      int hi = offset + 2 < code.limit() ? code.getShort(offset + 2) & 0xFFFF : 0;
      long d = RvDecoder.decode(lo, hi);
      String what = String.format("%s (%04x %04x)", c.asm(), lo, hi);
      assertThat(RvDecoder.opOf(d)).as(what).isEqualTo(c.op());
      assertThat(RvDecoder.lengthOf(d)).as(what + " length").isEqualTo(c.length());
      assertThat(RvDecoder.immOf(d)).as(what + " imm").isEqualTo(c.imm());
      if (c.op() != RvOp.ILLEGAL) {
        assertThat(RvDecoder.rdOf(d)).as(what + " rd").isEqualTo(c.rd());
        assertThat(RvDecoder.rs1Of(d)).as(what + " rs1").isEqualTo(c.rs1());
        assertThat(RvDecoder.rs2Of(d)).as(what + " rs2").isEqualTo(c.rs2());
      }
      offset += c.length();
    }
    assertThat(offset).isEqualTo(code.limit());
  }

  @Test
  void packedInstructionsAreNeverZero() {
    assertThat(RvDecoder.pack(RvOp.LUI, 0, 0, 0, 0, false)).isNotZero();
    assertThat(RvDecoder.decode16(0)).isNotZero();
  }

  @Test
  void executeSwitchNumbersMatchTheOperations() {
    // RiscvCore switches on ordinal + 1 with literal case labels; these pin the ones it uses.
    assertThat(RvOp.LUI.ordinal() + 1).isEqualTo(1);
    assertThat(RvOp.LB.ordinal() + 1).isEqualTo(11);
    assertThat(RvOp.SW.ordinal() + 1).isEqualTo(18);
    assertThat(RvOp.ADDI.ordinal() + 1).isEqualTo(19);
    assertThat(RvOp.SRAI.ordinal() + 1).isEqualTo(27);
    assertThat(RvOp.ADD.ordinal() + 1).isEqualTo(28);
    assertThat(RvOp.AND.ordinal() + 1).isEqualTo(37);
    assertThat(RvOp.FENCE_I.ordinal() + 1).isEqualTo(39);
    assertThat(RvOp.MUL.ordinal() + 1).isEqualTo(50);
    assertThat(RvOp.REMU.ordinal() + 1).isEqualTo(57);
  }

  private void run(String... command) throws Exception {
    Process p =
        new ProcessBuilder(command)
            .directory(work.toFile())
            .redirectErrorStream(true)
            .redirectOutput(work.resolve("tool.log").toFile())
            .start();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(Files.readString(work.resolve("tool.log"))).isZero();
  }
}

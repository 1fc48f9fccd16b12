package io.hilt.sim.riscv;

import static io.hilt.sim.riscv.RvFields.*;

import java.util.List;
import java.util.function.IntToLongFunction;

/**
 * Table-driven decoder for RV32IMAC + Zicsr + Zifencei. A decoded instruction is one {@code long}
 * (see {@link #pack}): operation, register numbers, immediate and whether it was compressed. RVC
 * encodings decode to the base operation they expand to. Encodings no table entry claims, and the
 * reserved RVC code points, decode to {@link RvOp#ILLEGAL} with the instruction bits as immediate
 * (what mtval reports).
 */
public final class RvDecoder {
  private RvDecoder() {}

  /** Bit set in a packed instruction that came from a 16-bit encoding. */
  public static final long COMPRESSED = 1L << 23;

  /** Packs a decoded instruction; never zero (zero marks an empty decode-cache slot). */
  public static long pack(RvOp op, int rd, int rs1, int rs2, int imm, boolean compressed) {
    return (long) imm << 32
        | (compressed ? COMPRESSED : 0)
        | (long) rs2 << 18
        | (long) rs1 << 13
        | (long) rd << 8
        | (op.ordinal() + 1);
  }

  public static RvOp opOf(long d) {
    return RvOp.of(((int) d & 0xFF) - 1);
  }

  public static int rdOf(long d) {
    return (int) (d >>> 8) & 31;
  }

  public static int rs1Of(long d) {
    return (int) (d >>> 13) & 31;
  }

  public static int rs2Of(long d) {
    return (int) (d >>> 18) & 31;
  }

  public static int immOf(long d) {
    return (int) (d >>> 32);
  }

  /** 2 or 4. */
  public static int lengthOf(long d) {
    return (d & COMPRESSED) != 0 ? 2 : 4;
  }

  /** True when the low two bits say the instruction is 32 bits long. */
  public static boolean isWide(int firstHalfword) {
    return (firstHalfword & 3) == 3;
  }

  private enum Format {
    R,
    I,
    S,
    B,
    U,
    J,
    SHIFT,
    CSR,
    NONE,
  }

  private record Entry(int mask, int match, RvOp op, Format format) {}

  private static final int OPCODE_FUNCT3 = 0x0000_707F;
  private static final int R_TYPE = 0xFE00_707F;
  private static final int AMO = 0xF800_707F;
  private static final int EXACT = 0xFFFF_FFFF;

  /** Base encodings. No two overlap, so order does not matter. */
  private static final List<Entry> BASE =
      List.of(
          new Entry(0x7F, 0x37, RvOp.LUI, Format.U),
          new Entry(0x7F, 0x17, RvOp.AUIPC, Format.U),
          new Entry(0x7F, 0x6F, RvOp.JAL, Format.J),
          new Entry(OPCODE_FUNCT3, 0x0067, RvOp.JALR, Format.I),
          new Entry(OPCODE_FUNCT3, 0x0063, RvOp.BEQ, Format.B),
          new Entry(OPCODE_FUNCT3, 0x1063, RvOp.BNE, Format.B),
          new Entry(OPCODE_FUNCT3, 0x4063, RvOp.BLT, Format.B),
          new Entry(OPCODE_FUNCT3, 0x5063, RvOp.BGE, Format.B),
          new Entry(OPCODE_FUNCT3, 0x6063, RvOp.BLTU, Format.B),
          new Entry(OPCODE_FUNCT3, 0x7063, RvOp.BGEU, Format.B),
          new Entry(OPCODE_FUNCT3, 0x0003, RvOp.LB, Format.I),
          new Entry(OPCODE_FUNCT3, 0x1003, RvOp.LH, Format.I),
          new Entry(OPCODE_FUNCT3, 0x2003, RvOp.LW, Format.I),
          new Entry(OPCODE_FUNCT3, 0x4003, RvOp.LBU, Format.I),
          new Entry(OPCODE_FUNCT3, 0x5003, RvOp.LHU, Format.I),
          new Entry(OPCODE_FUNCT3, 0x0023, RvOp.SB, Format.S),
          new Entry(OPCODE_FUNCT3, 0x1023, RvOp.SH, Format.S),
          new Entry(OPCODE_FUNCT3, 0x2023, RvOp.SW, Format.S),
          new Entry(OPCODE_FUNCT3, 0x0013, RvOp.ADDI, Format.I),
          new Entry(OPCODE_FUNCT3, 0x2013, RvOp.SLTI, Format.I),
          new Entry(OPCODE_FUNCT3, 0x3013, RvOp.SLTIU, Format.I),
          new Entry(OPCODE_FUNCT3, 0x4013, RvOp.XORI, Format.I),
          new Entry(OPCODE_FUNCT3, 0x6013, RvOp.ORI, Format.I),
          new Entry(OPCODE_FUNCT3, 0x7013, RvOp.ANDI, Format.I),
          // RV32 shifts: imm[11:5] is part of the encoding, shamt[5] = 1 is illegal.
          new Entry(R_TYPE, 0x0000_1013, RvOp.SLLI, Format.SHIFT),
          new Entry(R_TYPE, 0x0000_5013, RvOp.SRLI, Format.SHIFT),
          new Entry(R_TYPE, 0x4000_5013, RvOp.SRAI, Format.SHIFT),
          new Entry(R_TYPE, 0x0000_0033, RvOp.ADD, Format.R),
          new Entry(R_TYPE, 0x4000_0033, RvOp.SUB, Format.R),
          new Entry(R_TYPE, 0x0000_1033, RvOp.SLL, Format.R),
          new Entry(R_TYPE, 0x0000_2033, RvOp.SLT, Format.R),
          new Entry(R_TYPE, 0x0000_3033, RvOp.SLTU, Format.R),
          new Entry(R_TYPE, 0x0000_4033, RvOp.XOR, Format.R),
          new Entry(R_TYPE, 0x0000_5033, RvOp.SRL, Format.R),
          new Entry(R_TYPE, 0x4000_5033, RvOp.SRA, Format.R),
          new Entry(R_TYPE, 0x0000_6033, RvOp.OR, Format.R),
          new Entry(R_TYPE, 0x0000_7033, RvOp.AND, Format.R),
          new Entry(R_TYPE, 0x0200_0033, RvOp.MUL, Format.R),
          new Entry(R_TYPE, 0x0200_1033, RvOp.MULH, Format.R),
          new Entry(R_TYPE, 0x0200_2033, RvOp.MULHSU, Format.R),
          new Entry(R_TYPE, 0x0200_3033, RvOp.MULHU, Format.R),
          new Entry(R_TYPE, 0x0200_4033, RvOp.DIV, Format.R),
          new Entry(R_TYPE, 0x0200_5033, RvOp.DIVU, Format.R),
          new Entry(R_TYPE, 0x0200_6033, RvOp.REM, Format.R),
          new Entry(R_TYPE, 0x0200_7033, RvOp.REMU, Format.R),
          // FENCE and FENCE.I ignore their other fields, as QEMU does.
          new Entry(OPCODE_FUNCT3, 0x000F, RvOp.FENCE, Format.NONE),
          new Entry(OPCODE_FUNCT3, 0x100F, RvOp.FENCE_I, Format.NONE),
          new Entry(EXACT, 0x0000_0073, RvOp.ECALL, Format.NONE),
          new Entry(EXACT, 0x0010_0073, RvOp.EBREAK, Format.NONE),
          new Entry(EXACT, 0x3020_0073, RvOp.MRET, Format.NONE),
          new Entry(EXACT, 0x1050_0073, RvOp.WFI, Format.NONE),
          new Entry(OPCODE_FUNCT3, 0x1073, RvOp.CSRRW, Format.CSR),
          new Entry(OPCODE_FUNCT3, 0x2073, RvOp.CSRRS, Format.CSR),
          new Entry(OPCODE_FUNCT3, 0x3073, RvOp.CSRRC, Format.CSR),
          new Entry(OPCODE_FUNCT3, 0x5073, RvOp.CSRRWI, Format.CSR),
          new Entry(OPCODE_FUNCT3, 0x6073, RvOp.CSRRSI, Format.CSR),
          new Entry(OPCODE_FUNCT3, 0x7073, RvOp.CSRRCI, Format.CSR),
          // A: aq/rl (bits 26:25) are ignored on a single hart; LR.W requires rs2 = 0.
          new Entry(0xF9F0_707F, 0x1000_202F, RvOp.LR_W, Format.R),
          new Entry(AMO, 0x1800_202F, RvOp.SC_W, Format.R),
          new Entry(AMO, 0x0800_202F, RvOp.AMOSWAP_W, Format.R),
          new Entry(AMO, 0x0000_202F, RvOp.AMOADD_W, Format.R),
          new Entry(AMO, 0x2000_202F, RvOp.AMOXOR_W, Format.R),
          new Entry(AMO, 0x6000_202F, RvOp.AMOAND_W, Format.R),
          new Entry(AMO, 0x4000_202F, RvOp.AMOOR_W, Format.R),
          new Entry(AMO, 0x8000_202F, RvOp.AMOMIN_W, Format.R),
          new Entry(AMO, 0xA000_202F, RvOp.AMOMAX_W, Format.R),
          new Entry(AMO, 0xC000_202F, RvOp.AMOMINU_W, Format.R),
          new Entry(AMO, 0xE000_202F, RvOp.AMOMAXU_W, Format.R));

  /** Entries by the 7-bit major opcode, for a short scan. */
  private static final Entry[][] BY_OPCODE = new Entry[128][];

  static {
    for (int opcode = 0; opcode < 128; opcode++) {
      final int o = opcode;
      BY_OPCODE[opcode] = BASE.stream().filter(e -> (e.match() & 0x7F) == o).toArray(Entry[]::new);
    }
  }

  /** Decodes a 32-bit instruction (low two bits 11). */
  public static long decode32(int insn) {
    for (Entry e : BY_OPCODE[insn & 0x7F]) {
      if ((insn & e.mask()) == e.match()) {
        return fields(e, insn);
      }
    }
    return illegal(insn, false);
  }

  private static long fields(Entry e, int insn) {
    return switch (e.format()) {
      case R -> pack(e.op(), rd(insn), rs1(insn), rs2(insn), 0, false);
      case I -> pack(e.op(), rd(insn), rs1(insn), 0, immI(insn), false);
      case S -> pack(e.op(), 0, rs1(insn), rs2(insn), immS(insn), false);
      case B -> pack(e.op(), 0, rs1(insn), rs2(insn), immB(insn), false);
      case U -> pack(e.op(), rd(insn), 0, 0, immU(insn), false);
      case J -> pack(e.op(), rd(insn), 0, 0, immJ(insn), false);
      case SHIFT -> pack(e.op(), rd(insn), rs1(insn), 0, shamt(insn), false);
      case CSR -> pack(e.op(), rd(insn), rs1(insn), 0, csr(insn), false);
      case NONE -> pack(e.op(), 0, 0, 0, 0, false);
    };
  }

  /** The instruction as an illegal one: mtval gets its bits (16 of them when compressed). */
  public static long illegal(int insn, boolean compressed) {
    return pack(RvOp.ILLEGAL, 0, 0, 0, compressed ? insn & 0xFFFF : insn, compressed);
  }

  private record CEntry(int mask, int match, IntToLongFunction decode) {}

  private static long c(RvOp op, int rd, int rs1, int rs2, int imm) {
    return pack(op, rd, rs1, rs2, imm, true);
  }

  private static final int QUADRANT_FUNCT3 = 0xE003;

  /**
   * RVC encodings of RV32C without F/D, by quadrant (bits 1:0) and funct3 (bits 15:13); each
   * decoder sorts out its own reserved code points. F/D loads and stores have no entry.
   */
  private static final List<CEntry> COMPRESSED_TABLE =
      List.of(
          // Quadrant 0. C.ADDI4SPN with nzuimm = 0 (including the all-zero halfword) is reserved.
          new CEntry(
              QUADRANT_FUNCT3,
              0x0000,
              h ->
                  cAddi4spnImm(h) == 0
                      ? illegal(h, true)
                      : c(RvOp.ADDI, cRdPrime(h), 2, 0, cAddi4spnImm(h))),
          new CEntry(
              QUADRANT_FUNCT3, 0x4000, h -> c(RvOp.LW, cRdPrime(h), cRs1Prime(h), 0, cLwImm(h))),
          new CEntry(
              QUADRANT_FUNCT3, 0xC000, h -> c(RvOp.SW, 0, cRs1Prime(h), cRdPrime(h), cLwImm(h))),
          // Quadrant 1. C.NOP and C.ADDI with rd = 0 are hints: ADDI x0 does nothing.
          new CEntry(QUADRANT_FUNCT3, 0x0001, h -> c(RvOp.ADDI, cRd(h), cRd(h), 0, cImm6(h))),
          new CEntry(QUADRANT_FUNCT3, 0x2001, h -> c(RvOp.JAL, 1, 0, 0, cJImm(h))),
          new CEntry(QUADRANT_FUNCT3, 0x4001, h -> c(RvOp.ADDI, cRd(h), 0, 0, cImm6(h))),
          new CEntry(QUADRANT_FUNCT3, 0x6001, RvDecoder::luiOrAddi16sp),
          new CEntry(QUADRANT_FUNCT3, 0x8001, RvDecoder::miscAlu),
          new CEntry(QUADRANT_FUNCT3, 0xA001, h -> c(RvOp.JAL, 0, 0, 0, cJImm(h))),
          new CEntry(QUADRANT_FUNCT3, 0xC001, h -> c(RvOp.BEQ, 0, cRs1Prime(h), 0, cBImm(h))),
          new CEntry(QUADRANT_FUNCT3, 0xE001, h -> c(RvOp.BNE, 0, cRs1Prime(h), 0, cBImm(h))),
          // Quadrant 2. RV32C: shamt[5] = 1 is reserved.
          new CEntry(
              QUADRANT_FUNCT3,
              0x0002,
              h -> cShamt(h) > 31 ? illegal(h, true) : c(RvOp.SLLI, cRd(h), cRd(h), 0, cShamt(h))),
          new CEntry(
              QUADRANT_FUNCT3,
              0x4002,
              h -> cRd(h) == 0 ? illegal(h, true) : c(RvOp.LW, cRd(h), 2, 0, cLwspImm(h))),
          new CEntry(QUADRANT_FUNCT3, 0x8002, RvDecoder::jumpMoveAdd),
          new CEntry(QUADRANT_FUNCT3, 0xC002, h -> c(RvOp.SW, 0, 2, cRs2(h), cSwspImm(h))));

  private static final IntToLongFunction[] BY_QUADRANT_FUNCT3 = new IntToLongFunction[32];

  static {
    for (CEntry e : COMPRESSED_TABLE) {
      BY_QUADRANT_FUNCT3[index(e.match())] = e.decode();
    }
  }

  private static int index(int h) {
    return (h >>> 13 & 7) << 2 | (h & 3);
  }

  /** Decodes a 16-bit instruction (low two bits not 11). */
  public static long decode16(int h) {
    h &= 0xFFFF;
    IntToLongFunction d = BY_QUADRANT_FUNCT3[index(h)];
    return d == null ? illegal(h, true) : d.applyAsLong(h);
  }

  /** Decodes the instruction whose first halfword is {@code lo} (and second {@code hi}). */
  public static long decode(int lo, int hi) {
    return isWide(lo) ? decode32((lo & 0xFFFF) | hi << 16) : decode16(lo);
  }

  /** C.ADDI16SP (rd = 2) or C.LUI; a zero immediate is reserved for both. */
  private static long luiOrAddi16sp(int h) {
    int rd = cRd(h);
    if (rd == 2) {
      int imm = cAddi16spImm(h);
      return imm == 0 ? illegal(h, true) : c(RvOp.ADDI, 2, 2, 0, imm);
    }
    int imm = cLuiImm(h);
    return imm == 0 ? illegal(h, true) : c(RvOp.LUI, rd, 0, 0, imm);
  }

  /** C.SRLI, C.SRAI, C.ANDI, C.SUB/XOR/OR/AND; the RV64 forms (bit 12 set) are reserved. */
  private static long miscAlu(int h) {
    int rd = cRs1Prime(h);
    return switch (h >>> 10 & 3) {
      case 0 -> cShamt(h) > 31 ? illegal(h, true) : c(RvOp.SRLI, rd, rd, 0, cShamt(h));
      case 1 -> cShamt(h) > 31 ? illegal(h, true) : c(RvOp.SRAI, rd, rd, 0, cShamt(h));
      case 2 -> c(RvOp.ANDI, rd, rd, 0, cImm6(h));
      default -> {
        if ((h & 0x1000) != 0) {
          yield illegal(h, true);
        }
        RvOp op =
            switch (h >>> 5 & 3) {
              case 0 -> RvOp.SUB;
              case 1 -> RvOp.XOR;
              case 2 -> RvOp.OR;
              default -> RvOp.AND;
            };
        yield c(op, rd, rd, cRdPrime(h), 0);
      }
    };
  }

  /** C.JR, C.MV, C.EBREAK, C.JALR, C.ADD; C.JR with rs1 = 0 is reserved. */
  private static long jumpMoveAdd(int h) {
    int rd = cRd(h);
    int rs2 = cRs2(h);
    if ((h & 0x1000) == 0) {
      if (rs2 == 0) {
        return rd == 0 ? illegal(h, true) : c(RvOp.JALR, 0, rd, 0, 0);
      }
      return c(RvOp.ADD, rd, 0, rs2, 0);
    }
    if (rs2 == 0) {
      return rd == 0 ? c(RvOp.EBREAK, 0, 0, 0, 0) : c(RvOp.JALR, 1, rd, 0, 0);
    }
    return c(RvOp.ADD, rd, rd, rs2, 0);
  }
}

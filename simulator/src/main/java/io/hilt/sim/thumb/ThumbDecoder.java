package io.hilt.sim.thumb;

import static io.hilt.sim.thumb.ThumbOps.*;

import java.util.List;

/**
 * ARMv6-M decoding tables in the manner of QEMU's decodetree: each row is mask, pattern and op, the
 * first matching row wins, rows that overlap sit in the order noted, and a catch-all row makes
 * everything else UNDEFINED. Decoding happens once per halfword (the core caches the result).
 */
public final class ThumbDecoder {
  /** One row: an encoding matches when {@code (bits & mask) == pattern}. */
  public record Row(int mask, int pattern, int op, String mnemonic) {
    public Row {
      if ((pattern & ~mask) != 0) {
        throw new IllegalArgumentException(mnemonic + ": pattern has bits outside its mask");
      }
    }

    boolean matches(int bits) {
      return (bits & mask) == pattern;
    }
  }

  /** 16-bit encodings. */
  public static final List<Row> T16 =
      List.of(
          // Shift (immediate), add, subtract, move, compare. MOVS Rd,Rm is LSLS #0, so it comes
          // first: it leaves C alone where a real shift sets it.
          new Row(0xFFC0, 0x0000, MOVS_REG, "MOVS Rd, Rm"),
          new Row(0xF800, 0x0000, LSLS_IMM, "LSLS Rd, Rm, #imm5"),
          new Row(0xF800, 0x0800, LSRS_IMM, "LSRS Rd, Rm, #imm5"),
          new Row(0xF800, 0x1000, ASRS_IMM, "ASRS Rd, Rm, #imm5"),
          new Row(0xFE00, 0x1800, ADDS_REG, "ADDS Rd, Rn, Rm"),
          new Row(0xFE00, 0x1A00, SUBS_REG, "SUBS Rd, Rn, Rm"),
          new Row(0xFE00, 0x1C00, ADDS_IMM3, "ADDS Rd, Rn, #imm3"),
          new Row(0xFE00, 0x1E00, SUBS_IMM3, "SUBS Rd, Rn, #imm3"),
          new Row(0xF800, 0x2000, MOVS_IMM, "MOVS Rd, #imm8"),
          new Row(0xF800, 0x2800, CMP_IMM, "CMP Rn, #imm8"),
          new Row(0xF800, 0x3000, ADDS_IMM8, "ADDS Rdn, #imm8"),
          new Row(0xF800, 0x3800, SUBS_IMM8, "SUBS Rdn, #imm8"),
          // Data processing, opcode in bits [9:6].
          new Row(0xFFC0, 0x4000, ANDS, "ANDS"),
          new Row(0xFFC0, 0x4040, EORS, "EORS"),
          new Row(0xFFC0, 0x4080, LSLS_REG, "LSLS Rdn, Rm"),
          new Row(0xFFC0, 0x40C0, LSRS_REG, "LSRS Rdn, Rm"),
          new Row(0xFFC0, 0x4100, ASRS_REG, "ASRS Rdn, Rm"),
          new Row(0xFFC0, 0x4140, ADCS, "ADCS"),
          new Row(0xFFC0, 0x4180, SBCS, "SBCS"),
          new Row(0xFFC0, 0x41C0, RORS, "RORS"),
          new Row(0xFFC0, 0x4200, TST, "TST"),
          new Row(0xFFC0, 0x4240, RSBS, "RSBS Rd, Rn, #0"),
          new Row(0xFFC0, 0x4280, CMP_REG, "CMP Rn, Rm"),
          new Row(0xFFC0, 0x42C0, CMN, "CMN"),
          new Row(0xFFC0, 0x4300, ORRS, "ORRS"),
          new Row(0xFFC0, 0x4340, MULS, "MULS"),
          new Row(0xFFC0, 0x4380, BICS, "BICS"),
          new Row(0xFFC0, 0x43C0, MVNS, "MVNS"),
          // Special data processing and branch-exchange.
          new Row(0xFF00, 0x4400, ADD_HI, "ADD Rdn, Rm"),
          new Row(0xFF00, 0x4500, CMP_HI, "CMP Rn, Rm (high)"),
          new Row(0xFF00, 0x4600, MOV_HI, "MOV Rd, Rm"),
          new Row(0xFF80, 0x4700, BX, "BX Rm"),
          new Row(0xFF80, 0x4780, BLX, "BLX Rm"),
          new Row(0xF800, 0x4800, LDR_LIT, "LDR Rt, [PC, #imm8]"),
          // Load/store with register offset.
          new Row(0xFE00, 0x5000, STR_REG, "STR Rt, [Rn, Rm]"),
          new Row(0xFE00, 0x5200, STRH_REG, "STRH Rt, [Rn, Rm]"),
          new Row(0xFE00, 0x5400, STRB_REG, "STRB Rt, [Rn, Rm]"),
          new Row(0xFE00, 0x5600, LDRSB_REG, "LDRSB Rt, [Rn, Rm]"),
          new Row(0xFE00, 0x5800, LDR_REG, "LDR Rt, [Rn, Rm]"),
          new Row(0xFE00, 0x5A00, LDRH_REG, "LDRH Rt, [Rn, Rm]"),
          new Row(0xFE00, 0x5C00, LDRB_REG, "LDRB Rt, [Rn, Rm]"),
          new Row(0xFE00, 0x5E00, LDRSH_REG, "LDRSH Rt, [Rn, Rm]"),
          // Load/store with immediate offset.
          new Row(0xF800, 0x6000, STR_IMM, "STR Rt, [Rn, #imm5*4]"),
          new Row(0xF800, 0x6800, LDR_IMM, "LDR Rt, [Rn, #imm5*4]"),
          new Row(0xF800, 0x7000, STRB_IMM, "STRB Rt, [Rn, #imm5]"),
          new Row(0xF800, 0x7800, LDRB_IMM, "LDRB Rt, [Rn, #imm5]"),
          new Row(0xF800, 0x8000, STRH_IMM, "STRH Rt, [Rn, #imm5*2]"),
          new Row(0xF800, 0x8800, LDRH_IMM, "LDRH Rt, [Rn, #imm5*2]"),
          new Row(0xF800, 0x9000, STR_SP, "STR Rt, [SP, #imm8*4]"),
          new Row(0xF800, 0x9800, LDR_SP, "LDR Rt, [SP, #imm8*4]"),
          new Row(0xF800, 0xA000, ADR, "ADR Rd, label"),
          new Row(0xF800, 0xA800, ADD_RD_SP, "ADD Rd, SP, #imm8*4"),
          // Miscellaneous 16-bit (1011 xxxx); whatever ARMv6-M leaves out (CBZ, IT, SETEND...)
          // falls
          // through to the catch-all.
          new Row(0xFF80, 0xB000, ADD_SP_IMM, "ADD SP, SP, #imm7*4"),
          new Row(0xFF80, 0xB080, SUB_SP_IMM, "SUB SP, SP, #imm7*4"),
          new Row(0xFFC0, 0xB200, SXTH, "SXTH"),
          new Row(0xFFC0, 0xB240, SXTB, "SXTB"),
          new Row(0xFFC0, 0xB280, UXTH, "UXTH"),
          new Row(0xFFC0, 0xB2C0, UXTB, "UXTB"),
          new Row(0xFE00, 0xB400, PUSH, "PUSH"),
          new Row(0xFFEF, 0xB662, CPS, "CPSIE/CPSID i"),
          new Row(0xFFC0, 0xBA00, REV, "REV"),
          new Row(0xFFC0, 0xBA40, REV16, "REV16"),
          new Row(0xFFC0, 0xBAC0, REVSH, "REVSH"),
          new Row(0xFE00, 0xBC00, POP, "POP"),
          new Row(0xFF00, 0xBE00, BKPT, "BKPT #imm8"),
          // Hints: the named ones first, then every other hint (opB = 0) is a NOP; IT (opB != 0) is
          // v7-M only and stays UNDEFINED.
          new Row(0xFFFF, 0xBF20, WFE, "WFE"),
          new Row(0xFFFF, 0xBF30, WFI, "WFI"),
          new Row(0xFFFF, 0xBF40, SEV, "SEV"),
          new Row(0xFF0F, 0xBF00, NOP, "NOP/YIELD/hint"),
          // Load/store multiple.
          new Row(0xF800, 0xC000, STM, "STM Rn!, {list}"),
          new Row(0xF800, 0xC800, LDM, "LDM Rn!, {list}"),
          // Conditional branch space: cond 1110 is UDF and 1111 is SVC, so they come first.
          new Row(0xFF00, 0xDE00, UDF, "UDF #imm8"),
          new Row(0xFF00, 0xDF00, SVC, "SVC #imm8"),
          new Row(0xF000, 0xD000, B_COND, "B<c> label"),
          new Row(0xF800, 0xE000, B, "B label"),
          new Row(0, 0, UNDEFINED, "UNDEFINED"));

  /** 32-bit encodings, matched on {@code hw1 << 16 | hw2}. */
  public static final List<Row> T32 =
      List.of(
          new Row(0xF800D000, 0xF000D000, BL, "BL label"),
          new Row(0xFFF0FF00, 0xF3808800, MSR, "MSR spec_reg, Rn"),
          new Row(0xFFFFF000, 0xF3EF8000, MRS, "MRS Rd, spec_reg"),
          new Row(0xFFFFFFF0, 0xF3BF8F40, DSB, "DSB"),
          new Row(0xFFFFFFF0, 0xF3BF8F50, DMB, "DMB"),
          new Row(0xFFFFFFF0, 0xF3BF8F60, ISB, "ISB"),
          new Row(0xFFF0F000, 0xF7F0A000, UDF_W, "UDF.W #imm16"),
          new Row(0, 0, UNDEFINED_W, "UNDEFINED (32-bit)"));

  private ThumbDecoder() {}

  /**
   * True when {@code hw} is the first halfword of a 32-bit encoding (0b11101, 0b11110, 0b11111).
   */
  public static boolean isWide(int hw) {
    return (hw & 0xF800) >= 0xE800;
  }

  /** The op id of a 16-bit encoding. */
  public static int decode16(int hw) {
    for (Row row : T16) {
      if (row.matches(hw)) {
        return row.op();
      }
    }
    throw new IllegalStateException("T16 table has no catch-all");
  }

  /** The op id of a 32-bit encoding. */
  public static int decode32(int word) {
    for (Row row : T32) {
      if (row.matches(word)) {
        return row.op();
      }
    }
    throw new IllegalStateException("T32 table has no catch-all");
  }

  /**
   * Decodes into a cached op: id plus payload.
   *
   * @param hw1 the halfword at the PC
   * @param hw2 the halfword after it (used only by 32-bit encodings)
   */
  public static int decode(int hw1, int hw2) {
    if (!isWide(hw1)) {
      return pack(decode16(hw1), hw1);
    }
    int word = hw1 << 16 | hw2;
    int id = decode32(word);
    int payload =
        switch (id) {
          case BL -> ThumbFields.blPayload(ThumbFields.blOffset(hw1, hw2));
          case MSR -> ThumbFields.msrPayload(hw1, hw2);
          case MRS -> ThumbFields.mrsPayload(hw2);
          case UDF_W -> ThumbFields.udfImm16(hw1, hw2);
          default -> 0;
        };
    return pack(id, payload);
  }

  /** The mnemonic of an op id, for traces and test names. */
  public static String mnemonic(int id) {
    for (Row row : T16) {
      if (row.op() == id) {
        return row.mnemonic();
      }
    }
    for (Row row : T32) {
      if (row.op() == id) {
        return row.mnemonic();
      }
    }
    return switch (id) {
      case DEBUG_BREAK -> "(breakpoint)";
      case FETCH_FAULT -> "(fetch fault)";
      case EXECUTE_VIOLATION -> "(execute violation)";
      default -> "op " + id;
    };
  }
}

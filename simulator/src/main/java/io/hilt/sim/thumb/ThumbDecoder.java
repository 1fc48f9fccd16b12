package io.hilt.sim.thumb;

import static io.hilt.sim.thumb.ThumbOps.*;

import java.util.List;

/**
 * Thumb decoding tables in the manner of QEMU's decodetree: each row is mask, pattern, op, the
 * payload format and the first profile that has it; the first matching row of the core's profile
 * wins, rows that overlap sit in the order noted, and a catch-all row makes everything else
 * UNDEFINED (so v7-only encodings are UNDEFINED on ARMv6-M, DSP ones on ARMv7-M). Decoding happens
 * once per halfword (the core caches the result).
 */
public final class ThumbDecoder {
  private static final ThumbProfile V6 = ThumbProfile.ARMV6M;
  private static final ThumbProfile V7 = ThumbProfile.ARMV7M;
  private static final ThumbProfile DSP = ThumbProfile.ARMV7EM;

  /** How a row packs the fields of its encoding into the op payload (see {@link ThumbFields}). */
  public enum Format {
    /** 16-bit: the halfword itself. */
    HALFWORD,
    NONE,
    REGS,
    SHIFTED,
    IMM12,
    IMM16,
    BITFIELD,
    LOAD_STORE,
    DUAL,
    MULTIPLE,
    /** BL and B.W: the offset halved, the sign in the id. */
    BRANCH,
    /** B&lt;c&gt;.W: cond and the offset halved, the sign in the id. */
    COND_BRANCH,
    MSR,
    MRS,
    UDF,
    COPROCESSOR;

    int pack(int w) {
      int hw1 = w >>> 16;
      int hw2 = w & 0xFFFF;
      return switch (this) {
        case HALFWORD -> w & 0xFFFF;
        case NONE -> 0;
        case REGS -> ThumbFields.regsPayload(w);
        case SHIFTED -> ThumbFields.shiftedPayload(w);
        case IMM12 -> ThumbFields.imm12Payload(w);
        case IMM16 -> ThumbFields.imm16Payload(w);
        case BITFIELD -> ThumbFields.bitfieldPayload(w);
        case LOAD_STORE -> ThumbFields.loadStorePayload(w);
        case DUAL -> ThumbFields.dualPayload(w);
        case MULTIPLE -> ThumbFields.multiplePayload(w);
        case BRANCH -> ThumbFields.offsetPayload(ThumbFields.blOffset(hw1, hw2));
        case COND_BRANCH ->
            ThumbFields.condBranchPayload((hw1 >>> 6) & 15, ThumbFields.condBranchOffset(hw1, hw2));
        case MSR -> ThumbFields.msrPayload(hw1, hw2);
        case MRS -> ThumbFields.mrsPayload(hw2);
        case UDF -> ThumbFields.udfImm16(hw1, hw2);
        case COPROCESSOR -> ThumbFields.coprocessor(w);
      };
    }

    /** True when the sign of the offset goes into the id (the {@code _BACK} twin is id + 1). */
    boolean backwards(int w) {
      return switch (this) {
        case BRANCH -> ThumbFields.blOffset(w >>> 16, w & 0xFFFF) < 0;
        case COND_BRANCH -> ThumbFields.condBranchOffset(w >>> 16, w & 0xFFFF) < 0;
        default -> false;
      };
    }
  }

  /** One row: an encoding matches when {@code (bits & mask) == pattern}. */
  public record Row(
      int mask, int pattern, int op, String mnemonic, Format format, ThumbProfile since) {
    public Row {
      if ((pattern & ~mask) != 0) {
        throw new IllegalArgumentException(mnemonic + ": pattern has bits outside its mask");
      }
    }

    /** A 16-bit row of ARMv6-M. */
    public Row(int mask, int pattern, int op, String mnemonic) {
      this(mask, pattern, op, mnemonic, Format.HALFWORD, V6);
    }

    /** A 16-bit row from a later profile. */
    public Row(int mask, int pattern, int op, String mnemonic, ThumbProfile since) {
      this(mask, pattern, op, mnemonic, Format.HALFWORD, since);
    }

    boolean matches(int bits) {
      return (bits & mask) == pattern;
    }

    boolean in(ThumbProfile profile) {
      return since.ordinal() <= profile.ordinal();
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
          // Miscellaneous 16-bit (1011 xxxx); what the profile leaves out (CBZ and IT on ARMv6-M,
          // SETEND everywhere) falls through to the catch-all.
          new Row(0xFF80, 0xB000, ADD_SP_IMM, "ADD SP, SP, #imm7*4"),
          new Row(0xFF80, 0xB080, SUB_SP_IMM, "SUB SP, SP, #imm7*4"),
          new Row(0xFFC0, 0xB200, SXTH, "SXTH"),
          new Row(0xFFC0, 0xB240, SXTB, "SXTB"),
          new Row(0xFFC0, 0xB280, UXTH, "UXTH"),
          new Row(0xFFC0, 0xB2C0, UXTB, "UXTB"),
          new Row(0xFD00, 0xB100, CBZ, "CBZ Rn, label", V7),
          new Row(0xFD00, 0xB900, CBNZ, "CBNZ Rn, label", V7),
          new Row(0xFE00, 0xB400, PUSH, "PUSH"),
          // CPS: ARMv7-M may name FAULTMASK too; ARMv6-M only PRIMASK.
          new Row(0xFFEC, 0xB660, CPS_V7M, "CPSIE/CPSID {i,f}", V7),
          new Row(0xFFEF, 0xB662, CPS, "CPSIE/CPSID i"),
          new Row(0xFFC0, 0xBA00, REV, "REV"),
          new Row(0xFFC0, 0xBA40, REV16, "REV16"),
          new Row(0xFFC0, 0xBAC0, REVSH, "REVSH"),
          new Row(0xFE00, 0xBC00, POP, "POP"),
          new Row(0xFF00, 0xBE00, BKPT, "BKPT #imm8"),
          // Hints: the named ones first, then every other hint (mask = 0) is a NOP; IT (mask != 0)
          // is ARMv7-M only (UNDEFINED on ARMv6-M).
          new Row(0xFFFF, 0xBF20, WFE, "WFE"),
          new Row(0xFFFF, 0xBF30, WFI, "WFI"),
          new Row(0xFFFF, 0xBF40, SEV, "SEV"),
          new Row(0xFF0F, 0xBF00, NOP, "NOP/YIELD/hint"),
          new Row(0xFF00, 0xBF00, IT, "IT{x{y{z}}} firstcond", V7),
          // Load/store multiple.
          new Row(0xF800, 0xC000, STM, "STM Rn!, {list}"),
          new Row(0xF800, 0xC800, LDM, "LDM Rn!, {list}"),
          // Conditional branch space: cond 1110 is UDF and 1111 is SVC, so they come first.
          new Row(0xFF00, 0xDE00, UDF, "UDF #imm8"),
          new Row(0xFF00, 0xDF00, SVC, "SVC #imm8"),
          new Row(0xF000, 0xD000, B_COND, "B<c> label"),
          new Row(0xF800, 0xE000, B, "B label"),
          new Row(0, 0, UNDEFINED, "UNDEFINED"));

  /** 32-bit encodings, matched on {@code hw1 << 16 | hw2}, grouped as the ARM ARM's A5.3. */
  public static final List<Row> T32 =
      List.of(
          // --- Branches and miscellaneous control (1111 0xxx xxxx xxxx | 1xxx) ----------------
          new Row(0xF800D000, 0xF000D000, BL, "BL label", Format.BRANCH, V6),
          new Row(0xF800D000, 0xF0009000, B_W, "B.W label", Format.BRANCH, V7),
          // hw2 = 10x0: B<c>.W unless cond is 111x, which is the miscellaneous space.
          new Row(0xFFF0FF00, 0xF3808800, MSR, "MSR spec_reg, Rn", Format.MSR, V6),
          new Row(0xFFF0D000, 0xF3808000, MSR, "MSR spec_reg, Rn", Format.MSR, V7),
          new Row(0xFFFFF000, 0xF3EF8000, MRS, "MRS Rd, spec_reg", Format.MRS, V6),
          new Row(0xFFFFFFF0, 0xF3BF8F40, DSB, "DSB", Format.NONE, V6),
          new Row(0xFFFFFFF0, 0xF3BF8F50, DMB, "DMB", Format.NONE, V6),
          new Row(0xFFFFFFF0, 0xF3BF8F60, ISB, "ISB", Format.NONE, V6),
          new Row(0xFFFFFFFF, 0xF3BF8F2F, CLREX, "CLREX", Format.NONE, V7),
          new Row(0xFFFFD7FF, 0xF3AF8002, WFE_W, "WFE.W", Format.NONE, V7),
          new Row(0xFFFFD7FF, 0xF3AF8003, WFI_W, "WFI.W", Format.NONE, V7),
          new Row(0xFFFFD7FF, 0xF3AF8004, SEV_W, "SEV.W", Format.NONE, V7),
          new Row(0xFFFFD700, 0xF3AF8000, NOP_W, "NOP.W/YIELD.W/DBG/hint", Format.NONE, V7),
          new Row(0xFFF0F000, 0xF7F0A000, UDF_W, "UDF.W #imm16", Format.UDF, V6),
          new Row(0xFB80D000, 0xF3808000, UNDEFINED_W, "UNDEFINED (misc control)", Format.NONE, V7),
          new Row(0xF800D000, 0xF0008000, B_COND_W, "B<c>.W label", Format.COND_BRANCH, V7),

          // --- Data processing (modified immediate): 1111 0i0o oooS nnnn | 0iii dddd iiii iiii --
          // Rd = 15 with S makes the compares; Rn = 15 makes MOV/MVN of ORR/ORN.
          new Row(0xFBF08F00, 0xF0100F00, TST_IMM, "TST #imm", Format.IMM12, V7),
          new Row(0xFBE08000, 0xF0000000, AND_IMM, "AND{S} #imm", Format.IMM12, V7),
          new Row(0xFBE08000, 0xF0200000, BIC_IMM, "BIC{S} #imm", Format.IMM12, V7),
          new Row(0xFBEF8000, 0xF04F0000, MOV_IMM, "MOV{S}.W #imm", Format.IMM12, V7),
          new Row(0xFBE08000, 0xF0400000, ORR_IMM, "ORR{S} #imm", Format.IMM12, V7),
          new Row(0xFBEF8000, 0xF06F0000, MVN_IMM, "MVN{S} #imm", Format.IMM12, V7),
          new Row(0xFBE08000, 0xF0600000, ORN_IMM, "ORN{S} #imm", Format.IMM12, V7),
          new Row(0xFBF08F00, 0xF0900F00, TEQ_IMM, "TEQ #imm", Format.IMM12, V7),
          new Row(0xFBE08000, 0xF0800000, EOR_IMM, "EOR{S} #imm", Format.IMM12, V7),
          new Row(0xFBF08F00, 0xF1100F00, CMN_IMM, "CMN #imm", Format.IMM12, V7),
          new Row(0xFBE08000, 0xF1000000, ADD_IMM, "ADD{S}.W #imm", Format.IMM12, V7),
          new Row(0xFBE08000, 0xF1400000, ADC_IMM, "ADC{S} #imm", Format.IMM12, V7),
          new Row(0xFBE08000, 0xF1600000, SBC_IMM, "SBC{S} #imm", Format.IMM12, V7),
          new Row(0xFBF08F00, 0xF1B00F00, CMP_IMM_W, "CMP.W #imm", Format.IMM12, V7),
          new Row(0xFBE08000, 0xF1A00000, SUB_IMM, "SUB{S}.W #imm", Format.IMM12, V7),
          new Row(0xFBE08000, 0xF1C00000, RSB_IMM, "RSB{S}.W #imm", Format.IMM12, V7),

          // --- Data processing (plain binary immediate): 1111 0i1o oooo nnnn | 0iii dddd iiii iiii
          // Rn = 15 makes ADR of ADDW/SUBW and BFC of BFI. SSAT16/USAT16 are SSAT/USAT with
          // sh = 1 and no shift: DSP only, UNDEFINED on ARMv7-M.
          new Row(0xFBFF8000, 0xF20F0000, ADR_ADD, "ADR.W Rd, label (add)", Format.IMM12, V7),
          new Row(0xFBF08000, 0xF2000000, ADDW, "ADDW Rd, Rn, #imm12", Format.IMM12, V7),
          new Row(0xFBF08000, 0xF2400000, MOVW, "MOVW Rd, #imm16", Format.IMM16, V7),
          new Row(0xFBFF8000, 0xF2AF0000, ADR_SUB, "ADR.W Rd, label (sub)", Format.IMM12, V7),
          new Row(0xFBF08000, 0xF2A00000, SUBW, "SUBW Rd, Rn, #imm12", Format.IMM12, V7),
          new Row(0xFBF08000, 0xF2C00000, MOVT, "MOVT Rd, #imm16", Format.IMM16, V7),
          new Row(0xFBF0F0C0, 0xF3200000, SSAT16, "SSAT16", Format.BITFIELD, DSP),
          new Row(0xFBF0F0C0, 0xF3200000, UNDEFINED_W, "UNDEFINED (SSAT16)", Format.NONE, V7),
          new Row(0xFBD08000, 0xF3000000, SSAT, "SSAT Rd, #imm, Rn{, shift}", Format.BITFIELD, V7),
          new Row(0xFBF08000, 0xF3400000, SBFX, "SBFX", Format.BITFIELD, V7),
          new Row(0xFBFF8000, 0xF36F0000, BFC, "BFC", Format.BITFIELD, V7),
          new Row(0xFBF08000, 0xF3600000, BFI, "BFI", Format.BITFIELD, V7),
          new Row(0xFBF0F0C0, 0xF3A00000, USAT16, "USAT16", Format.BITFIELD, DSP),
          new Row(0xFBF0F0C0, 0xF3A00000, UNDEFINED_W, "UNDEFINED (USAT16)", Format.NONE, V7),
          new Row(0xFBD08000, 0xF3800000, USAT, "USAT Rd, #imm, Rn{, shift}", Format.BITFIELD, V7),
          new Row(0xFBF08000, 0xF3C00000, UBFX, "UBFX", Format.BITFIELD, V7),

          // --- Load/store multiple, dual, exclusive, table branch: 1110 100x xxxx xxxx ---------
          // The exclusives and TBB/TBH take the P = 0, W = 0 corner of LDRD/STRD.
          new Row(0xFFF00000, 0xE8400000, STREX, "STREX Rd, Rt, [Rn, #imm]", Format.DUAL, V7),
          new Row(0xFFF00F00, 0xE8500F00, LDREX, "LDREX Rt, [Rn, #imm]", Format.DUAL, V7),
          new Row(0xFFF0FFF0, 0xE8D0F000, TBB, "TBB [Rn, Rm]", Format.DUAL, V7),
          new Row(0xFFF0FFF0, 0xE8D0F010, TBH, "TBH [Rn, Rm, LSL #1]", Format.DUAL, V7),
          new Row(0xFFF00FFF, 0xE8D00F4F, LDREXB, "LDREXB", Format.DUAL, V7),
          new Row(0xFFF00FFF, 0xE8D00F5F, LDREXH, "LDREXH", Format.DUAL, V7),
          new Row(0xFFF00FF0, 0xE8C00F40, STREXB, "STREXB", Format.DUAL, V7),
          new Row(0xFFF00FF0, 0xE8C00F50, STREXH, "STREXH", Format.DUAL, V7),
          new Row(0xFF600000, 0xE8400000, UNDEFINED_W, "UNDEFINED (exclusive)", Format.NONE, V7),
          new Row(0xFE7F0000, 0xE85F0000, LDRD_LIT, "LDRD Rt, Rt2, label", Format.DUAL, V7),
          new Row(0xFE500000, 0xE8500000, LDRD, "LDRD Rt, Rt2, [Rn...]", Format.DUAL, V7),
          new Row(0xFE500000, 0xE8400000, STRD, "STRD Rt, Rt2, [Rn...]", Format.DUAL, V7),
          new Row(0xFFD00000, 0xE8800000, STMIA, "STM.W Rn{!}, {list}", Format.MULTIPLE, V7),
          new Row(
              0xFFD00000, 0xE8900000, LDMIA, "LDM.W Rn{!}, {list} / POP.W", Format.MULTIPLE, V7),
          new Row(
              0xFFD00000, 0xE9000000, STMDB, "STMDB Rn{!}, {list} / PUSH.W", Format.MULTIPLE, V7),
          new Row(0xFFD00000, 0xE9100000, LDMDB, "LDMDB Rn{!}, {list}", Format.MULTIPLE, V7),

          // --- Load/store single: 1111 100s uzzL nnnn | tttt ... ------------------------------
          // Per size: Rt = 15 of the byte and halfword loads is a preload hint; then literal
          // (Rn = 15), imm12 (u = 1), unprivileged (1110), imm8 with P/U/W (1PUW, P = W = 0
          // UNDEFINED) and register (000000 imm2 Rm).
          new Row(
              0xFF7F0000, 0xF80F0000, UNDEFINED_W, "UNDEFINED (STRB PC-relative)", Format.NONE, V7),
          new Row(0xFFF00000, 0xF8800000, STRB_W, "STRB.W Rt, [Rn, #imm12]", Format.LOAD_STORE, V7),
          new Row(0xFFF00F00, 0xF8000E00, STRBT, "STRBT Rt, [Rn, #imm8]", Format.LOAD_STORE, V7),
          new Row(
              0xFFF00D00, 0xF8000800, UNDEFINED_W, "UNDEFINED (STRB P = W = 0)", Format.NONE, V7),
          new Row(
              0xFFF00800,
              0xF8000800,
              STRB_PUW,
              "STRB Rt, [Rn, #+/-imm8]{!} / [Rn], #+/-imm8",
              Format.LOAD_STORE,
              V7),
          new Row(
              0xFFF00FC0,
              0xF8000000,
              STRB_REG_W,
              "STRB.W Rt, [Rn, Rm{, LSL #imm2}]",
              Format.LOAD_STORE,
              V7),
          new Row(
              0xFF7F0000, 0xF82F0000, UNDEFINED_W, "UNDEFINED (STRH PC-relative)", Format.NONE, V7),
          new Row(0xFFF00000, 0xF8A00000, STRH_W, "STRH.W Rt, [Rn, #imm12]", Format.LOAD_STORE, V7),
          new Row(0xFFF00F00, 0xF8200E00, STRHT, "STRHT Rt, [Rn, #imm8]", Format.LOAD_STORE, V7),
          new Row(
              0xFFF00D00, 0xF8200800, UNDEFINED_W, "UNDEFINED (STRH P = W = 0)", Format.NONE, V7),
          new Row(
              0xFFF00800,
              0xF8200800,
              STRH_PUW,
              "STRH Rt, [Rn, #+/-imm8]{!} / [Rn], #+/-imm8",
              Format.LOAD_STORE,
              V7),
          new Row(
              0xFFF00FC0,
              0xF8200000,
              STRH_REG_W,
              "STRH.W Rt, [Rn, Rm{, LSL #imm2}]",
              Format.LOAD_STORE,
              V7),
          new Row(
              0xFF7F0000, 0xF84F0000, UNDEFINED_W, "UNDEFINED (STR PC-relative)", Format.NONE, V7),
          new Row(0xFFF00000, 0xF8C00000, STR_W, "STR.W Rt, [Rn, #imm12]", Format.LOAD_STORE, V7),
          new Row(0xFFF00F00, 0xF8400E00, STRT, "STRT Rt, [Rn, #imm8]", Format.LOAD_STORE, V7),
          new Row(
              0xFFF00D00, 0xF8400800, UNDEFINED_W, "UNDEFINED (STR P = W = 0)", Format.NONE, V7),
          new Row(
              0xFFF00800,
              0xF8400800,
              STR_PUW,
              "STR Rt, [Rn, #+/-imm8]{!} / [Rn], #+/-imm8",
              Format.LOAD_STORE,
              V7),
          new Row(
              0xFFF00FC0,
              0xF8400000,
              STR_REG_W,
              "STR.W Rt, [Rn, Rm{, LSL #imm2}]",
              Format.LOAD_STORE,
              V7),
          new Row(
              0xFF70F000,
              0xF810F000,
              PRELOAD,
              "PLD/PLI/hint (LDRB Rt = PC)",
              Format.LOAD_STORE,
              V7),
          new Row(0xFF7F0000, 0xF81F0000, LDRB_LIT, "LDRB Rt, label", Format.LOAD_STORE, V7),
          new Row(0xFFF00000, 0xF8900000, LDRB_W, "LDRB.W Rt, [Rn, #imm12]", Format.LOAD_STORE, V7),
          new Row(0xFFF00F00, 0xF8100E00, LDRBT, "LDRBT Rt, [Rn, #imm8]", Format.LOAD_STORE, V7),
          new Row(
              0xFFF00D00, 0xF8100800, UNDEFINED_W, "UNDEFINED (LDRB P = W = 0)", Format.NONE, V7),
          new Row(
              0xFFF00800,
              0xF8100800,
              LDRB_PUW,
              "LDRB Rt, [Rn, #+/-imm8]{!} / [Rn], #+/-imm8",
              Format.LOAD_STORE,
              V7),
          new Row(
              0xFFF00FC0,
              0xF8100000,
              LDRB_REG_W,
              "LDRB.W Rt, [Rn, Rm{, LSL #imm2}]",
              Format.LOAD_STORE,
              V7),
          new Row(
              0xFF70F000,
              0xF830F000,
              PRELOAD,
              "PLD/PLI/hint (LDRH Rt = PC)",
              Format.LOAD_STORE,
              V7),
          new Row(0xFF7F0000, 0xF83F0000, LDRH_LIT, "LDRH Rt, label", Format.LOAD_STORE, V7),
          new Row(0xFFF00000, 0xF8B00000, LDRH_W, "LDRH.W Rt, [Rn, #imm12]", Format.LOAD_STORE, V7),
          new Row(0xFFF00F00, 0xF8300E00, LDRHT, "LDRHT Rt, [Rn, #imm8]", Format.LOAD_STORE, V7),
          new Row(
              0xFFF00D00, 0xF8300800, UNDEFINED_W, "UNDEFINED (LDRH P = W = 0)", Format.NONE, V7),
          new Row(
              0xFFF00800,
              0xF8300800,
              LDRH_PUW,
              "LDRH Rt, [Rn, #+/-imm8]{!} / [Rn], #+/-imm8",
              Format.LOAD_STORE,
              V7),
          new Row(
              0xFFF00FC0,
              0xF8300000,
              LDRH_REG_W,
              "LDRH.W Rt, [Rn, Rm{, LSL #imm2}]",
              Format.LOAD_STORE,
              V7),
          new Row(0xFF7F0000, 0xF85F0000, LDR_LIT_W, "LDR Rt, label", Format.LOAD_STORE, V7),
          new Row(0xFFF00000, 0xF8D00000, LDR_W, "LDR.W Rt, [Rn, #imm12]", Format.LOAD_STORE, V7),
          new Row(0xFFF00F00, 0xF8500E00, LDRT, "LDRT Rt, [Rn, #imm8]", Format.LOAD_STORE, V7),
          new Row(
              0xFFF00D00, 0xF8500800, UNDEFINED_W, "UNDEFINED (LDR P = W = 0)", Format.NONE, V7),
          new Row(
              0xFFF00800,
              0xF8500800,
              LDR_PUW,
              "LDR Rt, [Rn, #+/-imm8]{!} / [Rn], #+/-imm8",
              Format.LOAD_STORE,
              V7),
          new Row(
              0xFFF00FC0,
              0xF8500000,
              LDR_REG_W,
              "LDR.W Rt, [Rn, Rm{, LSL #imm2}]",
              Format.LOAD_STORE,
              V7),
          new Row(
              0xFF70F000,
              0xF910F000,
              PRELOAD,
              "PLD/PLI/hint (LDRSB Rt = PC)",
              Format.LOAD_STORE,
              V7),
          new Row(0xFF7F0000, 0xF91F0000, LDRSB_LIT, "LDRSB Rt, label", Format.LOAD_STORE, V7),
          new Row(
              0xFFF00000, 0xF9900000, LDRSB_W, "LDRSB.W Rt, [Rn, #imm12]", Format.LOAD_STORE, V7),
          new Row(0xFFF00F00, 0xF9100E00, LDRSBT, "LDRSBT Rt, [Rn, #imm8]", Format.LOAD_STORE, V7),
          new Row(
              0xFFF00D00, 0xF9100800, UNDEFINED_W, "UNDEFINED (LDRSB P = W = 0)", Format.NONE, V7),
          new Row(
              0xFFF00800,
              0xF9100800,
              LDRSB_PUW,
              "LDRSB Rt, [Rn, #+/-imm8]{!} / [Rn], #+/-imm8",
              Format.LOAD_STORE,
              V7),
          new Row(
              0xFFF00FC0,
              0xF9100000,
              LDRSB_REG_W,
              "LDRSB.W Rt, [Rn, Rm{, LSL #imm2}]",
              Format.LOAD_STORE,
              V7),
          new Row(
              0xFF70F000,
              0xF930F000,
              PRELOAD,
              "PLD/PLI/hint (LDRSH Rt = PC)",
              Format.LOAD_STORE,
              V7),
          new Row(0xFF7F0000, 0xF93F0000, LDRSH_LIT, "LDRSH Rt, label", Format.LOAD_STORE, V7),
          new Row(
              0xFFF00000, 0xF9B00000, LDRSH_W, "LDRSH.W Rt, [Rn, #imm12]", Format.LOAD_STORE, V7),
          new Row(0xFFF00F00, 0xF9300E00, LDRSHT, "LDRSHT Rt, [Rn, #imm8]", Format.LOAD_STORE, V7),
          new Row(
              0xFFF00D00, 0xF9300800, UNDEFINED_W, "UNDEFINED (LDRSH P = W = 0)", Format.NONE, V7),
          new Row(
              0xFFF00800,
              0xF9300800,
              LDRSH_PUW,
              "LDRSH Rt, [Rn, #+/-imm8]{!} / [Rn], #+/-imm8",
              Format.LOAD_STORE,
              V7),
          new Row(
              0xFFF00FC0,
              0xF9300000,
              LDRSH_REG_W,
              "LDRSH.W Rt, [Rn, Rm{, LSL #imm2}]",
              Format.LOAD_STORE,
              V7),

          // --- Data processing (shifted register): 1110 101o oooS nnnn | 0iii dddd iitt mmmm ---
          // As for immediates: Rd = 15 with S makes compares, Rn = 15 makes MOV, the shifts by
          // immediate (MOV with a shift) and MVN.
          new Row(0xFFF00F00, 0xEA100F00, TST_REG, "TST.W Rn, Rm{, shift}", Format.SHIFTED, V7),
          new Row(0xFFE00000, 0xEA000000, AND_REG, "AND{S}.W", Format.SHIFTED, V7),
          new Row(0xFFE00000, 0xEA200000, BIC_REG, "BIC{S}.W", Format.SHIFTED, V7),
          new Row(0xFFEF70F0, 0xEA4F0000, MOV_REG_W, "MOV{S}.W Rd, Rm", Format.SHIFTED, V7),
          new Row(0xFFEF0030, 0xEA4F0000, LSL_IMM, "LSL{S}.W Rd, Rm, #imm", Format.SHIFTED, V7),
          new Row(0xFFEF0030, 0xEA4F0010, LSR_IMM, "LSR{S}.W Rd, Rm, #imm", Format.SHIFTED, V7),
          new Row(0xFFEF0030, 0xEA4F0020, ASR_IMM, "ASR{S}.W Rd, Rm, #imm", Format.SHIFTED, V7),
          new Row(0xFFEF70F0, 0xEA4F0030, RRX, "RRX{S} Rd, Rm", Format.SHIFTED, V7),
          new Row(0xFFEF0030, 0xEA4F0030, ROR_IMM, "ROR{S} Rd, Rm, #imm", Format.SHIFTED, V7),
          new Row(0xFFE00000, 0xEA400000, ORR_REG, "ORR{S}.W", Format.SHIFTED, V7),
          new Row(0xFFEF0000, 0xEA6F0000, MVN_REG, "MVN{S}.W", Format.SHIFTED, V7),
          new Row(0xFFE00000, 0xEA600000, ORN_REG, "ORN{S}", Format.SHIFTED, V7),
          new Row(0xFFF00F00, 0xEA900F00, TEQ_REG, "TEQ Rn, Rm{, shift}", Format.SHIFTED, V7),
          new Row(0xFFE00000, 0xEA800000, EOR_REG, "EOR{S}.W", Format.SHIFTED, V7),
          new Row(0xFFF00010, 0xEAC00000, PKH, "PKHBT/PKHTB", Format.SHIFTED, DSP),
          new Row(0xFFF00F00, 0xEB100F00, CMN_REG, "CMN.W Rn, Rm{, shift}", Format.SHIFTED, V7),
          new Row(0xFFE00000, 0xEB000000, ADD_REG, "ADD{S}.W", Format.SHIFTED, V7),
          new Row(0xFFE00000, 0xEB400000, ADC_REG, "ADC{S}.W", Format.SHIFTED, V7),
          new Row(0xFFE00000, 0xEB600000, SBC_REG, "SBC{S}.W", Format.SHIFTED, V7),
          new Row(0xFFF00F00, 0xEBB00F00, CMP_REG_W, "CMP.W Rn, Rm{, shift}", Format.SHIFTED, V7),
          new Row(0xFFE00000, 0xEBA00000, SUB_REG, "SUB{S}.W", Format.SHIFTED, V7),
          new Row(0xFFE00000, 0xEBC00000, RSB_REG, "RSB{S}", Format.SHIFTED, V7),

          // --- Data processing (register): 1111 1010 xxxx nnnn | 1111 dddd xxxx mmmm -----------
          // Shifts by register; extends (Rn = 15: no accumulate); parallel add/sub (hw2[7] = 0);
          // miscellaneous (hw2[7:6] = 10).
          new Row(
              0xFF80F0F0,
              0xFA00F000,
              SHIFT_REG,
              "LSL/LSR/ASR/ROR{S}.W Rd, Rn, Rm",
              Format.REGS,
              V7),
          new Row(0xFFFFF0C0, 0xFA0FF080, SXTH_W, "SXTH.W", Format.REGS, V7),
          new Row(0xFFF0F0C0, 0xFA00F080, SXTAH, "SXTAH", Format.REGS, DSP),
          new Row(0xFFFFF0C0, 0xFA1FF080, UXTH_W, "UXTH.W", Format.REGS, V7),
          new Row(0xFFF0F0C0, 0xFA10F080, UXTAH, "UXTAH", Format.REGS, DSP),
          new Row(0xFFFFF0C0, 0xFA2FF080, SXTB16, "SXTB16", Format.REGS, DSP),
          new Row(0xFFF0F0C0, 0xFA20F080, SXTAB16, "SXTAB16", Format.REGS, DSP),
          new Row(0xFFFFF0C0, 0xFA3FF080, UXTB16, "UXTB16", Format.REGS, DSP),
          new Row(0xFFF0F0C0, 0xFA30F080, UXTAB16, "UXTAB16", Format.REGS, DSP),
          new Row(0xFFFFF0C0, 0xFA4FF080, SXTB_W, "SXTB.W", Format.REGS, V7),
          new Row(0xFFF0F0C0, 0xFA40F080, SXTAB, "SXTAB", Format.REGS, DSP),
          new Row(0xFFFFF0C0, 0xFA5FF080, UXTB_W, "UXTB.W", Format.REGS, V7),
          new Row(0xFFF0F0C0, 0xFA50F080, UXTAB, "UXTAB", Format.REGS, DSP),
          new Row(
              0xFF80F0B0, 0xFA80F030, UNDEFINED_W, "UNDEFINED (parallel op2 11)", Format.NONE, V7),
          new Row(
              0xFFB0F080, 0xFAB0F000, UNDEFINED_W, "UNDEFINED (parallel op1 x11)", Format.NONE, V7),
          new Row(
              0xFF80F080,
              0xFA80F000,
              PARALLEL,
              "S/Q/SH/U/UQ/UH ADD16/ASX/SAX/SUB16/ADD8/SUB8",
              Format.REGS,
              DSP),
          new Row(0xFFF0F0F0, 0xFA80F080, QADD, "QADD", Format.REGS, DSP),
          new Row(0xFFF0F0F0, 0xFA80F090, QDADD, "QDADD", Format.REGS, DSP),
          new Row(0xFFF0F0F0, 0xFA80F0A0, QSUB, "QSUB", Format.REGS, DSP),
          new Row(0xFFF0F0F0, 0xFA80F0B0, QDSUB, "QDSUB", Format.REGS, DSP),
          new Row(0xFFF0F0F0, 0xFA90F080, REV_W, "REV.W", Format.REGS, V7),
          new Row(0xFFF0F0F0, 0xFA90F090, REV16_W, "REV16.W", Format.REGS, V7),
          new Row(0xFFF0F0F0, 0xFA90F0A0, RBIT, "RBIT", Format.REGS, V7),
          new Row(0xFFF0F0F0, 0xFA90F0B0, REVSH_W, "REVSH.W", Format.REGS, V7),
          new Row(0xFFF0F0F0, 0xFAA0F080, SEL, "SEL", Format.REGS, DSP),
          new Row(0xFFF0F0F0, 0xFAB0F080, CLZ, "CLZ", Format.REGS, V7),

          // --- Multiply, multiply accumulate, absolute difference: 1111 1011 0ooo nnnn | aaaa dddd
          // Ra = 15 turns each accumulating form into its plain one, so those rows come first.
          new Row(0xFFF0F0F0, 0xFB00F000, MUL, "MUL.W", Format.REGS, V7),
          new Row(0xFFF000F0, 0xFB000000, MLA, "MLA", Format.REGS, V7),
          new Row(0xFFF000F0, 0xFB000010, MLS, "MLS", Format.REGS, V7),
          new Row(0xFFF0F0C0, 0xFB10F000, SMULXY, "SMUL<x><y>", Format.REGS, DSP),
          new Row(0xFFF000C0, 0xFB100000, SMLAXY, "SMLA<x><y>", Format.REGS, DSP),
          new Row(0xFFF0F0E0, 0xFB20F000, SMUAD, "SMUAD{X}", Format.REGS, DSP),
          new Row(0xFFF000E0, 0xFB200000, SMLAD, "SMLAD{X}", Format.REGS, DSP),
          new Row(0xFFF0F0E0, 0xFB30F000, SMULWY, "SMULW<y>", Format.REGS, DSP),
          new Row(0xFFF000E0, 0xFB300000, SMLAWY, "SMLAW<y>", Format.REGS, DSP),
          new Row(0xFFF0F0E0, 0xFB40F000, SMUSD, "SMUSD{X}", Format.REGS, DSP),
          new Row(0xFFF000E0, 0xFB400000, SMLSD, "SMLSD{X}", Format.REGS, DSP),
          new Row(0xFFF0F0E0, 0xFB50F000, SMMUL, "SMMUL{R}", Format.REGS, DSP),
          new Row(0xFFF000E0, 0xFB500000, SMMLA, "SMMLA{R}", Format.REGS, DSP),
          new Row(0xFFF000E0, 0xFB600000, SMMLS, "SMMLS{R}", Format.REGS, DSP),
          new Row(0xFFF0F0F0, 0xFB70F000, USAD8, "USAD8", Format.REGS, DSP),
          new Row(0xFFF000F0, 0xFB700000, USADA8, "USADA8", Format.REGS, DSP),

          // --- Long multiply, long multiply accumulate, divide: 1111 1011 1ooo nnnn | llll hhhh
          // oooo
          new Row(0xFFF000F0, 0xFB800000, SMULL, "SMULL", Format.REGS, V7),
          new Row(0xFFF0F0F0, 0xFB90F0F0, SDIV, "SDIV", Format.REGS, V7),
          new Row(0xFFF000F0, 0xFBA00000, UMULL, "UMULL", Format.REGS, V7),
          new Row(0xFFF0F0F0, 0xFBB0F0F0, UDIV, "UDIV", Format.REGS, V7),
          new Row(0xFFF000F0, 0xFBC00000, SMLAL, "SMLAL", Format.REGS, V7),
          new Row(0xFFF000C0, 0xFBC00080, SMLALXY, "SMLAL<x><y>", Format.REGS, DSP),
          new Row(0xFFF000E0, 0xFBC000C0, SMLALD, "SMLALD{X}", Format.REGS, DSP),
          new Row(0xFFF000E0, 0xFBD000C0, SMLSLD, "SMLSLD{X}", Format.REGS, DSP),
          new Row(0xFFF000F0, 0xFBE00000, UMLAL, "UMLAL", Format.REGS, V7),
          new Row(0xFFF000F0, 0xFBE00060, UMAAL, "UMAAL", Format.REGS, DSP),

          // --- Coprocessor space (111x 11xx): no coprocessor or FPU is modelled -> NOCP. -------
          new Row(
              0xEC000000,
              0xEC000000,
              COPROCESSOR,
              "coprocessor/FPU instruction",
              Format.COPROCESSOR,
              V7),
          new Row(0, 0, UNDEFINED_W, "UNDEFINED (32-bit)", Format.NONE, V6));

  private ThumbDecoder() {}

  /**
   * True when {@code hw} is the first halfword of a 32-bit encoding (0b11101, 0b11110, 0b11111).
   */
  public static boolean isWide(int hw) {
    return (hw & 0xF800) >= 0xE800;
  }

  /** The op id of a 16-bit encoding on ARMv6-M. */
  public static int decode16(int hw) {
    return decode16(hw, V6);
  }

  /** The op id of a 16-bit encoding. */
  public static int decode16(int hw, ThumbProfile profile) {
    return match(T16, hw, profile).op();
  }

  /** The op id of a 32-bit encoding on ARMv6-M. */
  public static int decode32(int word) {
    return decode32(word, V6);
  }

  /** The op id of a 32-bit encoding (without the sign twin of branches). */
  public static int decode32(int word, ThumbProfile profile) {
    return match(T32, word, profile).op();
  }

  private static Row match(List<Row> rows, int bits, ThumbProfile profile) {
    for (Row row : rows) {
      if (row.matches(bits) && row.in(profile)) {
        return row;
      }
    }
    throw new IllegalStateException("decoding table has no catch-all");
  }

  /** Decodes for ARMv6-M. */
  public static int decode(int hw1, int hw2) {
    return decode(hw1, hw2, V6);
  }

  /**
   * Decodes into a cached op: id plus payload.
   *
   * @param hw1 the halfword at the PC
   * @param hw2 the halfword after it (used only by 32-bit encodings)
   */
  public static int decode(int hw1, int hw2, ThumbProfile profile) {
    if (!isWide(hw1)) {
      return pack(decode16(hw1, profile), hw1);
    }
    int word = hw1 << 16 | hw2;
    Row row = match(T32, word, profile);
    int id = row.format().backwards(word) ? row.op() + 1 : row.op();
    return pack(id, row.format().pack(word));
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
      if (row.op() + 1 == id
          && (row.format() == Format.BRANCH || row.format() == Format.COND_BRANCH)) {
        return row.mnemonic() + " (backwards)";
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

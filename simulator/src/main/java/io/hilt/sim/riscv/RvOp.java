package io.hilt.sim.riscv;

/**
 * The operations of RV32IMAC + Zicsr + Zifencei as the core executes them. Compressed encodings
 * decode to the base operation they expand to, so each operation has one implementation. The
 * ordinal (plus one) is stored in decoded instructions; {@link #ILLEGAL} is every encoding the core
 * does not implement.
 */
public enum RvOp {
  LUI,
  AUIPC,
  JAL,
  JALR,
  BEQ,
  BNE,
  BLT,
  BGE,
  BLTU,
  BGEU,
  LB,
  LH,
  LW,
  LBU,
  LHU,
  SB,
  SH,
  SW,
  ADDI,
  SLTI,
  SLTIU,
  XORI,
  ORI,
  ANDI,
  SLLI,
  SRLI,
  SRAI,
  ADD,
  SUB,
  SLL,
  SLT,
  SLTU,
  XOR,
  SRL,
  SRA,
  OR,
  AND,
  FENCE,
  FENCE_I,
  ECALL,
  EBREAK,
  MRET,
  WFI,
  CSRRW,
  CSRRS,
  CSRRC,
  CSRRWI,
  CSRRSI,
  CSRRCI,
  MUL,
  MULH,
  MULHSU,
  MULHU,
  DIV,
  DIVU,
  REM,
  REMU,
  LR_W,
  SC_W,
  AMOSWAP_W,
  AMOADD_W,
  AMOXOR_W,
  AMOAND_W,
  AMOOR_W,
  AMOMIN_W,
  AMOMAX_W,
  AMOMINU_W,
  AMOMAXU_W,
  ILLEGAL;

  private static final RvOp[] VALUES = values();

  /** The operation with this ordinal. */
  public static RvOp of(int ordinal) {
    return VALUES[ordinal];
  }
}

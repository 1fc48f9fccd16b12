package io.hilt.sim.thumb;

/**
 * Ids of decoded operations. A cached op is {@code id | payload << 9}: ids below 256 are 16-bit
 * encodings (payload: the halfword), ids from 256 are 32-bit encodings (payload: the fields the
 * decoder packed, see {@link ThumbFields}), so {@link #length} is one bit test. Zero means "not
 * decoded yet". Branch ids with a {@code _BACK} twin carry the sign of their offset in the id (the
 * payload has 23 bits, the offsets 24).
 */
public final class ThumbOps {
  private ThumbOps() {}

  public static final int MOVS_REG = 1;
  public static final int LSLS_IMM = 2;
  public static final int LSRS_IMM = 3;
  public static final int ASRS_IMM = 4;
  public static final int ADDS_REG = 5;
  public static final int SUBS_REG = 6;
  public static final int ADDS_IMM3 = 7;
  public static final int SUBS_IMM3 = 8;
  public static final int MOVS_IMM = 9;
  public static final int CMP_IMM = 10;
  public static final int ADDS_IMM8 = 11;
  public static final int SUBS_IMM8 = 12;
  public static final int ANDS = 13;
  public static final int EORS = 14;
  public static final int LSLS_REG = 15;
  public static final int LSRS_REG = 16;
  public static final int ASRS_REG = 17;
  public static final int ADCS = 18;
  public static final int SBCS = 19;
  public static final int RORS = 20;
  public static final int TST = 21;
  public static final int RSBS = 22;
  public static final int CMP_REG = 23;
  public static final int CMN = 24;
  public static final int ORRS = 25;
  public static final int MULS = 26;
  public static final int BICS = 27;
  public static final int MVNS = 28;
  public static final int ADD_HI = 29;
  public static final int CMP_HI = 30;
  public static final int MOV_HI = 31;
  public static final int BX = 32;
  public static final int BLX = 33;
  public static final int LDR_LIT = 34;
  public static final int STR_REG = 35;
  public static final int STRH_REG = 36;
  public static final int STRB_REG = 37;
  public static final int LDRSB_REG = 38;
  public static final int LDR_REG = 39;
  public static final int LDRH_REG = 40;
  public static final int LDRB_REG = 41;
  public static final int LDRSH_REG = 42;
  public static final int STR_IMM = 43;
  public static final int LDR_IMM = 44;
  public static final int STRB_IMM = 45;
  public static final int LDRB_IMM = 46;
  public static final int STRH_IMM = 47;
  public static final int LDRH_IMM = 48;
  public static final int STR_SP = 49;
  public static final int LDR_SP = 50;
  public static final int ADR = 51;
  public static final int ADD_RD_SP = 52;
  public static final int ADD_SP_IMM = 53;
  public static final int SUB_SP_IMM = 54;
  public static final int SXTH = 55;
  public static final int SXTB = 56;
  public static final int UXTH = 57;
  public static final int UXTB = 58;
  public static final int PUSH = 59;
  public static final int CPS = 60;
  public static final int REV = 61;
  public static final int REV16 = 62;
  public static final int REVSH = 63;
  public static final int POP = 64;
  public static final int BKPT = 65;
  public static final int NOP = 66;
  public static final int WFE = 67;
  public static final int WFI = 68;
  public static final int SEV = 69;
  public static final int STM = 70;
  public static final int LDM = 71;
  public static final int B_COND = 72;
  public static final int SVC = 73;
  public static final int B = 74;
  public static final int UDF = 75;
  public static final int UNDEFINED = 76;
  public static final int CBZ = 77;
  public static final int CBNZ = 78;
  public static final int IT = 79;
  public static final int CPS_V7M = 80;
  public static final int DEBUG_BREAK = 81;
  public static final int FETCH_FAULT = 82;
  public static final int EXECUTE_VIOLATION = 83;

  // 32-bit encodings: ids from 256, so bit 8 of an op tells its length.
  public static final int BL = 256;
  public static final int BL_BACK = 257;
  public static final int MSR = 258;
  public static final int MRS = 259;
  public static final int DMB = 260;
  public static final int DSB = 261;
  public static final int ISB = 262;
  public static final int UDF_W = 263;
  public static final int UNDEFINED_W = 264;
  public static final int B_W = 265;
  public static final int B_W_BACK = 266;
  public static final int B_COND_W = 267;
  public static final int B_COND_W_BACK = 268;
  public static final int NOP_W = 269;
  public static final int WFE_W = 270;
  public static final int WFI_W = 271;
  public static final int SEV_W = 272;
  public static final int CLREX = 273;
  public static final int COPROCESSOR = 274;
  public static final int AND_IMM = 275;
  public static final int TST_IMM = 276;
  public static final int BIC_IMM = 277;
  public static final int ORR_IMM = 278;
  public static final int MOV_IMM = 279;
  public static final int ORN_IMM = 280;
  public static final int MVN_IMM = 281;
  public static final int EOR_IMM = 282;
  public static final int TEQ_IMM = 283;
  public static final int ADD_IMM = 284;
  public static final int CMN_IMM = 285;
  public static final int ADC_IMM = 286;
  public static final int SBC_IMM = 287;
  public static final int SUB_IMM = 288;
  public static final int CMP_IMM_W = 289;
  public static final int RSB_IMM = 290;
  public static final int ADDW = 291;
  public static final int SUBW = 292;
  public static final int ADR_ADD = 293;
  public static final int ADR_SUB = 294;
  public static final int MOVW = 295;
  public static final int MOVT = 296;
  public static final int SSAT = 297;
  public static final int SSAT16 = 298;
  public static final int USAT = 299;
  public static final int USAT16 = 300;
  public static final int SBFX = 301;
  public static final int UBFX = 302;
  public static final int BFI = 303;
  public static final int BFC = 304;
  public static final int AND_REG = 305;
  public static final int TST_REG = 306;
  public static final int BIC_REG = 307;
  public static final int ORR_REG = 308;
  public static final int ORN_REG = 309;
  public static final int MVN_REG = 310;
  public static final int EOR_REG = 311;
  public static final int TEQ_REG = 312;
  public static final int ADD_REG = 313;
  public static final int CMN_REG = 314;
  public static final int ADC_REG = 315;
  public static final int SBC_REG = 316;
  public static final int SUB_REG = 317;
  public static final int CMP_REG_W = 318;
  public static final int RSB_REG = 319;
  public static final int MOV_REG_W = 320;
  public static final int LSL_IMM = 321;
  public static final int LSR_IMM = 322;
  public static final int ASR_IMM = 323;
  public static final int ROR_IMM = 324;
  public static final int RRX = 325;
  public static final int PKH = 326;
  public static final int SHIFT_REG = 327;
  public static final int SXTAH = 328;
  public static final int SXTH_W = 329;
  public static final int UXTAH = 330;
  public static final int UXTH_W = 331;
  public static final int SXTAB16 = 332;
  public static final int SXTB16 = 333;
  public static final int UXTAB16 = 334;
  public static final int UXTB16 = 335;
  public static final int SXTAB = 336;
  public static final int SXTB_W = 337;
  public static final int UXTAB = 338;
  public static final int UXTB_W = 339;
  public static final int PARALLEL = 340;
  public static final int QADD = 341;
  public static final int QDADD = 342;
  public static final int QSUB = 343;
  public static final int QDSUB = 344;
  public static final int REV_W = 345;
  public static final int REV16_W = 346;
  public static final int RBIT = 347;
  public static final int REVSH_W = 348;
  public static final int SEL = 349;
  public static final int CLZ = 350;
  public static final int MUL = 351;
  public static final int MLA = 352;
  public static final int MLS = 353;
  public static final int SMLAXY = 354;
  public static final int SMULXY = 355;
  public static final int SMLAD = 356;
  public static final int SMUAD = 357;
  public static final int SMLAWY = 358;
  public static final int SMULWY = 359;
  public static final int SMLSD = 360;
  public static final int SMUSD = 361;
  public static final int SMMLA = 362;
  public static final int SMMUL = 363;
  public static final int SMMLS = 364;
  public static final int USADA8 = 365;
  public static final int USAD8 = 366;
  public static final int SMULL = 367;
  public static final int SDIV = 368;
  public static final int UMULL = 369;
  public static final int UDIV = 370;
  public static final int SMLAL = 371;
  public static final int SMLALXY = 372;
  public static final int SMLALD = 373;
  public static final int SMLSLD = 374;
  public static final int UMLAL = 375;
  public static final int UMAAL = 376;
  public static final int LDR_W = 377;
  public static final int LDR_PUW = 378;
  public static final int LDRT = 379;
  public static final int LDR_LIT_W = 380;
  public static final int LDR_REG_W = 381;
  public static final int LDRB_W = 382;
  public static final int LDRB_PUW = 383;
  public static final int LDRBT = 384;
  public static final int LDRB_LIT = 385;
  public static final int LDRB_REG_W = 386;
  public static final int LDRSB_W = 387;
  public static final int LDRSB_PUW = 388;
  public static final int LDRSBT = 389;
  public static final int LDRSB_LIT = 390;
  public static final int LDRSB_REG_W = 391;
  public static final int LDRH_W = 392;
  public static final int LDRH_PUW = 393;
  public static final int LDRHT = 394;
  public static final int LDRH_LIT = 395;
  public static final int LDRH_REG_W = 396;
  public static final int LDRSH_W = 397;
  public static final int LDRSH_PUW = 398;
  public static final int LDRSHT = 399;
  public static final int LDRSH_LIT = 400;
  public static final int LDRSH_REG_W = 401;
  public static final int STR_W = 402;
  public static final int STR_PUW = 403;
  public static final int STRT = 404;
  public static final int STR_REG_W = 405;
  public static final int STRB_W = 406;
  public static final int STRB_PUW = 407;
  public static final int STRBT = 408;
  public static final int STRB_REG_W = 409;
  public static final int STRH_W = 410;
  public static final int STRH_PUW = 411;
  public static final int STRHT = 412;
  public static final int STRH_REG_W = 413;
  public static final int PRELOAD = 414;
  public static final int LDRD = 415;
  public static final int LDRD_LIT = 416;
  public static final int STRD = 417;
  public static final int LDREX = 418;
  public static final int LDREXB = 419;
  public static final int LDREXH = 420;
  public static final int STREX = 421;
  public static final int STREXB = 422;
  public static final int STREXH = 423;
  public static final int TBB = 424;
  public static final int TBH = 425;
  public static final int LDMIA = 426;
  public static final int LDMDB = 427;
  public static final int STMIA = 428;
  public static final int STMDB = 429;

  /** One past the largest id. */
  public static final int COUNT = 430;

  /** The first id of a 32-bit encoding. */
  public static final int WIDE = 256;

  public static int id(int op) {
    return op & 0x1FF;
  }

  public static int payload(int op) {
    return op >>> 9;
  }

  public static int pack(int id, int payload) {
    return id | payload << 9;
  }

  /** True for the ops of 32-bit encodings. */
  public static boolean isWide(int op) {
    return (op & WIDE) != 0;
  }

  /** 2 or 4: the length in bytes of the encoding an op came from. */
  public static int length(int op) {
    return 2 + ((op >>> 7) & 2);
  }
}

package io.hilt.sim.riscv;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** CSR numbers the core implements, and their names as GDB and QEMU spell them. */
public final class RvCsr {
  private RvCsr() {}

  public static final int MSTATUS = 0x300;
  public static final int MISA = 0x301;
  public static final int MIE = 0x304;
  public static final int MTVEC = 0x305;
  public static final int MCOUNTEREN = 0x306;
  public static final int MENVCFG = 0x30A;
  public static final int MSTATUSH = 0x310;
  public static final int MENVCFGH = 0x31A;
  public static final int MCOUNTINHIBIT = 0x320;
  public static final int MSCRATCH = 0x340;
  public static final int MEPC = 0x341;
  public static final int MCAUSE = 0x342;
  public static final int MTVAL = 0x343;
  public static final int MIP = 0x344;
  public static final int PMPCFG0 = 0x3A0;
  public static final int PMPADDR0 = 0x3B0;
  public static final int MCYCLE = 0xB00;
  public static final int MINSTRET = 0xB02;
  public static final int MCYCLEH = 0xB80;
  public static final int MINSTRETH = 0xB82;
  public static final int CYCLE = 0xC00;
  public static final int TIME = 0xC01;
  public static final int INSTRET = 0xC02;
  public static final int CYCLEH = 0xC80;
  public static final int TIMEH = 0xC81;
  public static final int INSTRETH = 0xC82;
  public static final int MVENDORID = 0xF11;
  public static final int MARCHID = 0xF12;
  public static final int MIMPID = 0xF13;
  public static final int MHARTID = 0xF14;
  public static final int MCONFIGPTR = 0xF15;

  /** mstatus fields the hart has. */
  public static final int MSTATUS_MIE = 1 << 3;

  public static final int MSTATUS_MPIE = 1 << 7;
  public static final int MSTATUS_MPP = 3 << 11;
  public static final int MSTATUS_MPRV = 1 << 17;
  public static final int MSTATUS_TW = 1 << 21;

  /** Interrupt bits of mip/mie: software, timer, external (M-mode). */
  public static final int MSIP = 1 << 3;

  public static final int MTIP = 1 << 7;
  public static final int MEIP = 1 << 11;

  /** misa: MXL = 1 (32-bit), extensions A, C, I, M, U. */
  public static final int MISA_VALUE = 0x4000_0000 | 1 | 1 << 2 | 1 << 8 | 1 << 12 | 1 << 20;

  private static final Map<String, Integer> BY_NAME = names();

  private static Map<String, Integer> names() {
    Map<String, Integer> m = new LinkedHashMap<>();
    m.put("mstatus", MSTATUS);
    m.put("misa", MISA);
    m.put("mie", MIE);
    m.put("mtvec", MTVEC);
    m.put("mcounteren", MCOUNTEREN);
    m.put("menvcfg", MENVCFG);
    m.put("mstatush", MSTATUSH);
    m.put("menvcfgh", MENVCFGH);
    m.put("mcountinhibit", MCOUNTINHIBIT);
    m.put("mscratch", MSCRATCH);
    m.put("mepc", MEPC);
    m.put("mcause", MCAUSE);
    m.put("mtval", MTVAL);
    m.put("mip", MIP);
    for (int i = 0; i < 4; i++) {
      m.put("pmpcfg" + i, PMPCFG0 + i);
    }
    for (int i = 0; i < Pmp.ENTRIES; i++) {
      m.put("pmpaddr" + i, PMPADDR0 + i);
    }
    m.put("mcycle", MCYCLE);
    m.put("minstret", MINSTRET);
    m.put("mcycleh", MCYCLEH);
    m.put("minstreth", MINSTRETH);
    m.put("cycle", CYCLE);
    m.put("time", TIME);
    m.put("instret", INSTRET);
    m.put("cycleh", CYCLEH);
    m.put("timeh", TIMEH);
    m.put("instreth", INSTRETH);
    m.put("mvendorid", MVENDORID);
    m.put("marchid", MARCHID);
    m.put("mimpid", MIMPID);
    m.put("mhartid", MHARTID);
    m.put("mconfigptr", MCONFIGPTR);
    return Collections.unmodifiableMap(m);
  }

  /** Every named CSR, in a stable order. */
  public static Map<String, Integer> byName() {
    return BY_NAME;
  }
}

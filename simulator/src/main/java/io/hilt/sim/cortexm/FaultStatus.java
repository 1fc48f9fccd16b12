package io.hilt.sim.cortexm;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * The ARMv7-M fault status and address registers: CFSR (MMFSR, BFSR, UFSR), HFSR, DFSR, MMFAR, BFAR
 * and AFSR. Status bits are sticky and write-one-to-clear; the address registers are plain
 * read-write. Reset clears all status bits (the address registers keep an UNKNOWN value: zero
 * here).
 */
public final class FaultStatus {
  // MMFSR, CFSR bits 7:0.
  public static final int IACCVIOL = 1;
  public static final int DACCVIOL = 1 << 1;
  public static final int MUNSTKERR = 1 << 3;
  public static final int MSTKERR = 1 << 4;
  public static final int MLSPERR = 1 << 5;
  public static final int MMARVALID = 1 << 7;
  // BFSR, CFSR bits 15:8.
  public static final int IBUSERR = 1 << 8;
  public static final int PRECISERR = 1 << 9;
  public static final int IMPRECISERR = 1 << 10;
  public static final int UNSTKERR = 1 << 11;
  public static final int STKERR = 1 << 12;
  public static final int LSPERR = 1 << 13;
  public static final int BFARVALID = 1 << 15;
  // UFSR, CFSR bits 31:16.
  public static final int UNDEFINSTR = 1 << 16;
  public static final int INVSTATE = 1 << 17;
  public static final int INVPC = 1 << 18;
  public static final int NOCP = 1 << 19;
  public static final int UNALIGNED = 1 << 24;
  public static final int DIVBYZERO = 1 << 25;
  // HFSR.
  public static final int VECTTBL = 1 << 1;
  public static final int FORCED = 1 << 30;
  public static final int DEBUGEVT = 1 << 31;
  // DFSR.
  public static final int HALTED = 1;
  public static final int BKPT = 1 << 1;
  public static final int DWTTRAP = 1 << 2;
  public static final int VCATCH = 1 << 3;
  public static final int EXTERNAL = 1 << 4;

  private static final int CFSR_BITS = 0x030F_BFBB;
  private static final int HFSR_BITS = VECTTBL | FORCED | DEBUGEVT;
  private static final int DFSR_BITS = 0x1F;

  private int cfsr;
  private int hfsr;
  private int dfsr;
  private int faultAddress;

  /** System reset: status cleared. DFSR is reset only by power-on (it belongs to debug). */
  public void reset() {
    cfsr = 0;
    hfsr = 0;
    faultAddress = 0;
  }

  public void powerOnReset() {
    reset();
    dfsr = 0;
  }

  public int cfsr() {
    return cfsr;
  }

  public int hfsr() {
    return hfsr;
  }

  public int dfsr() {
    return dfsr;
  }

  public int mmfar() {
    return faultAddress;
  }

  public int bfar() {
    return faultAddress;
  }

  /** AFSR: no implementation-defined auxiliary faults on the modelled cores. */
  public int afsr() {
    return 0;
  }

  /** Sets CFSR bits (a fault happened). */
  public void setCfsr(int bits) {
    cfsr |= bits & CFSR_BITS;
  }

  /** A MemManage data access violation: MMFAR holds the address, MMARVALID says so. */
  public void memManageAddress(int address) {
    faultAddress = address;
    cfsr = (cfsr & ~BFARVALID) | MMARVALID;
  }

  /** A precise BusFault: BFAR holds the address, BFARVALID says so. */
  public void busFaultAddress(int address) {
    faultAddress = address;
    cfsr = (cfsr & ~MMARVALID) | BFARVALID;
  }

  public void setHfsr(int bits) {
    hfsr |= bits & HFSR_BITS;
  }

  public void setDfsr(int bits) {
    dfsr |= bits & DFSR_BITS;
  }

  /** A write to CFSR, or to one of its bytes or halfword, as a word with the other bits zero. */
  public void writeCfsr(int value) {
    cfsr &= ~value;
  }

  public void writeHfsr(int value) {
    hfsr &= ~value;
  }

  public void writeDfsr(int value) {
    dfsr &= ~value;
  }

  public void writeMmfar(int value) {
    faultAddress = value;
  }

  public void writeBfar(int value) {
    faultAddress = value;
  }

  /** Writes the status registers, for a board that must outlive its process (fake-probe-rs). */
  public void saveState(DataOutput out) throws IOException {
    out.writeInt(cfsr);
    out.writeInt(hfsr);
    out.writeInt(dfsr);
    out.writeInt(faultAddress);
  }

  /** Reads what {@link #saveState} wrote. */
  public void restoreState(DataInput in) throws IOException {
    cfsr = in.readInt();
    hfsr = in.readInt();
    dfsr = in.readInt();
    faultAddress = in.readInt();
  }
}

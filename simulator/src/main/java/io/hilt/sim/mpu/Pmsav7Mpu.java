package io.hilt.sim.mpu;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.function.BooleanSupplier;

/**
 * The ARMv7-M Protected Memory System Architecture (PMSAv7) MPU: eight unified regions, programmed
 * through MPU_TYPE, MPU_CTRL, MPU_RNR, MPU_RBAR and MPU_RASR (plus the RBAR/RASR aliases A1..A3),
 * which sit at 0xE000ED90..0xE000EDB8 in the System Control Space.
 *
 * <h2>Rules (ARMv7-M Architecture Reference Manual, B3.5)</h2>
 *
 * <ul>
 *   <li>MPU_CTRL.ENABLE clear: the default memory map applies to everyone.
 *   <li>The Private Peripheral Bus (0xE0000000..0xE00FFFFF) always uses the default map; the SCS
 *       itself refuses unprivileged accesses (a BusFault, not the MPU's business).
 *   <li>A region matches when it is enabled, the address lies in its 2^(SIZE+1) bytes (the base is
 *       RBAR.ADDR with the bits below the size ignored) and, for regions of 256 bytes and more, the
 *       address's eighth is not disabled in SRD. The highest-numbered matching region decides.
 *   <li>No region matches: privileged accesses use the default map when PRIVDEFENA is set; every
 *       other access faults.
 *   <li>AP decides reads and writes (table below); fetches also need XN clear, and the System
 *       region 0xE0000000+ is never executable.
 *   <li>At a negative execution priority (HardFault, NMI, FAULTMASK) the MPU is off unless HFNMIENA
 *       is set.
 * </ul>
 *
 * <pre>
 * AP   privileged  unprivileged
 * 000  none        none
 * 001  RW          none
 * 010  RW          RO
 * 011  RW          RW
 * 100  none        none        (reserved: treated as no access)
 * 101  RO          none
 * 110  RO          RO
 * 111  RO          RO
 * </pre>
 *
 * <p>SIZE values below 4 (regions under 32 bytes) are reserved; such a region never matches. TEX,
 * S, C and B are stored and read back; they do not change behaviour (no caches modelled). Vector
 * table reads bypass the MPU; the exception model reads the table directly.
 */
public final class Pmsav7Mpu {
  public static final int REGIONS = 8;

  /** Offsets of the registers from MPU_TYPE (0xE000ED90). */
  public static final int TYPE = 0x00;

  public static final int CTRL = 0x04;
  public static final int RNR = 0x08;
  public static final int RBAR = 0x0C;
  public static final int RASR = 0x10;

  /** Bytes of register space, aliases included (0xE000ED90..0xE000EDBB). */
  public static final int WINDOW = 0x2C;

  public static final int CTRL_ENABLE = 1;
  public static final int CTRL_HFNMIENA = 2;
  public static final int CTRL_PRIVDEFENA = 4;

  private static final int RBAR_VALID = 1 << 4;
  private static final int RASR_WRITABLE = 0x173F_FF3F;
  private static final int XN = 1 << 28;

  private int ctrl;
  private int rnr;
  private final int[] rbar = new int[REGIONS];
  private final int[] rasr = new int[REGIONS];

  // Decoded regions, refreshed on every register write.
  private final boolean[] active = new boolean[REGIONS];
  private final int[] base = new int[REGIONS];
  private final long[] size = new long[REGIONS];
  private final int[] subregionShift = new int[REGIONS];
  private int uniformLog2 = 20;
  private Runnable onChange = () -> {};

  /** Called after every change of the configuration (so a core can drop cached decisions). */
  public void onChange(Runnable listener) {
    this.onChange = listener;
  }

  public void reset() {
    ctrl = 0;
    rnr = 0;
    java.util.Arrays.fill(rbar, 0);
    java.util.Arrays.fill(rasr, 0);
    decode();
    onChange.run();
  }

  /** MPU_CTRL.ENABLE. */
  public boolean enabled() {
    return (ctrl & CTRL_ENABLE) != 0;
  }

  // Registers ----------------------------------------------------------------------------------

  /** Reads the register at {@code offset} from MPU_TYPE (a word offset). */
  public int read(int offset) {
    return switch (offset) {
      case TYPE -> REGIONS << 8;
      case CTRL -> ctrl;
      case RNR -> rnr;
      case 0x0C, 0x14, 0x1C, 0x24 -> rbar[rnr] | rnr;
      case 0x10, 0x18, 0x20, 0x28 -> rasr[rnr];
      default -> 0;
    };
  }

  /** Writes the register at {@code offset} from MPU_TYPE; MPU_TYPE is read-only. */
  public void write(int offset, int value) {
    switch (offset) {
      case CTRL -> ctrl = value & (CTRL_ENABLE | CTRL_HFNMIENA | CTRL_PRIVDEFENA);
      case RNR -> {
        // Region numbers the MPU does not have are ignored, as QEMU does (UNPREDICTABLE).
        if (Integer.compareUnsigned(value & 0xFF, REGIONS) < 0) {
          rnr = value & 0xFF;
        }
      }
      case 0x0C, 0x14, 0x1C, 0x24 -> {
        if ((value & RBAR_VALID) != 0) {
          int region = value & 0xF;
          if (region >= REGIONS) {
            return;
          }
          rnr = region;
        }
        rbar[rnr] = value & ~0x1F;
      }
      case 0x10, 0x18, 0x20, 0x28 -> rasr[rnr] = value & RASR_WRITABLE;
      default -> {
        return;
      }
    }
    decode();
    onChange.run();
  }

  private void decode() {
    for (int i = 0; i < REGIONS; i++) {
      int sizeField = (rasr[i] >>> 1) & 0x1F;
      active[i] = (rasr[i] & 1) != 0 && sizeField >= 4;
      size[i] = 1L << (sizeField + 1);
      base[i] = (int) (Integer.toUnsignedLong(rbar[i]) & ~(size[i] - 1));
      // Subregions exist from 256 bytes (SIZE 7) up: each is an eighth of the region.
      subregionShift[i] = sizeField >= 7 ? sizeField + 1 - 3 : -1;
    }
    // The PPB (1 MiB) is the finest boundary of the default map; regions and subregions are
    // naturally aligned, so a block no larger than the smallest of them never straddles one.
    int log2 = 20;
    for (int i = 0; i < REGIONS; i++) {
      if (active[i]) {
        int granule = (rasr[i] >>> 1 & 0x1F) + 1;
        if (subregionShift[i] >= 0 && (rasr[i] & 0xFF00) != 0) {
          granule = subregionShift[i];
        }
        log2 = Math.min(log2, granule);
      }
    }
    uniformLog2 = log2;
  }

  /**
   * log2 of a naturally aligned block size over which every check gives the same answer whatever
   * the address: the smallest enabled region or subregion, at most 1 MiB.
   */
  public int uniformBlockLog2() {
    return uniformLog2;
  }

  // Checks -------------------------------------------------------------------------------------

  /**
   * Whether an access is permitted.
   *
   * @param negativePriority asked only when it matters: true when the core runs at a negative
   *     execution priority (HardFault, NMI or FAULTMASK), where HFNMIENA clear turns the MPU off
   */
  public boolean permits(
      int address, Access access, boolean privileged, BooleanSupplier negativePriority) {
    if ((ctrl & CTRL_ENABLE) == 0 || DefaultMemoryMap.privatePeripheralBus(address)) {
      return DefaultMemoryMap.permits(address, access);
    }
    boolean allowed = regionsPermit(address, access, privileged);
    if ((ctrl & CTRL_HFNMIENA) == 0
        && (!allowed || (access == Access.FETCH && DefaultMemoryMap.executeNever(address)))
        && negativePriority.getAsBoolean()) {
      return DefaultMemoryMap.permits(address, access);
    }
    return allowed;
  }

  private boolean regionsPermit(int address, Access access, boolean privileged) {
    int region = matchingRegion(address);
    if (region < 0) {
      return privileged
          && (ctrl & CTRL_PRIVDEFENA) != 0
          && DefaultMemoryMap.permits(address, access);
    }
    if (access == Access.FETCH
        && ((rasr[region] & XN) != 0 || DefaultMemoryMap.systemRegion(address))) {
      return false;
    }
    return apPermits((rasr[region] >>> 24) & 7, privileged, access == Access.WRITE);
  }

  /** The highest-numbered enabled region covering {@code address}, or -1. */
  public int matchingRegion(int address) {
    for (int i = REGIONS - 1; i >= 0; i--) {
      if (active[i]) {
        long offset = Integer.toUnsignedLong(address - base[i]);
        if (offset < size[i]
            && (subregionShift[i] < 0
                || (rasr[i] & (1 << (8 + (int) (offset >>> subregionShift[i])))) == 0)) {
          return i;
        }
      }
    }
    return -1;
  }

  static boolean apPermits(int ap, boolean privileged, boolean write) {
    return switch (ap) {
      case 1 -> privileged;
      case 2 -> privileged || !write;
      case 3 -> true;
      case 5 -> privileged && !write;
      case 6, 7 -> !write;
      default -> false;
    };
  }

  /** Why an access was refused, for fault reports (call only after {@link #permits} said no). */
  public String explain(int address, Access access, boolean privileged) {
    String who = privileged ? "privileged" : "unprivileged";
    String what =
        switch (access) {
          case READ -> "read";
          case WRITE -> "write";
          case FETCH -> "instruction fetch";
        };
    int region = enabled() ? matchingRegion(address) : -1;
    if (region < 0) {
      if (access == Access.FETCH && DefaultMemoryMap.executeNever(address)) {
        return String.format(
            "%s %s at 0x%08x: the default memory map makes this region execute-never",
            who, what, address);
      }
      return String.format(
          "%s %s at 0x%08x: no MPU region covers it%s",
          who,
          what,
          address,
          privileged ? " and PRIVDEFENA is clear" : " (the background map is privileged only)");
    }
    String range =
        String.format(
            "MPU region %d (0x%08x..0x%08x)",
            region, base[region], base[region] + size[region] - 1);
    if (access == Access.FETCH
        && ((rasr[region] & XN) != 0 || DefaultMemoryMap.systemRegion(address))) {
      return String.format("%s at 0x%08x: %s is execute-never", what, address, range);
    }
    return String.format(
        "%s %s at 0x%08x: %s allows %s",
        who, what, address, range, permissionText((rasr[region] >>> 24) & 7, privileged));
  }

  private static String permissionText(int ap, boolean privileged) {
    boolean read = apPermits(ap, privileged, false);
    boolean write = apPermits(ap, privileged, true);
    String access = write ? "read-write" : read ? "read-only" : "no";
    return access + " access to " + (privileged ? "privileged" : "unprivileged") + " code";
  }

  /** Writes MPU_CTRL, MPU_RNR and every region's RBAR and RASR. */
  public void saveState(DataOutput out) throws IOException {
    out.writeInt(ctrl);
    out.writeInt(rnr);
    for (int i = 0; i < REGIONS; i++) {
      out.writeInt(rbar[i]);
      out.writeInt(rasr[i]);
    }
  }

  /** Reads what {@link #saveState} wrote. */
  public void restoreState(DataInput in) throws IOException {
    ctrl = in.readInt();
    rnr = in.readInt();
    for (int i = 0; i < REGIONS; i++) {
      rbar[i] = in.readInt();
      rasr[i] = in.readInt();
    }
    decode();
    onChange.run();
  }
}

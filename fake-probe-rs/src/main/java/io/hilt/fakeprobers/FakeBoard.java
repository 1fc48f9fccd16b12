package io.hilt.fakeprobers;

import io.hilt.probe.target.Arch;
import io.hilt.probe.target.DebugTarget;
import io.hilt.probe.target.MemoryRegion;
import io.hilt.probe.target.ResetMode;
import io.hilt.probe.target.TargetSpec;
import io.hilt.sim.SimDriver;
import io.hilt.sim.SimTarget;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * The simulated board behind the stand-in probe, kept in a state directory between invocations (a
 * real board keeps its state between probe-rs runs too): the non-zero 4 KiB pages of its memory,
 * its core registers, whether the core is halted, and the debug unit's registers (DHCSR run state,
 * DCRDR, DEMCR) that the probe side of a real chip holds.
 *
 * <p>The board is the simulator's Cortex-M0+ on the mps2-an385 map: code at 0 and RAM at
 * 0x20000000, 4 MiB each. Time stands still between invocations: the firmware only runs while a
 * {@code run} or {@code attach} is watching it.
 */
final class FakeBoard implements AutoCloseable {
  static final long DHCSR = 0xE000_EDF0L;
  static final long DCRSR = 0xE000_EDF4L;
  static final long DCRDR = 0xE000_EDF8L;
  static final long DEMCR = 0xE000_EDFCL;
  static final long AIRCR = 0xE000_ED0CL;
  static final int PAGE = 4096;
  static final List<MemoryRegion> MEMORY =
      List.of(
          new MemoryRegion("code", 0x0000_0000L, 4L << 20),
          new MemoryRegion("ram", 0x2000_0000L, 4L << 20));

  /** Core registers by DCRSR.REGSEL (20 is CONTROL/FAULTMASK/BASEPRI/PRIMASK). */
  static final Map<Integer, String> REGSEL =
      Map.ofEntries(
          Map.entry(0, "r0"),
          Map.entry(1, "r1"),
          Map.entry(2, "r2"),
          Map.entry(3, "r3"),
          Map.entry(4, "r4"),
          Map.entry(5, "r5"),
          Map.entry(6, "r6"),
          Map.entry(7, "r7"),
          Map.entry(8, "r8"),
          Map.entry(9, "r9"),
          Map.entry(10, "r10"),
          Map.entry(11, "r11"),
          Map.entry(12, "r12"),
          Map.entry(13, "sp"),
          Map.entry(14, "lr"),
          Map.entry(15, "pc"),
          Map.entry(16, "xpsr"),
          Map.entry(17, "msp"),
          Map.entry(18, "psp"));

  private final Path dir;
  final DebugTarget sim;
  boolean halted = true;
  long dcrdr;
  long demcr;

  /** System control space words as they were when the core stopped (the live ones are reset). */
  final Map<Long, Long> scsSnapshot = new HashMap<>();

  private FakeBoard(Path dir, DebugTarget sim) {
    this.dir = dir;
    this.sim = sim;
  }

  static FakeBoard open(Path stateDir, Arch arch) throws IOException {
    Path dir = stateDir.resolve("board");
    Files.createDirectories(dir);
    DebugTarget sim =
        new SimDriver().open(new TargetSpec("fake-probe-rs", arch, "sim", MEMORY, Map.of()));
    // The simulator's first reset saw an empty vector table and left an invalid-state trap
    // pending that a later reset does not clear (ExceptionUnit.reset keeps
    // pendingInvalidStateAtReset); running the empty board once takes it, before the real image
    // goes in.
    sim.resume();
    sim.waitForStop(Duration.ofSeconds(5));
    FakeBoard board = new FakeBoard(dir, sim);
    board.restore();
    return board;
  }

  private void restore() throws IOException {
    Path memory = dir.resolve("memory.bin.gz");
    if (!Files.exists(memory)) {
      return;
    }
    try (DataInputStream in =
        new DataInputStream(new GZIPInputStream(Files.newInputStream(memory)))) {
      int pages = in.readInt();
      byte[] page = new byte[PAGE];
      for (int i = 0; i < pages; i++) {
        long address = in.readInt() & 0xFFFF_FFFFL;
        in.readFully(page);
        sim.writeMemory(address, page);
      }
    }
    // A reset with the image in place clears what the empty board's first reset left pending
    // (an invalid-state event from a zero vector table); the saved registers then go on top.
    sim.reset(ResetMode.HALT);
    Map<String, Long> values = readMap(dir.resolve("core.txt"));
    // Stack pointers and CONTROL first: "sp" is whichever of MSP/PSP CONTROL selects.
    for (String name : List.of("msp", "psp", "control", "primask", "basepri", "faultmask")) {
      if (values.containsKey(name)) {
        sim.writeRegister(name, values.get(name));
      }
    }
    // PC before xPSR: the simulator takes the Thumb bit from a written PC, xPSR sets it last.
    for (String name :
        List.of(
            "r0", "r1", "r2", "r3", "r4", "r5", "r6", "r7", "r8", "r9", "r10", "r11", "r12", "lr",
            "pc", "xpsr")) {
      if (values.containsKey(name)) {
        sim.writeRegister(name, values.get(name));
      }
    }
    // SCB, NVIC (active and pending exceptions), SysTick, fault status and MPU, as a real board
    // keeps them between two probe-rs sessions
    Path system = dir.resolve("system.bin");
    if (Files.exists(system) && sim instanceof SimTarget target) {
      try (DataInputStream in = new DataInputStream(Files.newInputStream(system))) {
        target.restoreSystemState(in);
      }
    }
    halted = values.getOrDefault("debug.halted", 1L) != 0;
    dcrdr = values.getOrDefault("debug.dcrdr", 0L);
    demcr = values.getOrDefault("debug.demcr", 0L);
    values.forEach(
        (k, v) -> {
          if (k.startsWith("scs.")) {
            scsSnapshot.put(Long.parseLong(k.substring(4), 16), v);
          }
        });
  }

  void save() throws IOException {
    Path temp = dir.resolve("memory.bin.gz.tmp");
    List<long[]> pages = new ArrayList<>();
    List<byte[]> data = new ArrayList<>();
    for (MemoryRegion r : MEMORY) {
      for (long a = r.start(); a < r.end(); a += PAGE) {
        byte[] page = sim.readMemory(a, PAGE);
        for (byte b : page) {
          if (b != 0) {
            pages.add(new long[] {a});
            data.add(page);
            break;
          }
        }
      }
    }
    try (OutputStream file = Files.newOutputStream(temp);
        DataOutputStream out = new DataOutputStream(new GZIPOutputStream(file))) {
      out.writeInt(pages.size());
      for (int i = 0; i < pages.size(); i++) {
        out.writeInt((int) pages.get(i)[0]);
        out.write(data.get(i));
      }
    }
    Files.move(temp, dir.resolve("memory.bin.gz"), StandardCopyOption.REPLACE_EXISTING);
    saveRunState();
  }

  /** Saves registers, the system state and the debug unit's state, not memory. */
  void saveRunState() throws IOException {
    StringBuilder core = new StringBuilder();
    for (String name : sim.registerNames()) {
      if (!name.equals("sp")) {
        core.append(name).append('=').append(Long.toHexString(sim.readRegister(name))).append('\n');
      }
    }
    core.append("debug.halted=").append(halted ? 1 : 0).append('\n');
    core.append("debug.dcrdr=").append(Long.toHexString(dcrdr)).append('\n');
    core.append("debug.demcr=").append(Long.toHexString(demcr)).append('\n');
    scsSnapshot.forEach(
        (k, v) ->
            core.append("scs.")
                .append(Long.toHexString(k))
                .append('=')
                .append(Long.toHexString(v))
                .append('\n'));
    if (sim instanceof SimTarget target) {
      Path systemTemp = dir.resolve("system.bin.tmp");
      try (DataOutputStream out = new DataOutputStream(Files.newOutputStream(systemTemp))) {
        target.saveSystemState(out);
      }
      Files.move(systemTemp, dir.resolve("system.bin"), StandardCopyOption.REPLACE_EXISTING);
    }
    Path coreTemp = dir.resolve("core.txt.tmp");
    Files.writeString(coreTemp, core.toString());
    Files.move(coreTemp, dir.resolve("core.txt"), StandardCopyOption.REPLACE_EXISTING);
  }

  /** Keeps the fault status words a debugger would read after the core stopped. */
  void snapshotScs() {
    scsSnapshot.clear();
    for (long a = 0xE000_ED00L; a < 0xE000_ED40L; a += 4) {
      byte[] b = sim.readMemory(a, 4);
      scsSnapshot.put(a, le(b, 0));
    }
  }

  void reset(boolean haltAfter) {
    sim.reset(ResetMode.HALT);
    scsSnapshot.clear();
    halted = haltAfter;
  }

  // Debug-port view of memory: the debug unit's registers are the probe's, the rest the bus's.

  long read32(long address) {
    if (address == DHCSR) {
      // S_REGRDY | S_HALT (when halted) | C_DEBUGEN | C_HALT (when halted)
      return (1L << 16) | (halted ? (1L << 17) | 2 : 0) | 1;
    }
    if (address == DCRDR) {
      return dcrdr;
    }
    if (address == DEMCR) {
      return demcr;
    }
    if (scsSnapshot.containsKey(address)) {
      return scsSnapshot.get(address);
    }
    return le(sim.readMemory(address, 4), 0);
  }

  int read8(long address) {
    long word = read32(address & ~3L);
    return (int) (word >>> (8 * (address & 3))) & 0xff;
  }

  void write32(long address, long value) {
    if (address == DHCSR) {
      if ((value >>> 16) == 0xA05F) {
        halted = (value & 2) != 0;
      }
      return;
    }
    if (address == DCRSR) {
      int sel = (int) (value & 0x7f);
      boolean write = (value & 0x1_0000L) != 0;
      if (sel == 20) {
        if (write) {
          sim.writeRegister("primask", dcrdr & 1);
          sim.writeRegister("control", (dcrdr >>> 24) & 0xff);
        } else {
          dcrdr = (sim.readRegister("control") << 24) | sim.readRegister("primask");
        }
        return;
      }
      String name = REGSEL.get(sel);
      if (name == null) {
        return;
      }
      if (write) {
        sim.writeRegister(name, dcrdr);
      } else {
        dcrdr = sim.readRegister(name);
      }
      return;
    }
    if (address == DCRDR) {
      dcrdr = value & 0xFFFF_FFFFL;
      return;
    }
    if (address == DEMCR) {
      demcr = value & 0xFFFF_FFFFL;
      return;
    }
    if (address == AIRCR && (value & 0xFFFF_0004L) == 0x05FA_0004L) {
      reset((demcr & 1) != 0);
      return;
    }
    sim.writeMemory(
        address,
        new byte[] {
          (byte) value, (byte) (value >>> 8), (byte) (value >>> 16), (byte) (value >>> 24)
        });
  }

  void write8(long address, int value) {
    sim.writeMemory(address, new byte[] {(byte) value});
  }

  static long le(byte[] b, int at) {
    return (b[at] & 0xffL)
        | (b[at + 1] & 0xffL) << 8
        | (b[at + 2] & 0xffL) << 16
        | (b[at + 3] & 0xffL) << 24;
  }

  private static Map<String, Long> readMap(Path file) throws IOException {
    Map<String, Long> map = new HashMap<>();
    if (!Files.exists(file)) {
      return map;
    }
    try (InputStream in = Files.newInputStream(file)) {
      for (String line :
          new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).split("\n")) {
        int eq = line.indexOf('=');
        if (eq > 0) {
          map.put(
              line.substring(0, eq), Long.parseUnsignedLong(line.substring(eq + 1).strip(), 16));
        }
      }
    }
    return map;
  }

  @Override
  public void close() {
    sim.close();
  }
}

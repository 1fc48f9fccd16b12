package io.hilt.sim.bus;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A 32-bit address space of regions. RAM is reached through a table indexed by the top address
 * byte, so ordinary loads and stores cost one array read and a range check; devices are searched
 * among the few mapped under the same top byte.
 */
public final class SystemBus implements Bus {
  private record Mapping(int base, long window, Region region) {
    boolean contains(int address) {
      return Integer.toUnsignedLong(address - base) < window;
    }
  }

  private final RamRegion[] ramByTop = new RamRegion[256];
  private final Mapping[][] devicesByTop = new Mapping[256][];
  private final List<RamRegion> rams = new ArrayList<>();
  private final List<Mapping> all = new ArrayList<>();

  /** Maps RAM over its window; RAM windows must start on a 16 MiB boundary or own theirs alone. */
  public SystemBus map(RamRegion ram) {
    checkFree(ram.base(), ram.window(), ram.name());
    for (long a = Integer.toUnsignedLong(ram.base()) >>> 24;
        a <= (Integer.toUnsignedLong(ram.base()) + ram.window() - 1) >>> 24;
        a++) {
      if (ramByTop[(int) a] != null) {
        throw new IllegalArgumentException(
            "RAM " + ram.name() + " shares a 16 MiB block with " + ramByTop[(int) a].name());
      }
      ramByTop[(int) a] = ram;
    }
    rams.add(ram);
    all.add(new Mapping(ram.base(), ram.window(), ram));
    return this;
  }

  /** Maps a device at {@code base} answering {@code window} bytes. */
  public SystemBus map(int base, long window, Region device) {
    checkFree(base, window, device.name());
    Mapping m = new Mapping(base, window, device);
    for (long a = Integer.toUnsignedLong(base) >>> 24;
        a <= (Integer.toUnsignedLong(base) + window - 1) >>> 24;
        a++) {
      Mapping[] old = devicesByTop[(int) a];
      Mapping[] grown = old == null ? new Mapping[1] : java.util.Arrays.copyOf(old, old.length + 1);
      grown[grown.length - 1] = m;
      devicesByTop[(int) a] = grown;
    }
    all.add(m);
    return this;
  }

  private void checkFree(int base, long window, String name) {
    long start = Integer.toUnsignedLong(base);
    if (window <= 0 || start + window > 0x1_0000_0000L) {
      throw new IllegalArgumentException(name + ": window outside the 32-bit space");
    }
    for (Mapping m : all) {
      long s = Integer.toUnsignedLong(m.base());
      if (start < s + m.window() && s < start + window) {
        throw new IllegalArgumentException(name + " overlaps " + m.region().name());
      }
    }
  }

  public List<RamRegion> rams() {
    return List.copyOf(rams);
  }

  @Override
  public Optional<RamRegion> ramAt(int address) {
    RamRegion ram = ramByTop[address >>> 24];
    return ram != null && ram.contains(address) ? Optional.of(ram) : Optional.empty();
  }

  /** The name of the region answering {@code address}. */
  public Optional<String> regionName(int address) {
    return find(address).map(m -> m.region().name());
  }

  private Optional<Mapping> find(int address) {
    for (Mapping m : all) {
      if (m.contains(address)) {
        return Optional.of(m);
      }
    }
    return Optional.empty();
  }

  private Mapping device(int address) {
    Mapping[] candidates = devicesByTop[address >>> 24];
    if (candidates != null) {
      for (Mapping m : candidates) {
        if (m.contains(address)) {
          return m;
        }
      }
    }
    return null;
  }

  private long deviceRead(int address, int size) {
    Mapping m = device(address);
    return m == null ? ERROR : m.region().read(address - m.base(), size);
  }

  private boolean deviceWrite(int address, int size, int value) {
    Mapping m = device(address);
    return m != null && m.region().write(address - m.base(), size, value);
  }

  /** A debugger's byte read: no side effects in devices; {@link Bus#ERROR} when unmapped. */
  public long peek8(int address) {
    RamRegion ram = ramByTop[address >>> 24];
    if (ram != null && ram.contains(address)) {
      return ram.load8(address);
    }
    Mapping m = device(address);
    return m == null ? ERROR : m.region().peek(address - m.base(), 1);
  }

  @Override
  public long read8(int address) {
    RamRegion ram = ramByTop[address >>> 24];
    if (ram != null && ram.contains(address)) {
      return ram.load8(address);
    }
    return deviceRead(address, 1);
  }

  @Override
  public long read16(int address) {
    RamRegion ram = ramByTop[address >>> 24];
    if (ram != null && ram.contains(address)) {
      return ram.load16(address);
    }
    return deviceRead(address, 2);
  }

  @Override
  public long read32(int address) {
    RamRegion ram = ramByTop[address >>> 24];
    if (ram != null && ram.contains(address)) {
      return Integer.toUnsignedLong(ram.load32(address));
    }
    return deviceRead(address, 4);
  }

  @Override
  public boolean write8(int address, int value) {
    RamRegion ram = ramByTop[address >>> 24];
    if (ram != null && ram.contains(address)) {
      ram.store8(address, value);
      return true;
    }
    return deviceWrite(address, 1, value & 0xFF);
  }

  @Override
  public boolean write16(int address, int value) {
    RamRegion ram = ramByTop[address >>> 24];
    if (ram != null && ram.contains(address)) {
      ram.store16(address, value);
      return true;
    }
    return deviceWrite(address, 2, value & 0xFFFF);
  }

  @Override
  public boolean write32(int address, int value) {
    RamRegion ram = ramByTop[address >>> 24];
    if (ram != null && ram.contains(address)) {
      ram.store32(address, value);
      return true;
    }
    return deviceWrite(address, 4, value);
  }
}

package io.hilt.probe.rtt;

import io.hilt.probe.elf.ElfFile;
import io.hilt.probe.elf.ElfSymbol;
import io.hilt.probe.target.DebugTarget;
import io.hilt.probe.target.MemoryRegion;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * SEGGER RTT over a {@link DebugTarget}'s memory access, so one implementation serves every driver
 * (probe-rs, GDB, the simulator). Reads are non-intrusive: the core keeps running.
 *
 * <p>Every address the reader touches is checked first against the memory regions it was given: a
 * corrupt block gives an {@link RttException} naming the field and its address, never a read
 * outside those regions and never a loop without a bound.
 *
 * <p>Not thread-safe: one reader per target.
 */
public final class Rtt {
  /** The symbol SEGGER's implementation (and defmt-rtt, rtt-target) defines for the block. */
  public static final String SYMBOL = "_SEGGER_RTT";

  /** Most channels per direction accepted; SEGGER's default is 3, real firmware uses a few. */
  public static final int MAX_CHANNELS = 32;

  /** Largest buffer accepted (1 MiB; typical buffers are 1 to 16 KiB). */
  public static final long MAX_BUFFER_SIZE = 1L << 20;

  /** Longest channel name read. */
  public static final int MAX_NAME = 64;

  /** Bytes read per step when scanning memory for the id. */
  public static final int DEFAULT_SCAN_CHUNK = 4096;

  private static final byte[] ID_BYTES = RttControlBlock.ID.getBytes(StandardCharsets.US_ASCII);

  private final DebugTarget target;
  private final List<MemoryRegion> regions;
  private final RttControlBlock block;

  private Rtt(DebugTarget target, List<MemoryRegion> regions, RttControlBlock block) {
    this.target = target;
    this.regions = regions;
    this.block = block;
  }

  /** The address of {@value #SYMBOL} in the firmware, if it defines one. */
  public static Optional<Long> symbolAddress(ElfFile elf) {
    return elf.symbol(SYMBOL).map(ElfSymbol::value);
  }

  /**
   * Attaches to the block at a known address (from {@link #symbolAddress}), polling until the
   * firmware has initialised it.
   *
   * @param regions the memory the reader may touch (RAM, and flash for channel names)
   * @throws RttException when the block is still not initialised after {@code timeout}, or corrupt
   */
  public static Rtt attach(
      DebugTarget target,
      long address,
      List<MemoryRegion> regions,
      Duration timeout,
      Duration pollInterval) {
    List<MemoryRegion> checked = checkRegions(regions);
    Deadline deadline = new Deadline(timeout, pollInterval);
    while (true) {
      Optional<RttControlBlock> block = parse(target, address, checked);
      if (block.isPresent()) {
        return new Rtt(target, checked, block.get());
      }
      if (!deadline.pause()) {
        throw new RttException(
            String.format(
                "RTT control block at 0x%08x is not initialised after %d ms: its id is not \"%s\""
                    + " (has the firmware called its RTT init yet?)",
                address, timeout.toMillis(), RttControlBlock.ID));
      }
    }
  }

  /**
   * Attaches the way hilt does by default: at {@value #SYMBOL} when the firmware defines it,
   * otherwise by scanning {@code regions}.
   */
  public static Rtt attach(
      DebugTarget target,
      Optional<ElfFile> firmware,
      List<MemoryRegion> regions,
      Duration timeout,
      Duration pollInterval) {
    Optional<Long> address = firmware.flatMap(Rtt::symbolAddress);
    if (address.isPresent()) {
      return attach(target, address.get(), regions, timeout, pollInterval);
    }
    return scanAndAttach(target, regions, timeout, pollInterval);
  }

  /**
   * Attaches by scanning {@code regions} for the id, polling (rescanning) until a block is found.
   *
   * @throws RttException when none is found within {@code timeout}, or the one found is corrupt
   */
  public static Rtt scanAndAttach(
      DebugTarget target, List<MemoryRegion> regions, Duration timeout, Duration pollInterval) {
    List<MemoryRegion> checked = checkRegions(regions);
    Deadline deadline = new Deadline(timeout, pollInterval);
    while (true) {
      Optional<RttControlBlock> block = scan(target, checked, DEFAULT_SCAN_CHUNK);
      if (block.isPresent()) {
        return new Rtt(target, checked, block.get());
      }
      if (!deadline.pause()) {
        throw new RttException(
            "no RTT control block (id \""
                + RttControlBlock.ID
                + "\") found in "
                + describe(checked)
                + " after "
                + timeout.toMillis()
                + " ms");
      }
    }
  }

  /**
   * Scans {@code regions} for a control block, reading at most {@code chunkSize} (plus the id
   * length) bytes at a time. An id found in a corrupt block is skipped when a later one parses;
   * otherwise the first one's error is thrown.
   *
   * @return the first block that parses, or empty when no region holds the id
   */
  public static Optional<RttControlBlock> scan(
      DebugTarget target, List<MemoryRegion> regions, int chunkSize) {
    if (chunkSize < ID_BYTES.length) {
      throw new IllegalArgumentException("scan chunk " + chunkSize + " is shorter than the id");
    }
    List<MemoryRegion> checked = checkRegions(regions);
    RttException firstError = null;
    for (MemoryRegion region : checked) {
      long pos = region.start();
      while (pos < region.end()) {
        // overlap by the id length minus one so an id straddling two chunks is seen once
        int length = (int) Math.min(chunkSize + ID_BYTES.length - 1L, region.end() - pos);
        if (length < ID_BYTES.length) {
          break;
        }
        byte[] chunk = target.readMemory(pos, length);
        for (int i = 0; i + ID_BYTES.length <= chunk.length && i < chunkSize; i++) {
          if (matchesId(chunk, i)) {
            try {
              Optional<RttControlBlock> block = parse(target, pos + i, checked);
              if (block.isPresent()) {
                return block;
              }
            } catch (RttException e) {
              if (firstError == null) {
                firstError = e;
              }
            }
          }
        }
        pos += chunkSize;
      }
    }
    if (firstError != null) {
      throw firstError;
    }
    return Optional.empty();
  }

  private static boolean matchesId(byte[] chunk, int at) {
    for (int j = 0; j < ID_BYTES.length; j++) {
      if (chunk[at + j] != ID_BYTES[j]) {
        return false;
      }
    }
    return true;
  }

  /**
   * Parses the block at {@code address}.
   *
   * @return empty when the id is not (yet) there: the firmware has not initialised the block
   * @throws RttException when the id is there but a field is out of bounds
   */
  public static Optional<RttControlBlock> parse(
      DebugTarget target, long address, List<MemoryRegion> regions) {
    List<MemoryRegion> checked = checkRegions(regions);
    requireInside(checked, address, RttControlBlock.HEADER_SIZE, "control block header", address);
    byte[] header = target.readMemory(address, RttControlBlock.HEADER_SIZE);
    if (!matchesId(header, 0) || header[ID_BYTES.length] != 0) {
      return Optional.empty();
    }
    long maxUp = u32(header, 16);
    long maxDown = u32(header, 20);
    checkCount(maxUp, "MaxNumUpBuffers", address + 16);
    checkCount(maxDown, "MaxNumDownBuffers", address + 20);
    int count = (int) (maxUp + maxDown);
    long descriptors = address + RttControlBlock.HEADER_SIZE;
    int tableSize = count * RttChannel.DESCRIPTOR_SIZE;
    List<RttChannel> up = new ArrayList<>();
    List<RttChannel> down = new ArrayList<>();
    if (count > 0) {
      requireInside(checked, descriptors, tableSize, "buffer descriptors", address);
      byte[] table = target.readMemory(descriptors, tableSize);
      for (int i = 0; i < count; i++) {
        RttChannel.Direction direction =
            i < maxUp ? RttChannel.Direction.UP : RttChannel.Direction.DOWN;
        int index = (int) (i < maxUp ? i : i - maxUp);
        long at = descriptors + (long) i * RttChannel.DESCRIPTOR_SIZE;
        Optional<RttChannel> channel =
            descriptor(
                target, checked, table, i * RttChannel.DESCRIPTOR_SIZE, at, direction, index);
        channel.ifPresent(c -> (direction == RttChannel.Direction.UP ? up : down).add(c));
      }
    }
    return Optional.of(new RttControlBlock(address, up, down));
  }

  private static Optional<RttChannel> descriptor(
      DebugTarget target,
      List<MemoryRegion> regions,
      byte[] table,
      int off,
      long at,
      RttChannel.Direction direction,
      int index) {
    long namePointer = u32(table, off + RttChannel.NAME);
    long buffer = u32(table, off + RttChannel.BUFFER);
    long size = u32(table, off + RttChannel.SIZE);
    long write = u32(table, off + RttChannel.WRITE);
    long read = u32(table, off + RttChannel.READ);
    long flags = u32(table, off + RttChannel.FLAGS);
    String what = direction + " channel " + index;
    if (buffer == 0) {
      return Optional.empty(); // a configured-out channel: SEGGER leaves it zeroed
    }
    if (size == 0 || size > MAX_BUFFER_SIZE) {
      throw corrupt(
          what,
          "SizeOfBuffer",
          at + RttChannel.SIZE,
          size + " (allowed 1.." + MAX_BUFFER_SIZE + ")");
    }
    requireInside(
        regions, buffer, size, what + " buffer (pBuffer, SizeOfBuffer)", at + RttChannel.BUFFER);
    if (write >= size) {
      throw corrupt(
          what, "WrOff", at + RttChannel.WRITE, write + " (SizeOfBuffer is " + size + ")");
    }
    if (read >= size) {
      throw corrupt(what, "RdOff", at + RttChannel.READ, read + " (SizeOfBuffer is " + size + ")");
    }
    return Optional.of(
        new RttChannel(
            direction,
            index,
            at,
            readName(target, regions, namePointer),
            namePointer,
            buffer,
            size,
            write,
            read,
            flags));
  }

  private static Optional<String> readName(
      DebugTarget target, List<MemoryRegion> regions, long pointer) {
    if (pointer == 0) {
      return Optional.empty();
    }
    for (MemoryRegion r : regions) {
      if (r.contains(pointer)) {
        int length = (int) Math.min(MAX_NAME, r.end() - pointer);
        byte[] bytes = target.readMemory(pointer, length);
        int end = 0;
        while (end < bytes.length && bytes[end] != 0) {
          end++;
        }
        return Optional.of(new String(bytes, 0, end, StandardCharsets.UTF_8));
      }
    }
    return Optional.empty(); // names often live in flash the caller did not list
  }

  public RttControlBlock controlBlock() {
    return block;
  }

  /** The up channel with this index. */
  public RttChannel upChannel(int index) {
    return find(block.up(), index, RttChannel.Direction.UP);
  }

  /** The down channel with this index. */
  public RttChannel downChannel(int index) {
    return find(block.down(), index, RttChannel.Direction.DOWN);
  }

  private RttChannel find(List<RttChannel> channels, int index, RttChannel.Direction direction) {
    for (RttChannel c : channels) {
      if (c.index() == index) {
        return c;
      }
    }
    throw new RttException(
        String.format(
            "RTT control block at 0x%08x has no %s channel %d (it has %s)",
            block.address(),
            direction,
            index,
            channels.stream().map(c -> Integer.toString(c.index())).toList()));
  }

  /**
   * Reads what the target wrote to an up channel since the last read (at most {@code maxBytes}),
   * and advances {@code RdOff} past it so the target can reuse the space.
   *
   * @return the bytes, empty when nothing is pending
   * @throws RttException when an offset read now is out of bounds (the block was overwritten)
   */
  public byte[] read(int upChannel, int maxBytes) {
    if (maxBytes < 0) {
      throw new IllegalArgumentException("maxBytes " + maxBytes + " is negative");
    }
    RttChannel c = upChannel(upChannel);
    long[] offsets = offsets(c);
    long write = offsets[0];
    long read = offsets[1];
    long pending = write >= read ? write - read : c.size() - read + write;
    int n = (int) Math.min(pending, maxBytes);
    if (n == 0) {
      return new byte[0];
    }
    byte[] out = new byte[n];
    int first = (int) Math.min(n, c.size() - read);
    System.arraycopy(target.readMemory(c.bufferAddress() + read, first), 0, out, 0, first);
    if (first < n) {
      System.arraycopy(target.readMemory(c.bufferAddress(), n - first), 0, out, first, n - first);
    }
    writeU32(c.descriptorAddress() + RttChannel.READ, (read + n) % c.size());
    return out;
  }

  /**
   * Writes to a down channel as far as its mode allows: {@link ChannelMode#NO_BLOCK_SKIP} writes
   * all or nothing, the others write what fits.
   *
   * @return the number of bytes written
   */
  public int write(int downChannel, byte[] data) {
    Objects.requireNonNull(data, "data");
    RttChannel c = downChannel(downChannel);
    long[] offsets = offsets(c);
    long write = offsets[0];
    long read = offsets[1];
    long free = (read - write - 1 + c.size()) % c.size();
    int n;
    if (c.mode() == ChannelMode.NO_BLOCK_SKIP) {
      n = data.length <= free ? data.length : 0;
    } else {
      n = (int) Math.min(free, data.length);
    }
    if (n == 0) {
      return 0;
    }
    int first = (int) Math.min(n, c.size() - write);
    target.writeMemory(c.bufferAddress() + write, Arrays.copyOfRange(data, 0, first));
    if (first < n) {
      target.writeMemory(c.bufferAddress(), Arrays.copyOfRange(data, first, n));
    }
    writeU32(c.descriptorAddress() + RttChannel.WRITE, (write + n) % c.size());
    return n;
  }

  /**
   * Writes all of {@code data}, waiting for the target to read when the buffer is full.
   *
   * @throws RttException when not everything was written within {@code timeout}
   */
  public void writeAll(int downChannel, byte[] data, Duration timeout, Duration pollInterval) {
    Deadline deadline = new Deadline(timeout, pollInterval);
    int done = 0;
    RttChannel c = downChannel(downChannel);
    while (done < data.length) {
      byte[] rest = Arrays.copyOfRange(data, done, data.length);
      // in skip mode a message larger than the buffer would never fit: send it in pieces
      if (c.mode() == ChannelMode.NO_BLOCK_SKIP && rest.length >= c.size()) {
        rest = Arrays.copyOf(rest, (int) c.size() - 1);
      }
      int n = write(downChannel, rest);
      done += n;
      if (n == 0 && !deadline.pause()) {
        throw new RttException(
            String.format(
                "RTT %s: wrote %d of %d bytes in %d ms, the target does not read its buffer at"
                    + " 0x%08x",
                c.label(), done, data.length, timeout.toMillis(), c.bufferAddress()));
      }
    }
  }

  private long[] offsets(RttChannel c) {
    byte[] raw = target.readMemory(c.descriptorAddress() + RttChannel.WRITE, 8);
    long write = u32(raw, 0);
    long read = u32(raw, 4);
    if (write >= c.size()) {
      throw corrupt(
          c.label(),
          "WrOff",
          c.descriptorAddress() + RttChannel.WRITE,
          write + " (SizeOfBuffer is " + c.size() + ")");
    }
    if (read >= c.size()) {
      throw corrupt(
          c.label(),
          "RdOff",
          c.descriptorAddress() + RttChannel.READ,
          read + " (SizeOfBuffer is " + c.size() + ")");
    }
    return new long[] {write, read};
  }

  private void writeU32(long address, long value) {
    target.writeMemory(
        address,
        new byte[] {
          (byte) value, (byte) (value >>> 8), (byte) (value >>> 16), (byte) (value >>> 24)
        });
  }

  private static RttException corrupt(String what, String field, long address, String value) {
    return new RttException(
        String.format(
            "corrupt RTT control block: %s %s at 0x%08x is %s", what, field, address, value));
  }

  private static void checkCount(long count, String field, long address) {
    if (count > MAX_CHANNELS) {
      throw new RttException(
          String.format(
              "corrupt RTT control block: %s at 0x%08x is %d (allowed 0..%d)",
              field, address, (int) count, MAX_CHANNELS));
    }
  }

  private static void requireInside(
      List<MemoryRegion> regions, long start, long length, String what, long fieldAddress) {
    for (MemoryRegion r : regions) {
      if (r.contains(start) && length <= r.end() - start) {
        return;
      }
    }
    throw new RttException(
        String.format(
            "corrupt RTT control block: %s 0x%08x..0x%08x (field at 0x%08x) is outside %s",
            what, start, start + length, fieldAddress, describe(regions)));
  }

  private static String describe(List<MemoryRegion> regions) {
    StringBuilder s = new StringBuilder();
    for (MemoryRegion r : regions) {
      s.append(s.length() == 0 ? "" : ", ")
          .append(String.format("%s 0x%08x..0x%08x", r.name(), r.start(), r.end()));
    }
    return s.length() == 0 ? "no memory regions" : s.toString();
  }

  private static List<MemoryRegion> checkRegions(List<MemoryRegion> regions) {
    List<MemoryRegion> copy = List.copyOf(Objects.requireNonNull(regions, "regions"));
    if (copy.isEmpty()) {
      throw new IllegalArgumentException("RTT needs at least one memory region to read");
    }
    return copy;
  }

  private static long u32(byte[] b, int off) {
    return (b[off] & 0xffL)
        | (b[off + 1] & 0xffL) << 8
        | (b[off + 2] & 0xffL) << 16
        | (b[off + 3] & 0xffL) << 24;
  }

  /** A deadline with a fixed pause between polls. */
  private static final class Deadline {
    private final long end;
    private final Duration interval;

    Deadline(Duration timeout, Duration interval) {
      if (timeout.isNegative() || interval.isNegative() || interval.isZero()) {
        throw new IllegalArgumentException(
            "timeout " + timeout + " and poll interval " + interval + " must be positive");
      }
      this.end = System.nanoTime() + timeout.toNanos();
      this.interval = interval;
    }

    /** Sleeps one interval; false when the deadline has passed. */
    boolean pause() {
      long left = end - System.nanoTime();
      if (left <= 0) {
        return false;
      }
      try {
        Thread.sleep(Math.max(1, Math.min(interval.toMillis(), left / 1_000_000)));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new RttException("interrupted while waiting for the RTT control block", e);
      }
      return true;
    }
  }
}

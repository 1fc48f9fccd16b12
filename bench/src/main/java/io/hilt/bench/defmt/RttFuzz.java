package io.hilt.bench.defmt;

import io.hilt.probe.rtt.Rtt;
import io.hilt.probe.rtt.RttChannel;
import io.hilt.probe.rtt.RttControlBlock;
import io.hilt.probe.rtt.RttException;
import io.hilt.probe.target.MemoryRegion;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Random;

/**
 * Seeded fuzz loop for the RTT reader, for benchmark runs ({@code probe-adapter}'s {@code RttTest}
 * runs a fixed 3000 inputs in {@code mvn verify}): random RAM, most of it holding the id and a
 * header with small channel counts and descriptors whose pointers, sizes and offsets are random but
 * often inside the RAM, then scan, attach, read every up channel and write every down channel. Only
 * {@link RttException} may come out; a read never returns more than asked or than the channel's
 * buffer can hold. Prints one Markdown line; exits with 1 on any violation.
 *
 * <pre>java io.hilt.bench.defmt.RttFuzz [ITERATIONS [SEED]]</pre>
 */
public final class RttFuzz {
  private static final long RAM = 0x2000_0000L;
  private static final int RAM_SIZE = 1024;
  private static final int READ = 600;
  private static final Duration WAIT = Duration.ofMillis(1);

  private RttFuzz() {}

  public static void main(String[] args) {
    int iterations = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
    long seed = args.length > 1 ? Long.parseLong(args[1]) : 0x5e66e7L;
    Random random = new Random(seed);
    List<MemoryRegion> regions = List.of(new MemoryRegion("ram", RAM, RAM_SIZE));
    long found = 0;
    long rejected = 0;
    long channelsRead = 0;
    long bytesRead = 0;
    List<String> violations = new ArrayList<>();
    long start = System.nanoTime();
    for (int i = 0; i < iterations; i++) {
      byte[] ram = randomRam(random);
      RamTarget target = new RamTarget(RAM, ram);
      try {
        Optional<RttControlBlock> block = Rtt.scan(target, regions, 64 + random.nextInt(512));
        if (block.isEmpty()) {
          continue;
        }
        found++;
        Rtt rtt = Rtt.attach(target, block.get().address(), regions, WAIT, WAIT);
        for (RttChannel c : rtt.controlBlock().up()) {
          byte[] data = rtt.read(c.index(), READ);
          channelsRead++;
          bytesRead += data.length;
          if (data.length > READ || (data.length > 0 && data.length >= c.size())) {
            violations.add(
                "input " + i + ": read " + data.length + " bytes from a channel of " + c.size());
          }
        }
        for (RttChannel c : rtt.controlBlock().down()) {
          rtt.write(c.index(), new byte[1 + random.nextInt(40)]);
        }
      } catch (RttException expected) {
        rejected++;
        if (System.getenv("HILT_FUZZ_DEBUG") != null && rejected < 30) {
          System.err.println(expected.getMessage());
        }
      } catch (RuntimeException e) {
        violations.add("input " + i + ": " + e);
      }
      if (violations.size() > 10) {
        break;
      }
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    System.out.printf(
        Locale.ROOT,
        "RTT reader (`io.hilt.bench.defmt.RttFuzz`, seed 0x%x): %d inputs of %d bytes in %.1f s;"
            + " %d control blocks found and attached, %d rejected with RttException, %d up"
            + " channels read (%d bytes); %s.%n",
        seed,
        iterations,
        RAM_SIZE,
        seconds,
        found,
        rejected,
        channelsRead,
        bytesRead,
        violations.isEmpty()
            ? "no other exception, no oversized read"
            : "**" + violations.size() + " violations**: " + violations);
    if (!violations.isEmpty()) {
      System.exit(1);
    }
  }

  /** Random bytes; three inputs in four hold a header whose fields are small or point into RAM. */
  private static byte[] randomRam(Random random) {
    byte[] ram = new byte[RAM_SIZE];
    random.nextBytes(ram);
    if (random.nextInt(4) == 0) {
      return ram;
    }
    int at = random.nextInt(8) * 64;
    byte[] id = "SEGGER RTT\0\0\0\0\0\0".getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(id, 0, ram, at, id.length);
    int ups = random.nextInt(4);
    int downs = random.nextInt(3);
    if (random.nextInt(16) != 0) {
      u32(ram, at + 16, ups);
      u32(ram, at + 20, downs);
    }
    for (int d = 0; d < ups + downs; d++) {
      int desc = at + 24 + 24 * d;
      if (desc + 24 > ram.length) {
        break;
      }
      u32(ram, desc, random.nextBoolean() ? 0 : plausible(random)); // name
      if (random.nextInt(8) != 0) {
        int size = 1 + random.nextInt(300);
        long inside = RAM + random.nextInt(RAM_SIZE - 300);
        u32(ram, desc + 4, random.nextInt(16) == 0 ? plausible(random) : inside); // buffer
        u32(ram, desc + 8, random.nextInt(16) == 0 ? random.nextInt() : size);
        u32(ram, desc + 12, random.nextInt(16) == 0 ? random.nextInt() : offset(random, size));
        u32(ram, desc + 16, random.nextInt(16) == 0 ? random.nextInt() : offset(random, size));
        u32(ram, desc + 20, random.nextInt(4));
      }
    }
    return ram;
  }

  /** Mostly inside the buffer, now and then at or just past its end. */
  private static int offset(Random random, int size) {
    return random.nextInt(8) == 0 ? size + random.nextInt(3) - 1 : random.nextInt(size);
  }

  private static long plausible(Random random) {
    return switch (random.nextInt(4)) {
      case 0 -> random.nextInt() & 0xffff_ffffL;
      case 1 -> RAM + RAM_SIZE - random.nextInt(64);
      default -> RAM + random.nextInt(RAM_SIZE);
    };
  }

  private static void u32(byte[] ram, int at, long value) {
    for (int k = 0; k < 4; k++) {
      ram[at + k] = (byte) (value >>> (8 * k));
    }
  }
}

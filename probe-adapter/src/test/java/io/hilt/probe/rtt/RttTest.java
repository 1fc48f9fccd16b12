package io.hilt.probe.rtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hilt.probe.target.MemoryRegion;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Synthetic control blocks: wrap-around, down-channel modes, late init, corruption, fuzzing. */
class RttTest {
  static final long RAM = 0x2000_0000L;
  static final int RAM_SIZE = 0x2000;
  static final long CB = RAM + 0x100;
  static final long UP_BUF = RAM + 0x400;
  static final long DOWN_BUF = RAM + 0x800;
  static final long NAME = RAM + 0x40;
  static final Duration SECOND = Duration.ofSeconds(1);
  static final Duration POLL = Duration.ofMillis(1);

  /** RAM with one up channel (size {@code upSize}) and one down channel (size 16). */
  static MemoryTarget board(int upSize, int downFlags) {
    MemoryTarget t = new MemoryTarget().add(RAM, new byte[RAM_SIZE]);
    t.writeMemory(NAME, "Terminal\0".getBytes(StandardCharsets.US_ASCII));
    t.writeU32(CB + 16, 1);
    t.writeU32(CB + 20, 1);
    descriptor(t, CB + 24, NAME, UP_BUF, upSize, 0, 0, 2);
    descriptor(t, CB + 48, NAME, DOWN_BUF, 16, 0, 0, downFlags);
    writeId(t, CB);
    return t;
  }

  static void writeId(MemoryTarget t, long at) {
    t.writeMemory(at, "SEGGER RTT\0\0\0\0\0\0".getBytes(StandardCharsets.US_ASCII));
  }

  static void descriptor(
      MemoryTarget t, long at, long name, long buf, long size, long wr, long rd, long flags) {
    t.writeU32(at, name);
    t.writeU32(at + 4, buf);
    t.writeU32(at + 8, size);
    t.writeU32(at + 12, wr);
    t.writeU32(at + 16, rd);
    t.writeU32(at + 20, flags);
  }

  static Rtt attach(MemoryTarget t) {
    return Rtt.attach(t, CB, t.regions(), SECOND, POLL);
  }

  @Test
  void readsAcrossTheEndOfTheBufferAndWrapsTheReadOffset() {
    MemoryTarget t = board(16, 0);
    byte[] data = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    t.writeMemory(UP_BUF, data);
    t.writeU32(CB + 24 + 12, 3); // WrOff
    t.writeU32(CB + 24 + 16, 12); // RdOff
    Rtt rtt = attach(t);
    assertThat(new String(rtt.read(0, 100), StandardCharsets.US_ASCII)).isEqualTo("cdef012");
    assertThat(t.readU32(CB + 24 + 16)).isEqualTo(3);
    assertThat(rtt.read(0, 100)).isEmpty();
  }

  @Test
  void readsNoMoreThanAskedAndLeavesTheRestPending() {
    MemoryTarget t = board(16, 0);
    t.writeMemory(UP_BUF, "hello".getBytes(StandardCharsets.US_ASCII));
    t.writeU32(CB + 24 + 12, 5);
    Rtt rtt = attach(t);
    assertThat(new String(rtt.read(0, 2), StandardCharsets.US_ASCII)).isEqualTo("he");
    assertThat(new String(rtt.read(0, 10), StandardCharsets.US_ASCII)).isEqualTo("llo");
  }

  @Test
  void skipModeWritesAllOrNothing() {
    MemoryTarget t = board(16, 0);
    Rtt rtt = attach(t);
    assertThat(rtt.downChannel(0).mode()).isEqualTo(ChannelMode.NO_BLOCK_SKIP);
    assertThat(rtt.write(0, new byte[16])).isZero(); // 15 bytes free in a 16-byte ring
    assertThat(rtt.write(0, "abcdefghijklmno".getBytes(StandardCharsets.US_ASCII))).isEqualTo(15);
    assertThat(t.readU32(CB + 48 + 12)).isEqualTo(15);
    assertThat(rtt.write(0, new byte[] {1})).isZero();
  }

  @Test
  void trimModeWritesWhatFitsAndWrapsTheWriteOffset() {
    MemoryTarget t = board(16, 1);
    t.writeU32(CB + 48 + 12, 14); // WrOff
    t.writeU32(CB + 48 + 16, 4); // RdOff: free = 4 - 14 - 1 + 16 = 5
    Rtt rtt = attach(t);
    assertThat(rtt.write(0, "ABCDEFGH".getBytes(StandardCharsets.US_ASCII))).isEqualTo(5);
    assertThat(t.readMemory(DOWN_BUF + 14, 2)).containsExactly('A', 'B');
    assertThat(t.readMemory(DOWN_BUF, 3)).containsExactly('C', 'D', 'E');
    assertThat(t.readU32(CB + 48 + 12)).isEqualTo(3);
  }

  @Test
  void writeAllWaitsForTheTargetToRead() {
    MemoryTarget t = board(16, 2);
    Rtt rtt = attach(t);
    // the "target" consumes everything before each host access
    t.beforeEachRead(() -> t.writeU32(CB + 48 + 16, t.readU32(CB + 48 + 12)));
    rtt.writeAll(0, new byte[40], SECOND, POLL);
    assertThat(t.readU32(CB + 48 + 12)).isEqualTo(40 % 16);
  }

  @Test
  void writeAllFailsNamingTheChannelWhenTheTargetNeverReads() {
    MemoryTarget t = board(16, 2);
    Rtt rtt = attach(t);
    assertThatThrownBy(() -> rtt.writeAll(0, new byte[40], Duration.ofMillis(20), POLL))
        .isInstanceOf(RttException.class)
        .hasMessageContaining("down channel 0 \"Terminal\"")
        .hasMessageContaining("wrote 15 of 40 bytes")
        .hasMessageContaining("0x20000800");
  }

  @Test
  void waitsForTheFirmwareToInitialiseTheBlock() {
    MemoryTarget t = board(16, 0);
    t.writeMemory(CB, new byte[16]); // id not written yet
    int[] reads = {0};
    t.beforeEachRead(
        () -> {
          if (++reads[0] == 5) {
            writeId(t, CB);
          }
        });
    Rtt rtt = attach(t);
    assertThat(rtt.controlBlock().up()).hasSize(1);
    assertThat(reads[0]).isGreaterThanOrEqualTo(5);
  }

  @Test
  void anUninitialisedBlockTimesOutNamingItsAddress() {
    MemoryTarget t = board(16, 0);
    t.writeMemory(CB, new byte[16]);
    assertThatThrownBy(() -> Rtt.attach(t, CB, t.regions(), Duration.ofMillis(20), POLL))
        .isInstanceOf(RttException.class)
        .hasMessageContaining("0x20000100 is not initialised after 20 ms");
    assertThatThrownBy(() -> Rtt.scanAndAttach(t, t.regions(), Duration.ofMillis(20), POLL))
        .isInstanceOf(RttException.class)
        .hasMessageContaining("no RTT control block")
        .hasMessageContaining("mem0 0x20000000..0x20002000");
  }

  @Test
  void findsAnIdStraddlingTwoScanChunks() {
    for (int chunk : new int[] {16, 17, 64, 250, 4096}) {
      for (long offset = 0x100 - 12; offset < 0x100 + 12; offset++) {
        MemoryTarget t = board(16, 0);
        t.writeMemory(CB, new byte[16]);
        long at = RAM + offset;
        // move the block so the id crosses a chunk boundary at every position
        byte[] block = t.readMemory(CB + 16, 56);
        t.writeMemory(at + 16, block);
        writeId(t, at);
        Optional<RttControlBlock> found = Rtt.scan(t, t.regions(), chunk);
        assertThat(found).as("chunk %d, block at 0x%x", chunk, at).isPresent();
        assertThat(found.get().address()).isEqualTo(at);
        assertThat(t.largestRead).isLessThanOrEqualTo(Math.max(chunk + 9, Rtt.MAX_NAME));
      }
    }
  }

  @Test
  void scanSkipsAStrayIdAndFindsTheRealBlock() {
    MemoryTarget t = board(16, 0);
    // an earlier copy of the id followed by garbage counts
    t.writeMemory(RAM + 0x10, "SEGGER RTT\0\0\0\0\0\0".getBytes(StandardCharsets.US_ASCII));
    t.writeU32(RAM + 0x10 + 16, 0xffff_ffffL);
    assertThat(Rtt.scan(t, t.regions(), 64).map(RttControlBlock::address)).contains(CB);
  }

  @Test
  void unusedChannelsWithANullBufferAreLeftOut() {
    MemoryTarget t = board(16, 0);
    t.writeU32(CB + 16, 1);
    t.writeU32(CB + 20, 1);
    t.writeU32(CB + 48 + 4, 0);
    assertThat(attach(t).controlBlock().down()).isEmpty();
  }

  @Test
  void aNameOutsideTheRegionsIsAbsentNotAnError() {
    MemoryTarget t = board(16, 0);
    t.writeU32(CB + 24, 0x0800_1234L);
    assertThat(attach(t).upChannel(0).name()).isEmpty();
  }

  @Test
  void corruptFieldsAreNamedWithTheirAddress() {
    assertCorrupt(t -> t.writeU32(CB + 16, 1000), "MaxNumUpBuffers at 0x20000110 is 1000");
    assertCorrupt(t -> t.writeU32(CB + 20, 0x8000_0000L), "MaxNumDownBuffers at 0x20000114");
    assertCorrupt(t -> t.writeU32(CB + 24 + 8, 0), "up channel 0 SizeOfBuffer at 0x20000120 is 0");
    assertCorrupt(
        t -> t.writeU32(CB + 24 + 8, 0x7fff_ffffL), "up channel 0 SizeOfBuffer at 0x20000120");
    assertCorrupt(t -> t.writeU32(CB + 24 + 12, 16), "up channel 0 WrOff at 0x20000124 is 16");
    assertCorrupt(t -> t.writeU32(CB + 48 + 16, 99), "down channel 0 RdOff at 0x20000140 is 99");
    assertCorrupt(
        t -> t.writeU32(CB + 24 + 4, 0x3000_0000L),
        "up channel 0 buffer (pBuffer, SizeOfBuffer) 0x30000000..0x30000010 (field at 0x2000011c)");
    assertCorrupt(
        t -> t.writeU32(CB + 24 + 4, RAM + RAM_SIZE - 8), "is outside mem0 0x20000000..0x20002000");
  }

  @Test
  void descriptorsRunningPastTheRegionAreCorrupt() {
    MemoryTarget t = board(16, 0);
    long at = RAM + RAM_SIZE - 40;
    writeId(t, at);
    t.writeU32(at + 16, 2);
    t.writeU32(at + 20, 2);
    assertThatThrownBy(() -> Rtt.attach(t, at, t.regions(), SECOND, POLL))
        .isInstanceOf(RttException.class)
        .hasMessageContaining("buffer descriptors 0x20001ff0..0x20002050");
  }

  @Test
  void offsetsCorruptedAfterAttachingFailTheNextRead() {
    MemoryTarget t = board(16, 0);
    Rtt rtt = attach(t);
    t.writeU32(CB + 24 + 16, 0x1000);
    assertThatThrownBy(() -> rtt.read(0, 10))
        .isInstanceOf(RttException.class)
        .hasMessageContaining("RdOff at 0x20000128 is 4096");
  }

  @Test
  void theBlockItselfMustLieInARegion() {
    MemoryTarget t = board(16, 0);
    assertThatThrownBy(() -> Rtt.attach(t, RAM + RAM_SIZE - 4, t.regions(), SECOND, POLL))
        .isInstanceOf(RttException.class)
        .hasMessageContaining("control block header 0x20001ffc..0x20002014");
  }

  @Test
  void randomMemoryNeverEscapesAnythingButRttException() {
    Random random = new Random(0x5e66e7);
    List<MemoryRegion> regions = List.of(new MemoryRegion("ram", RAM, 512));
    // a fast slice in mvn verify; -Dhilt.fuzz.iterations=100000 (bench/defmt.sh) runs the long one
    int iterations = Integer.getInteger("hilt.fuzz.iterations", 3000);
    for (int i = 0; i < iterations; i++) {
      byte[] ram = new byte[512];
      random.nextBytes(ram);
      // keep a valid id most of the time so the fields behind it get exercised
      if (random.nextInt(4) != 0) {
        int at = random.nextInt(4) * 64;
        System.arraycopy("SEGGER RTT\0".getBytes(StandardCharsets.US_ASCII), 0, ram, at, 11);
        // small counts now and then so descriptors are reached
        if (random.nextBoolean()) {
          ram[at + 16] = (byte) random.nextInt(3);
          ram[at + 17] = ram[at + 18] = ram[at + 19] = 0;
          ram[at + 20] = (byte) random.nextInt(3);
          ram[at + 21] = ram[at + 22] = ram[at + 23] = 0;
        }
      }
      MemoryTarget t = new MemoryTarget().add(RAM, ram);
      try {
        Optional<RttControlBlock> block = Rtt.scan(t, regions, 64);
        if (block.isPresent()) {
          Rtt rtt = Rtt.attach(t, block.get().address(), regions, SECOND, POLL);
          for (RttChannel c : block.get().up()) {
            assertThat(rtt.read(c.index(), 1000).length).isLessThan((int) c.size());
          }
          for (RttChannel c : block.get().down()) {
            rtt.write(c.index(), new byte[7]);
          }
        }
      } catch (RttException expected) {
        assertThat(expected.getMessage()).contains("0x");
      }
    }
  }

  private static void assertCorrupt(
      java.util.function.Consumer<MemoryTarget> damage, String message) {
    MemoryTarget t = board(16, 0);
    damage.accept(t);
    assertThatThrownBy(() -> attach(t))
        .isInstanceOf(RttException.class)
        .hasMessageContaining("corrupt RTT control block")
        .hasMessageContaining(message);
  }
}

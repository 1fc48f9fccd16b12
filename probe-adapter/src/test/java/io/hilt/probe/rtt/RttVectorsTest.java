package io.hilt.probe.rtt;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hilt.probe.testsupport.ProjectPaths;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The RAM snapshots of real boards in {@code ../shared/vectors/rtt-vectors.json} (probe-rs core
 * dumps), served by a memory-only target: the control block is found by scanning and by address,
 * parses as expected, and the up channels' contents read back.
 */
class RttVectorsTest {
  private static final HexFormat HEX = HexFormat.of();

  static JsonNode vectors() throws IOException {
    return new ObjectMapper()
        .readTree(ProjectPaths.sharedVectors().resolve("rtt-vectors.json").toFile());
  }

  static MemoryTarget snapshot(JsonNode vector) {
    MemoryTarget target = new MemoryTarget();
    for (JsonNode range : vector.get("memory_ranges")) {
      long start = Long.decode(range.get("start").asText());
      long end = Long.decode(range.get("end").asText());
      byte[] bytes = HEX.parseHex(range.get("hex").asText());
      assertThat(bytes).hasSize((int) (end - start));
      target.add(start, bytes);
    }
    return target;
  }

  @TestFactory
  Stream<DynamicContainer> everySnapshotParsesAsExpected() throws IOException {
    List<DynamicContainer> out = new ArrayList<>();
    for (JsonNode vector : vectors().get("coredump_vectors")) {
      String id = vector.get("id").asText();
      JsonNode expected = vector.get("expected");
      long address = Long.decode(expected.get("control_block_addr").asText());
      out.add(
          DynamicContainer.dynamicContainer(
              id,
              Stream.of(
                  DynamicTest.dynamicTest(
                      "scanning finds the block",
                      () -> {
                        MemoryTarget target = snapshot(vector);
                        Optional<RttControlBlock> block = Rtt.scan(target, target.regions(), 256);
                        assertThat(block).isPresent();
                        assertMatches(block.get(), expected);
                        assertThat(target.largestRead).isLessThanOrEqualTo(256 + 9);
                      }),
                  DynamicTest.dynamicTest(
                      "attaching by address parses the block",
                      () -> {
                        MemoryTarget target = snapshot(vector);
                        Rtt rtt =
                            Rtt.attach(
                                target,
                                address,
                                target.regions(),
                                Duration.ofSeconds(1),
                                Duration.ofMillis(1));
                        assertMatches(rtt.controlBlock(), expected);
                      }),
                  DynamicTest.dynamicTest(
                      "up channels read their buffers and advance RdOff",
                      () -> readsEveryUpChannel(vector, address, expected)))));
    }
    assertThat(out).hasSize(5);
    return out.stream();
  }

  private static void readsEveryUpChannel(JsonNode vector, long address, JsonNode expected) {
    MemoryTarget target = snapshot(vector);
    Rtt rtt =
        Rtt.attach(target, address, target.regions(), Duration.ofSeconds(1), Duration.ofMillis(1));
    for (JsonNode ch : expected.get("channels")) {
      if (!ch.get("kind").asText().equals("up")) {
        continue;
      }
      RttChannel c = rtt.upChannel(ch.get("index").asInt());
      int read = ch.get("read").asInt();
      int write = ch.get("write").asInt();
      byte[] all = HEX.parseHex(ch.get("buffer_bytes_0_to_write_hex").asText());
      // what is pending now: [read, write)
      assertThat(rtt.read(c.index(), Integer.MAX_VALUE))
          .containsExactly(java.util.Arrays.copyOfRange(all, read, write));
      assertThat(target.readU32(c.descriptorAddress() + 16)).isEqualTo(write);
      // rewind the read offset as if the host had never read: the whole history comes back
      target.writeU32(c.descriptorAddress() + 16, 0);
      assertThat(rtt.read(c.index(), Integer.MAX_VALUE)).containsExactly(all);
      assertThat(rtt.read(c.index(), Integer.MAX_VALUE)).isEmpty();
    }
  }

  private static void assertMatches(RttControlBlock block, JsonNode expected) {
    assertThat(block.address()).isEqualTo(Long.decode(expected.get("control_block_addr").asText()));
    List<RttChannel> all = new ArrayList<>(block.up());
    all.addAll(block.down());
    JsonNode channels = expected.get("channels");
    assertThat(all).hasSize(channels.size());
    for (int i = 0; i < channels.size(); i++) {
      JsonNode e = channels.get(i);
      RttChannel c = all.get(i);
      assertThat(c.direction().toString()).isEqualTo(e.get("kind").asText());
      assertThat(c.index()).isEqualTo(e.get("index").asInt());
      assertThat(c.namePointer()).isEqualTo(Long.decode(e.get("name_ptr").asText()));
      assertThat(c.name())
          .isEqualTo(
              e.get("name").isNull() ? Optional.empty() : Optional.of(e.get("name").asText()));
      assertThat(c.bufferAddress()).isEqualTo(Long.decode(e.get("buffer_ptr").asText()));
      assertThat(c.size()).isEqualTo(e.get("size").asLong());
      assertThat(c.writeOffset()).isEqualTo(e.get("write").asLong());
      assertThat(c.readOffset()).isEqualTo(e.get("read").asLong());
      assertThat(c.flags()).isEqualTo(e.get("flags").asLong());
    }
  }
}

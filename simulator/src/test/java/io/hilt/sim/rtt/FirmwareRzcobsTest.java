package io.hilt.sim.rtt;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hilt.probe.defmt.Rzcobs;
import io.hilt.probe.target.ResetMode;
import io.hilt.probe.target.StopReason;
import io.hilt.probe.testsupport.ProjectPaths;
import java.io.IOException;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The firmware's own rzCOBS encoder ({@code defmt_rzcobs_encode} in {@code
 * firmware/common/defmt.c}, compiled for Cortex-M0+) called on the simulated core through the
 * debugger, like a host-side function call: arguments in r0-r2, LR pointing at a breakpoint, run
 * until it returns.
 */
class FirmwareRzcobsTest {
  private static final long INPUT = 0x2020_0000L;
  private static final long OUTPUT = 0x2030_0000L;
  private static final long STACK_TOP = 0x2038_0000L;

  /** Calls the encoder on {@code frame}; returns what it wrote. */
  private static byte[] encode(DemoTarget demo, byte[] frame) {
    long function = demo.symbol("defmt_rzcobs_encode") & ~1L;
    long returnAddress = demo.symbol("Reset_Handler") & ~1L;
    demo.target.writeMemory(INPUT, frame);
    demo.target.writeRegister("r0", INPUT);
    demo.target.writeRegister("r1", frame.length);
    demo.target.writeRegister("r2", OUTPUT);
    demo.target.writeRegister("sp", STACK_TOP);
    demo.target.writeRegister("lr", returnAddress | 1);
    demo.target.writeRegister("pc", function);
    demo.target.writeRegister("xpsr", 0x0100_0000L);
    demo.target.resume();
    assertThat(demo.target.waitForStop(DemoTarget.TIMEOUT))
        .isEqualTo(new StopReason.Breakpoint(returnAddress));
    int length = (int) demo.target.readRegister("r0");
    assertThat(length).isBetween(1, frame.length + (frame.length + 6) / 7 + 2);
    return demo.target.readMemory(OUTPUT, length);
  }

  @Test
  void encoderInTheFirmwareMatchesDefmtsRzcobsVectors() throws IOException {
    JsonNode vectors =
        new ObjectMapper()
            .readTree(ProjectPaths.sharedVectors().resolve("defmt-vectors.json").toFile())
            .path("rzcobs_encoder_vectors")
            .path("vectors");
    assertThat(vectors.size()).isGreaterThan(10);
    HexFormat hex = HexFormat.of();
    try (DemoTarget demo = DemoTarget.open(ResetMode.HALT)) {
      demo.target.addBreakpoint(demo.symbol("Reset_Handler") & ~1L);
      for (JsonNode v : vectors) {
        byte[] frame = hex.parseHex(v.path("frame_hex").asText());
        assertThat(hex.formatHex(encode(demo, frame)))
            .as("vector %s", v.path("id").asText())
            .isEqualTo(v.path("encoded_hex").asText());
      }
    }
  }

  @Test
  void encoderInTheFirmwareRoundTripsThroughTheHostDecoder() {
    Random random = new Random(4);
    try (DemoTarget demo = DemoTarget.open(ResetMode.HALT)) {
      demo.target.addBreakpoint(demo.symbol("Reset_Handler") & ~1L);
      for (int n = 0; n < 200; n++) {
        // mostly zeros, mostly non-zero, and mixed, at lengths around the 7 and 134 boundaries
        byte[] frame = new byte[random.nextInt(300)];
        int zeroPercent = new int[] {5, 50, 95}[n % 3];
        for (int i = 0; i < frame.length; i++) {
          frame[i] = random.nextInt(100) < zeroPercent ? 0 : (byte) (1 + random.nextInt(255));
        }
        byte[] encoded = encode(demo, frame);
        assertThat(encoded[encoded.length - 1]).isZero();
        for (int i = 0; i < encoded.length - 1; i++) {
          assertThat(encoded[i])
              .as("byte %d of the encoding of %d bytes", i, frame.length)
              .isNotZero();
        }
        byte[] decoded = Rzcobs.decode(encoded, 0, encoded.length - 1).orElseThrow();
        // the decoder may leave up to seven zeros of the last group after the frame
        assertThat(decoded.length).isBetween(frame.length, frame.length + 7);
        assertThat(java.util.Arrays.copyOf(decoded, frame.length)).isEqualTo(frame);
        for (int i = frame.length; i < decoded.length; i++) {
          assertThat(decoded[i]).isZero();
        }
      }
    }
  }
}

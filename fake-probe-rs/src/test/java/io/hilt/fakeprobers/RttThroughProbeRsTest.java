package io.hilt.fakeprobers;

import static org.assertj.core.api.Assertions.assertThat;

import io.hilt.probe.drivers.probers.ProbeRsDriver;
import io.hilt.probe.drivers.probers.ProbeRsTarget;
import io.hilt.probe.target.Arch;
import io.hilt.probe.target.FirmwareImages;
import io.hilt.probe.target.MemoryRegion;
import io.hilt.probe.target.OutputChannel;
import io.hilt.probe.target.ResetMode;
import io.hilt.probe.target.StopReason;
import io.hilt.probe.testsupport.ProjectPaths;
import io.hilt.probe.testsupport.Tools;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** RTT output of a gcc-built firmware through probe-rs attach (the stand-in polls the block). */
class RttThroughProbeRsTest {
  @TempDir Path temp;

  @ParameterizedTest
  @ValueSource(strings = {"0.30.0", "0.32.0"})
  void streamsRttTextAndTheExitStatus(String version) throws Exception {
    Path elf = build();
    ProbeRsDriver driver =
        new ProbeRsDriver(
            System.getenv(),
            Map.of(
                "FAKE_PROBE_RS_STATE", temp.resolve("board").toString(),
                "FAKE_PROBE_RS_VERSION", version,
                "FAKE_PROBE_RS_CLASSPATH", System.getProperty("java.class.path")));
    Map<String, String> options =
        Map.of(
            "probe-rs", ProjectPaths.root().resolve("fake-probe-rs/bin/probe-rs").toString(),
            "chip", "mps2-an385",
            "state-dir", temp.resolve("state").toString());
    ByteArrayOutputStream rtt = new ByteArrayOutputStream();
    try (ProbeRsTarget target =
        (ProbeRsTarget)
            driver.open(
                new io.hilt.probe.target.TargetSpec(
                    "rtt-board",
                    Arch.CORTEX_M0PLUS,
                    "probe-rs",
                    List.of(new MemoryRegion("ram", 0x2000_0000L, 0x10000)),
                    options))) {
      target.addOutputListener(
          chunk -> {
            if (chunk.channel() == OutputChannel.RTT) {
              rtt.writeBytes(chunk.data());
            }
          });
      target.load(FirmwareImages.load(elf));
      target.reset(ResetMode.RUN);
      assertThat(target.waitForStop(Duration.ofSeconds(60))).isEqualTo(new StopReason.Exited(3));
    }
    String text = rtt.toString(StandardCharsets.UTF_8);
    assertThat(text).startsWith("rtt: hello from the simulator\n").endsWith("rtt: done\n");
    assertThat(text.lines().filter(l -> l.contains("wraps the ring buffer")).count()).isEqualTo(20);
  }

  private Path build() throws IOException, InterruptedException {
    Path gcc = Tools.require("arm-none-eabi-gcc", "gcc-arm-none-eabi");
    Path common = ProjectPaths.root().resolve("firmware/common");
    Path source = temp.resolve("rtt-hello.c");
    try (InputStream in = getClass().getResourceAsStream("/firmware/rtt-hello.c")) {
      Files.write(source, in.readAllBytes());
    }
    Path elf = temp.resolve("rtt-hello.elf");
    List<String> command =
        List.of(
            gcc.toString(),
            "-mcpu=cortex-m0plus",
            "-mthumb",
            "-Os",
            "-g",
            "-I" + common,
            "-T",
            common.resolve("mps2-an385-m0plus.ld").toString(),
            "-nostartfiles",
            "--specs=rdimon.specs",
            "-Wl,--gc-sections",
            "-Wl,--no-warn-rwx-segments",
            common.resolve("startup.c").toString(),
            source.toString(),
            "-o",
            elf.toString());
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    p.getOutputStream().close();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as("gcc: %s", output).isZero();
    return elf;
  }
}

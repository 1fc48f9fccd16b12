package io.hilt.orchestrator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.hilt.probe.testsupport.ProjectPaths;
import io.hilt.probe.testsupport.SocatPty;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code hilt monitor} on a profile's serial port: a real pty made by socat stands for the board.
 */
class CliMonitorSerialTest {
  @TempDir Path dir;

  private Path profile(Path port) throws IOException {
    Path profiles = Files.createDirectories(dir.resolve("profiles"));
    Files.writeString(
        profiles.resolve("bench.yaml"),
        """
        name: bench
        arch: cortex-m4
        driver: sim
        memory: { ram: { start: 0x20000000, size: 4MiB } }
        serial: { port: "%s", baud: 115200, reconnect: 0s }
        """
            .formatted(port));
    return profiles;
  }

  private record Run(int code, String out, String err) {}

  private Run monitor(String stdin, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
    PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
    int code =
        Main.execute(
            new CliContext(
                o,
                e,
                ProjectPaths.root(),
                Optional.of(ProjectPaths.root()),
                new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8))),
            args);
    return new Run(
        code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void withoutFirmwareItShowsTheBoardsSerialConsole() throws Exception {
    try (SocatPty board = SocatPty.start(dir.resolve("ttyBOARD"))) {
      Path profiles = profile(board.link());
      CompletableFuture<Run> run =
          CompletableFuture.supplyAsync(
              () ->
                  monitor(
                      "",
                      "monitor",
                      "--profiles-dir",
                      profiles.toString(),
                      "--profile",
                      "bench",
                      "--no-color",
                      "--timeout",
                      "3s"));
      Thread.sleep(800);
      board.send("boot: ok\r\nshell> ".getBytes(StandardCharsets.US_ASCII));
      Run result = run.get();

      assertThat(result.code()).as(result.err()).isEqualTo(0);
      assertThat(result.out()).contains("boot: ok").contains("shell> ");
      assertThat(result.err()).contains("watching " + board.link());
    }
  }

  @Test
  void sendTypesStandardInputIntoTheConsoleWithTheLineEnding() throws Exception {
    try (SocatPty board = SocatPty.start(dir.resolve("ttyBOARD"))) {
      Path profiles = profile(board.link());
      Run result =
          monitor(
              "help\nled on\n",
              "monitor",
              "--profiles-dir",
              profiles.toString(),
              "--profile",
              "bench",
              "--send",
              "--timeout",
              "10s");

      assertThat(result.code()).as(result.err()).isEqualTo(0);
      assertThat(
              new String(
                  board.awaitReceivedEndingWith(
                      "led on\r\n".getBytes(StandardCharsets.US_ASCII), Duration.ofSeconds(5)),
                  StandardCharsets.US_ASCII))
          .isEqualTo("help\r\nled on\r\n");
    }
  }

  @Test
  void withoutFirmwareOrSerialPortItSaysWhatIsMissing() {
    Run result = monitor("", "monitor", "--profile", "sim-cortex-m3");

    assertThat(result.code()).isEqualTo(2);
    assertThat(result.err()).contains("FIRMWARE.elf").contains("no serial: port");
  }
}

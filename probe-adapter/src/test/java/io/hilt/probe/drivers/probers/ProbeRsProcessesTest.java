package io.hilt.probe.drivers.probers;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The child-process rules, with small executables standing in for probe-rs (written by the test and
 * run directly, as hilt runs probe-rs).
 */
class ProbeRsProcessesTest {
  @TempDir Path temp;

  private Path executable(String name, String script) throws Exception {
    Path file = temp.resolve(name);
    Files.writeString(file, "#!/bin/sh\n" + script);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    return file;
  }

  private ProbeRsProcesses processes(Path exe) throws Exception {
    Path work = Files.createDirectories(temp.resolve("work"));
    Path home = Files.createDirectories(work.resolve("home"));
    return new ProbeRsProcesses(exe, work, home, Map.of("EXTRA", "1"));
  }

  @Test
  void environmentDropsProbeRsVariablesAndSetsHomeAndNoColour() {
    Map<String, String> env =
        ProbeRsProcesses.environment(
            Map.of(
                "PATH",
                "/bin",
                "PROBE_RS_PROBE",
                "1234:5678",
                "PROBE_RS_CONFIG_PRESET",
                "x",
                "HOME",
                "/root"),
            Path.of("/tmp/w/home"),
            Map.of("FAKE", "y"));
    assertThat(env).doesNotContainKeys("PROBE_RS_PROBE", "PROBE_RS_CONFIG_PRESET");
    assertThat(env)
        .containsEntry("HOME", "/tmp/w/home")
        .containsEntry("PATH", "/bin")
        .containsEntry("NO_COLOR", "1")
        .containsEntry("PROBE_RS_COLOR", "false")
        .containsEntry("FAKE", "y");
  }

  @Test
  void runsInItsOwnDirectoryWithStdinAtEndOfFile() throws Exception {
    Path exe =
        executable(
            "probe-rs",
            "pwd; echo \"home=$HOME\"; echo \"args=$*\"; cat; echo done; echo oops >&2; exit 3\n");
    ProbeRsProcesses.Result r =
        processes(exe).run(List.of("read", "b32", "0x0", "1"), Duration.ofSeconds(20));
    assertThat(r.timedOut()).isFalse();
    assertThat(r.exitCode()).isEqualTo(3);
    assertThat(r.stdout())
        .contains(temp.resolve("work").toString() + "\n")
        .contains("home=" + temp.resolve("work/home"))
        .contains("args=read b32 0x0 1")
        .contains("done");
    assertThat(r.stderr()).isEqualTo("oops\n");
    assertThat(r.commandLine()).isEqualTo("read b32 0x0 1");
  }

  @Test
  void aTimeoutKillsTheWholeTree() throws Exception {
    Path exe = executable("probe-rs", "sleep 300 &\nsleep 300\n");
    ProbeRsProcesses.Running running = processes(exe).start(List.of("attach"), line -> {});
    long pid = running.pid();
    ProbeRsProcesses.Result r = running.await(Duration.ofMillis(500));
    assertThat(r.timedOut()).isTrue();
    assertThat(running.endedByHilt()).isTrue();
    assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive)).isEmpty();
    assertThat(ProcessHandle.current().descendants().filter(ProcessHandle::isAlive)).isEmpty();
  }

  @Test
  void stopAsksFirstAndMarksTheEndAsHilts() throws Exception {
    // Like probe-rs: SIGTERM is answered with "Exited by user request" and status 0.
    Path exe =
        executable(
            "probe-rs",
            "trap 'echo \"Exited by user request\"; exit 0' TERM\necho started\nwhile :; do sleep 0.05; done\n");
    List<String> lines = new java.util.concurrent.CopyOnWriteArrayList<>();
    ProbeRsProcesses.Running running = processes(exe).start(List.of("attach"), lines::add);
    while (!lines.contains("started")) {
      Thread.sleep(10);
    }
    ProbeRsProcesses.Result r = running.stop(Duration.ofSeconds(10));
    running.close();
    assertThat(running.endedByHilt()).isTrue();
    assertThat(r.stdout()).contains("started");
    assertThat(ProcessHandle.current().descendants().filter(ProcessHandle::isAlive)).isEmpty();
  }

  @Test
  void aMissingExecutableIsNotInstalled() {
    ProbeRsProcesses p = new ProbeRsProcesses(temp.resolve("nope"), temp, temp, Map.of());
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> p.run(List.of("list"), Duration.ofSeconds(5)))
        .isInstanceOfSatisfying(
            ProbeRsException.class,
            e -> assertThat(e.failure()).isEqualTo(ProbeRsFailure.NOT_INSTALLED));
  }

  @Test
  void parsersNeverFailOtherwiseOnRandomOutput() {
    Random random = new Random(7);
    for (int i = 0; i < 2000; i++) {
      byte[] bytes = new byte[random.nextInt(200)];
      random.nextBytes(bytes);
      String text = new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1);
      if (random.nextBoolean()) {
        text = "The following debug probes were found:\n[0]: " + text;
      }
      String input = text;
      try {
        ProbeList.parse(input);
      } catch (ProbeRsException e) {
        assertThat(e.failure()).isEqualTo(ProbeRsFailure.BAD_OUTPUT);
      }
      try {
        MemoryDump.parse(
            i % 2 == 0 ? ProbeRsVersion.V0_30 : ProbeRsVersion.V0_32, "b32", 0, 2, input);
      } catch (ProbeRsException e) {
        assertThat(e.failure()).isEqualTo(ProbeRsFailure.BAD_OUTPUT);
      }
      assertThat(MonitorLine.parse(input, i % 3 == 0)).isNotNull();
      assertThat(ProbeRsFailure.classify(input)).isNotNull();
      assertThat(ProbeRsVersion.parse(input)).isNotNull();
    }
  }
}

package io.hilt.fakeprobers;

import static org.assertj.core.api.Assertions.assertThat;

import io.hilt.orchestrator.cli.CliContext;
import io.hilt.orchestrator.cli.Main;
import io.hilt.probe.testsupport.ProjectPaths;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code hilt probes} against the stand-in probe-rs with two probes attached. */
class ProbesCommandTest {
  @TempDir Path temp;

  private Path wrapper() throws IOException {
    Path script = temp.resolve("probe-rs");
    Files.writeString(
        script,
        "#!/usr/bin/env bash\n"
            + "export FAKE_PROBE_RS_PROBES='STLink V2-1|0483:374b|066DFF555654|ST-LINK;"
            + "J-Link|1366:1015|000123|J-Link'\n"
            + "export FAKE_PROBE_RS_CLASSPATH='"
            + System.getProperty("java.class.path")
            + "'\n"
            + "exec '"
            + ProbeRsDriverIntegrationTest.launcher()
            + "' \"$@\"\n");
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
    return script;
  }

  private void profile(Path dir, String name, String probe) throws IOException {
    Files.writeString(
        dir.resolve(name + ".yaml"),
        """
        name: %s
        arch: cortex-m4
        driver: probe-rs
        chip: STM32F411RETx
        %s
        memory: { ram: { start: 0x20000000, size: 128KiB } }
        """
            .formatted(name, probe));
  }

  @Test
  void listsEachProbeWithTheProfilesItServesAndWhatIsWrongWithTheOthers() throws IOException {
    Path profiles = Files.createDirectories(temp.resolve("profiles"));
    profile(profiles, "nucleo", "probe: { selector: \"0483:374b:066DFF555654\" }");
    profile(profiles, "lab-jlink", "probe: { selector: \"1366:1015\" }");
    profile(profiles, "gone", "probe: { selector: \"0483:3748:0670FF48\" }");
    profile(profiles, "anyone", "");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code =
        Main.execute(
            new CliContext(
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                ProjectPaths.root(),
                Optional.of(ProjectPaths.root())),
            "probes",
            "--profiles-dir",
            profiles.toString(),
            "--probe-rs",
            wrapper().toString());

    String text = out.toString(StandardCharsets.UTF_8);
    assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
    assertThat(text.lines())
        .anySatisfy(
            l ->
                assertThat(l)
                    .startsWith("0  STLink V2-1")
                    .contains("0483:374b:066DFF555654")
                    .contains("ST-LINK")
                    .endsWith("nucleo"))
        .anySatisfy(l -> assertThat(l).startsWith("1  J-Link").endsWith("lab-jlink"));
    assertThat(text)
        .contains("profile gone: its probe 0483:3748:0670FF48 is not attached")
        .contains("profile anyone: no probe.selector");
  }

  @Test
  void aMissingProbeRsIsAnInfrastructureErrorWithAHint() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code =
        Main.execute(
            new CliContext(
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                ProjectPaths.root(),
                Optional.of(ProjectPaths.root())),
            "probes",
            "--probe-rs",
            temp.resolve("no-such-probe-rs").toString());

    assertThat(code).isEqualTo(3);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("no-such-probe-rs");
  }
}

package io.hilt.probe.drivers.probers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hilt.probe.target.Arch;
import io.hilt.probe.target.FirmwareImage;
import io.hilt.probe.target.ImageSegment;
import io.hilt.probe.target.TargetException;
import io.hilt.probe.target.TargetSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProbeRsCommandsTest {
  @TempDir Path temp;

  private static ProbeRsOptions options(Map<String, String> options) {
    return ProbeRsOptions.of(
        new TargetSpec("board", Arch.CORTEX_M4, "probe-rs", List.of(), options));
  }

  private static final ProbeRsOptions FULL =
      options(
          Map.of(
              "chip", "STM32F411RETx",
              "probe", "0483:374b:066DFF",
              "protocol", "swd",
              "speed-khz", "4000",
              "connect-under-reset", "true"));

  @Test
  void everySessionCommandSelectsChipAndProbeAndNeverPrompts() {
    List<String> reset = new ProbeRsCommands(ProbeRsVersion.V0_32, FULL).reset();
    assertThat(reset)
        .containsExactly(
            "reset",
            "--chip",
            "STM32F411RETx",
            "--probe",
            "0483:374b:066DFF",
            "--protocol",
            "swd",
            "--speed",
            "4000",
            "--connect-under-reset",
            "--non-interactive");
  }

  @Test
  void downloadsIntelHexVerifiedWithoutProgressBars() {
    List<String> args =
        new ProbeRsCommands(ProbeRsVersion.V0_30, FULL).download(Path.of("/w/image.hex"));
    assertThat(args)
        .startsWith("download")
        .endsWith("--binary-format", "hex", "--disable-progressbars", "--verify", "/w/image.hex");
    ProbeRsOptions noVerify = options(Map.of("chip", "x", "verify", "false"));
    assertThat(new ProbeRsCommands(ProbeRsVersion.V0_32, noVerify).download(Path.of("i.hex")))
        .doesNotContain("--verify");
  }

  @Test
  void rttScanFlagFollowsTheRelease() {
    Optional<Path> elf = Optional.of(Path.of("/fw/app.elf"));
    assertThat(new ProbeRsCommands(ProbeRsVersion.V0_30, FULL).attach(elf))
        .contains("--rtt-scan-memory")
        .doesNotContain("--scan-region");
    assertThat(new ProbeRsCommands(ProbeRsVersion.V0_31, FULL).attach(elf))
        .contains("--rtt-scan-memory");
    List<String> v32 = new ProbeRsCommands(ProbeRsVersion.V0_32, FULL).attach(elf);
    assertThat(v32).containsSequence("--scan-region", "ram").doesNotContain("--rtt-scan-memory");
    assertThat(v32)
        .containsSequence("--log-format", MonitorLine.LOG_FORMAT)
        .contains("--no-timestamps")
        .endsWith("/fw/app.elf");
  }

  @Test
  void embeddedTestsRunWithJsonEventsAndTheReleasesRttFlag() {
    Path elf = Path.of("/fw/tests.elf");
    for (ProbeRsVersion v : List.of(ProbeRsVersion.V0_30, ProbeRsVersion.V0_31)) {
      assertThat(new ProbeRsCommands(v, FULL).runTests(elf, EmbeddedTestSelection.ALL))
          .startsWith("run", "--chip", "STM32F411RETx")
          .contains("--non-interactive", "--disable-progressbars", "--verify", "--rtt-scan-memory")
          .containsSequence("--log-format", MonitorLine.LOG_FORMAT)
          .doesNotContain("--scan-region", "--exact", "--include-ignored", "--skip-test")
          .endsWith("--format", "json", "/fw/tests.elf");
    }
    assertThat(
            new ProbeRsCommands(ProbeRsVersion.V0_32, FULL)
                .runTests(elf, EmbeddedTestSelection.ALL))
        .containsSequence("--scan-region", "ram")
        .doesNotContain("--rtt-scan-memory")
        .endsWith("--format", "json", "/fw/tests.elf");
  }

  @Test
  void embeddedTestSelectionBecomesLibtestOptionsWithTheFilterAfterTheElf() {
    EmbeddedTestSelection selection =
        new EmbeddedTestSelection(Optional.of("tests::crc"), true, List.of("slow", "flaky"), true);
    assertThat(
            new ProbeRsCommands(ProbeRsVersion.V0_31, FULL)
                .runTests(Path.of("/fw/tests.elf"), selection))
        .endsWith(
            "--format",
            "json",
            "--exact",
            "--include-ignored",
            "--skip-test",
            "slow",
            "--skip-test",
            "flaky",
            "/fw/tests.elf",
            "tests::crc");
    assertThatThrownBy(
            () -> new EmbeddedTestSelection(Optional.of("--list"), false, List.of(), false))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--list");
  }

  @Test
  void attachWithoutAnElfOnlyFrom032() {
    assertThat(new ProbeRsCommands(ProbeRsVersion.V0_32, FULL).attach(Optional.empty()))
        .doesNotContain("/fw/app.elf");
    assertThatThrownBy(
            () -> new ProbeRsCommands(ProbeRsVersion.V0_31, FULL).attach(Optional.empty()))
        .isInstanceOfSatisfying(
            ProbeRsException.class,
            e -> assertThat(e.failure()).isEqualTo(ProbeRsFailure.UNSUPPORTED_OPERATION));
  }

  @Test
  void readAndWriteTakeWidthAddressAndWords() {
    ProbeRsCommands c =
        new ProbeRsCommands(ProbeRsVersion.V0_32, options(Map.of("chip", "nRF52840_xxAA")));
    assertThat(c.read("b32", 0xE000ED28L, 4)).endsWith("b32", "0xe000ed28", "4");
    assertThat(c.write("b32", 0x2000_0000L, List.of(0xdeadbeefL, 1L)))
        .endsWith("b32", "0x20000000", "0xdeadbeef", "0x1");
    assertThatThrownBy(() -> c.read("b64x", 0, 1)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void rejectsUnknownOrMalformedOptionsNamingTheProfile() {
    assertThatThrownBy(() -> options(Map.of("chip", "x", "speed", "4000")))
        .isInstanceOf(TargetException.class)
        .hasMessageContaining("profile board")
        .hasMessageContaining("[speed]");
    assertThatThrownBy(() -> options(Map.of())).hasMessageContaining("chip is required");
    assertThatThrownBy(() -> options(Map.of("chip", "x", "probe", "stlink")))
        .hasMessageContaining("VID:PID");
    assertThatThrownBy(() -> options(Map.of("chip", "x", "protocol", "spi")))
        .hasMessageContaining("swd or jtag");
    assertThatThrownBy(() -> options(Map.of("chip", "x", "speed-khz", "fast")))
        .hasMessageContaining("not a number");
    assertThatThrownBy(() -> options(Map.of("chip", "x", "call-timeout", "10")))
        .hasMessageContaining("positive duration");
    assertThat(options(Map.of("chip", "x", "flash-timeout", "2m")).flashTimeout()).hasMinutes(2);
  }

  @Test
  void writesIntelHexWithExtendedAddressesAcross64KiB() {
    byte[] data = new byte[20];
    for (int i = 0; i < data.length; i++) {
      data[i] = (byte) i;
    }
    String hex =
        IntelHex.write(new FirmwareImage("x", List.of(new ImageSegment(0x0800_FFF8L, data))));
    assertThat(hex.split("\n"))
        .containsExactly(
            ":020000040800F2",
            ":08FFF8000001020304050607E5",
            ":020000040801F1",
            ":0C00000008090A0B0C0D0E0F1011121352",
            ":00000001FF");
  }

  @Test
  void remembersWhichImageABoardHolds() throws Exception {
    FirmwareImage a =
        new FirmwareImage("a", List.of(new ImageSegment(0x0800_0000L, new byte[] {1, 2})));
    FirmwareImage b =
        new FirmwareImage("b", List.of(new ImageSegment(0x0800_0004L, new byte[] {1, 2})));
    FlashState state = new FlashState(temp.resolve("state"), FULL.boardKey());
    assertThat(FlashState.hash(a)).isNotEqualTo(FlashState.hash(b));
    assertThat(state.holds(FlashState.hash(a))).isFalse();
    state.record(FlashState.hash(a));
    assertThat(state.holds(FlashState.hash(a))).isTrue();
    assertThat(state.holds(FlashState.hash(b))).isFalse();
    assertThat(state.file().getFileName().toString())
        .isEqualTo("STM32F411RETx@0483_374b_066DFF.sha256");
    state.forget();
    assertThat(Files.exists(state.file())).isFalse();
    assertThat(FlashState.defaultDirectory(Optional.empty(), Path.of("/home/u")))
        .isEqualTo(Path.of("/home/u/.local/state/hilt/probe-rs"));
  }
}

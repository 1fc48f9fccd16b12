package io.hilt.orchestrator.config;

import static io.hilt.orchestrator.config.ProblemAssert.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlanErrorsTest {
  @TempDir Path tmp;
  Path root;
  Path file;

  @BeforeEach
  void layout() throws IOException {
    root = Files.createDirectories(tmp.resolve("project"));
    Files.createDirectories(root.resolve("test-plans"));
    Files.createDirectories(root.resolve("firmware"));
    Files.writeString(root.resolve("firmware/app.elf"), "not really an ELF; only existence counts");
    file = root.resolve("test-plans/plan.yaml");
  }

  private ConfigException fails(String yaml) throws IOException {
    Files.writeString(file, yaml);
    ConfigException e =
        catchThrowableOfType(ConfigException.class, () -> new PlanLoader(root).load(file));
    assertThat(e).as("loading should fail").isNotNull();
    return e;
  }

  @Test
  void unknownKeyInATestGetsADidYouMean() throws IOException {
    ConfigException e =
        fails(
            """
            tests:
              - name: t
                setps: [reset]
            """);

    assertProblem(e, file, 3, 5, "unknown key 'setps' in test 't'", "did you mean 'steps'?");
    assertProblem(e, file, 2, 5, "missing required key 'steps' in test 't'");
  }

  @Test
  void unknownStepGetsADidYouMean() throws IOException {
    ConfigException e =
        fails(
            """
            firmware: ../firmware/app.elf
            tests:
              - name: t
                steps:
                  - flsh
                  - run-untill: { exit: true }
            """);

    assertProblem(e, file, 5, 9, "unknown step 'flsh'", "did you mean 'flash'?");
    assertProblem(e, file, 6, 9, "unknown step 'run-untill'", "did you mean 'run-until'?");
  }

  @Test
  void unknownStepFarFromAllListsTheSteps() throws IOException {
    ConfigException e =
        fails(
            """
            tests:
              - name: t
                steps:
                  - wiggle: "hello"
            """);

    assertProblem(
        e,
        file,
        4,
        9,
        "unknown step 'wiggle'; steps: flash, reset, run-until, expect-output, expect-exit,"
            + " paint-stack, stack-usage");
  }

  @Test
  void stepsOfLaterVersionsSayTheyAreNotSupportedYet() throws IOException {
    ConfigException e =
        fails(
            """
            tests:
              - name: t
                steps:
                  - read-memory: { address: 0x20000000 }
            """);

    assertProblem(
        e,
        file,
        4,
        9,
        "step 'read-memory' is not supported yet (arrives with memory assertions); steps: flash,");
  }

  @Test
  void consoleStepMistakesGetDidYouMeans() throws IOException {
    ConfigException e =
        fails(
            """
            tests:
              - name: t
                results: untiy
                steps:
                  - sned: "help"
                  - send: { text: "help", line-ending: crfl, link: consol }
                  - send: { bytes: [0x03, 256, x] }
                  - send: { line-ending: lf }
                  - send: ""
                  - expect: { pattern: "a(b", timeout: soon }
                  - expect-not: { pattern: "panic", within: 2s }
                  - wait-for-prompt: ""
                  - wait-for-prompt: { timeout: 1s }
            """);

    assertProblem(
        e, file, 3, 14, "'results': unknown test-result protocol 'untiy'", "did you mean 'unity'?");
    assertProblem(e, file, 5, 9, "unknown step 'sned'", "did you mean 'send'?");
    assertProblem(
        e, file, 6, 44, "'line-ending': unknown line ending 'crfl'", "did you mean 'crlf'?");
    assertProblem(e, file, 6, 56, "'link': unknown link 'consol'", "did you mean 'console'?");
    assertProblem(
        e, file, 7, 31, "'bytes': expected a byte from 0 to 255 (0x00 to 0xFF), got '256'");
    assertProblem(e, file, 7, 36, "'bytes': expected an integer like 0 or -1, got 'x'");
    assertProblem(e, file, 8, 15, "'send' needs 'text', 'bytes' or both");
    assertProblem(e, file, 9, 15, "'send': nothing to send");
    assertProblem(e, file, 10, 28, "'pattern': invalid regular expression 'a(b'");
    assertProblem(e, file, 10, 44, "'timeout': expected a duration like 5s");
    assertProblem(
        e, file, 11, 41, "unknown key 'within' in expect-not", "allowed keys: pattern, for, link");
    assertProblem(e, file, 12, 26, "'wait-for-prompt': the prompt is empty");
    assertProblem(e, file, 13, 26, "missing required key 'prompt' in wait-for-prompt");
  }

  @Test
  void wrongDurationSaysWhatADurationLooksLike() throws IOException {
    ConfigException e =
        fails(
            """
            timeout: fast
            tests:
              - name: t
                steps:
                  - run-until: { exit: true, timeout: 5 }
            """);

    assertProblem(e, file, 1, 10, "'timeout': expected a duration like 5s, 200ms, 1m, got 'fast'");
    assertProblem(e, file, 5, 43, "expected a duration like 5s, 200ms, 1m, got '5'", "add a unit");
  }

  @Test
  void stepThatIsNeitherANameNorASingleKeyMapIsRejected() throws IOException {
    ConfigException e =
        fails(
            """
            tests:
              - name: t
                steps:
                  - reset:
                    halt: true
                  - [flash]
            """);

    assertProblem(e, file, 4, 9, "this map has 2: reset, halt", "is a '-' missing");
    assertProblem(e, file, 6, 9, "a step is a name", "got a list");
  }

  @Test
  void stepOptionsAreCheckedLikeKeys() throws IOException {
    ConfigException e =
        fails(
            """
            tests:
              - name: t
                steps:
                  - reset: { hlat: true }
                  - expect-exit: { code: zero }
                  - stack-usage: { max-bytes: 2048, max-percent: 150 }
                  - paint-stack: { pattern: 0x1CCCCCCCC }
                  - run-until: { output: "a(b", exit: yes }
                  - run-until: { timeout: 1s }
                  - run-until: { exit: true, on-timeout: ignore }
            """);

    assertProblem(e, file, 4, 18, "unknown key 'hlat' in reset", "did you mean 'halt'?");
    assertProblem(e, file, 5, 30, "'code': expected an integer like 0 or -1, got 'zero'");
    assertProblem(e, file, 6, 54, "'max-percent': expected a percentage above 0 and at most 100");
    assertProblem(e, file, 7, 33, "'pattern': expected a value of at most 0xFFFFFFFF");
    assertProblem(e, file, 8, 30, "'output': invalid regular expression 'a(b': Unclosed group");
    assertProblem(e, file, 8, 43, "'exit': expected true or false, got 'yes'");
    assertProblem(e, file, 9, 20, "'run-until' waits for nothing");
    assertProblem(e, file, 10, 46, "'on-timeout': expected pass or fail, got 'ignore'");
  }

  @Test
  void stepsThatNeedAValueSaySo() throws IOException {
    ConfigException e =
        fails(
            """
            tests:
              - name: t
                steps:
                  - run-until
                  - expect-output
                  - expect-exit:
                  - flash: now
            """);

    assertProblem(e, file, 4, 9, "'run-until' needs options");
    assertProblem(e, file, 5, 9, "'expect-output' needs a pattern");
    assertProblem(e, file, 6, 9, "'expect-exit' needs a code");
    assertProblem(e, file, 7, 16, "'flash' takes no options");
  }

  @Test
  void flashWithoutAnyFirmwareIsRejected() throws IOException {
    ConfigException e =
        fails(
            """
            tests:
              - name: t
                steps: [flash]
            """);

    assertProblem(e, file, 3, 13, "'flash' needs a firmware", "test 't'");
  }

  @Test
  void stackUsageWithoutPaintStackIsRejected() throws IOException {
    ConfigException e =
        fails(
            """
            tests:
              - name: t
                steps:
                  - reset
                  - stack-usage: { max-bytes: 1KiB }
            """);

    assertProblem(e, file, 5, 9, "'stack-usage' needs an earlier 'paint-stack'");
  }

  @Test
  void duplicateTestNamesAreRejected() throws IOException {
    ConfigException e =
        fails(
            """
            tests:
              - name: boots
                steps: [reset]
              - name: boots
                steps: [reset]
            """);

    assertProblem(e, file, 4, 11, "duplicate test name 'boots' (first at line 2)");
  }

  @Test
  void duplicateKeyIsRejected() throws IOException {
    ConfigException e =
        fails(
            """
            tests:
              - name: t
                steps: [reset]
                name: u
            """);

    assertProblem(e, file, 4, 5, "duplicate key 'name' (first at line 2, column 5)");
  }

  @Test
  void missingFirmwareFileIsReportedWithTheResolvedPath() throws IOException {
    ConfigException e =
        fails(
            """
            firmware: ../firmware/missing.elf
            tests:
              - name: t
                steps: [flash]
            """);

    assertProblem(
        e,
        file,
        1,
        11,
        "firmware file '../firmware/missing.elf' not found",
        root.resolve("firmware/missing.elf").toString(),
        "relative to the plan's folder");
  }

  @Test
  void firmwareEscapingTheRootWithDotDotIsRejected() throws IOException {
    Files.writeString(tmp.resolve("outside.elf"), "x");

    ConfigException e =
        fails(
            """
            firmware: ../../outside.elf
            tests:
              - name: t
                steps: [flash]
            """);

    assertProblem(
        e,
        file,
        1,
        11,
        "firmware path '../../outside.elf' resolves to",
        "outside the allowed folder");
  }

  @Test
  void firmwareEscapingTheRootThroughASymlinkIsRejected() throws IOException {
    Path outside = Files.writeString(tmp.resolve("secret.elf"), "x");
    Files.createSymbolicLink(root.resolve("firmware/link.elf"), outside);

    ConfigException e =
        fails(
            """
            tests:
              - name: t
                firmware: ../firmware/link.elf
                steps: [flash]
            """);

    assertProblem(
        e,
        file,
        3,
        15,
        "firmware path '../firmware/link.elf' resolves to " + outside.toRealPath(),
        "outside the allowed folder");
  }

  @Test
  void missingFileOutsideTheRootIsReportedAsAnEscapeNotAsMissing() throws IOException {
    ConfigException e =
        fails(
            """
            firmware: /etc/no-such-file.elf
            tests:
              - name: t
                steps: [flash]
            """);

    assertProblem(e, file, 1, 11, "outside the allowed folder");
  }

  @Test
  void firmwareThatIsAFolderIsRejected() throws IOException {
    ConfigException e =
        fails(
            """
            firmware: ../firmware
            tests:
              - name: t
                steps: [flash]
            """);

    assertProblem(e, file, 1, 11, "firmware '../firmware' is not a file");
  }

  @Test
  void unknownRequiredArchIsRejected() throws IOException {
    ConfigException e =
        fails(
            """
            requires: { arch: [cortex-m3, armv9] }
            tests:
              - name: t
                steps: [reset]
            """);

    assertProblem(e, file, 1, 31, "unknown arch 'armv9'", "allowed: cortex-m0plus");
  }

  @Test
  void malformedYamlGivesTheParsersPosition() throws IOException {
    ConfigException e =
        fails(
            """
            tests:
              - name: t
                steps: [reset
              - name: u
            """);

    assertThat(e.problems()).hasSize(1);
    Problem p = e.problems().get(0);
    assertThat(p.location().file()).isEqualTo(file);
    assertThat(p.location().line()).isEqualTo(4);
    assertThat(p.location().column()).isEqualTo(9);
    assertThat(p.message()).startsWith("malformed YAML: ").contains("flow sequence");
    assertThat(e.getMessage()).startsWith(file + ":4:9: malformed YAML");
  }

  @Test
  void tabsInIndentationAreMalformedYaml() throws IOException {
    ConfigException e = fails("tests:\n\t- name: t\n");

    assertThat(e.problems().get(0).location().line()).isEqualTo(2);
    assertThat(e.problems().get(0).message()).startsWith("malformed YAML");
  }

  @Test
  void emptyFileAndSecondDocumentAreRejected() throws IOException {
    assertProblem(fails(""), file, 1, 1, "the file is empty");
    assertProblem(fails("tests: []\n---\ntests: []\n"), file, 3, 1, "a second YAML document");
  }

  @Test
  void everyProblemOfAFileIsReportedAtOnceInFileOrder() throws IOException {
    ConfigException e =
        fails(
            """
            nmae: x
            timeout: 0s
            tests:
              - name: t
                steps: [reset, bogus]
            """);

    assertThat(e.problems()).extracting(p -> p.location().line()).containsExactly(1, 2, 5);
    assertThat(e.getMessage().lines()).hasSize(3);
  }

  @Test
  void expectFaultNamesGetADidYouMeanAndTheAllowedList() throws IOException {
    ConfigException e =
        fails(
            """
            tests:
              - name: t
                steps:
                  - expect-fault: MemManag
                  - expect-fault: { exception: Crash }
                  - expect-fault: { flags: [DACVIOL, daccviol, WHATEVER] }
            """);

    assertProblem(
        e,
        file,
        4,
        23,
        "unknown exception 'MemManag'; did you mean 'MemManage'?",
        "(exceptions: HardFault, MemManage, BusFault, UsageFault, NMI, SecureFault, ");
    assertProblem(e, file, 5, 36, "unknown exception 'Crash' (exceptions: HardFault,");
    assertProblem(e, file, 6, 33, "unknown fault flag 'DACVIOL'; did you mean 'DACCVIOL'?");
    assertProblem(e, file, 6, 42, "unknown fault flag 'daccviol'; did you mean 'DACCVIOL'?");
    assertProblem(e, file, 6, 52, "unknown fault flag 'WHATEVER'; flags: IACCVIOL, DACCVIOL,");
  }

  @Test
  void expectFaultValuesAreChecked() throws IOException {
    ConfigException e =
        fails(
            """
            tests:
              - name: t
                steps:
                  - expect-fault: { address: 0x100000000 }
                  - expect-fault: { flags: [] }
                  - expect-fault: { flags: [FORCED, FORCED] }
                  - expect-fault: { function: "ro write" }
                  - expect-fault: {}
                  - expect-fault: { adress: 0x20004000 }
                  - expect-fault: { timeout: 0s }
                  - expect-no-fault: { timout: 1s }
                  - expect-no-fault: 5s
            """);

    assertProblem(e, file, 4, 34, "'address':", "0x100000000");
    assertProblem(e, file, 5, 32, "'flags': expected at least one fault status flag");
    assertProblem(e, file, 6, 41, "'flags': FORCED is listed twice");
    assertProblem(e, file, 7, 35, "'function': expected a function name", "'ro write'");
    assertProblem(e, file, 8, 23, "'expect-fault' with an empty map", "'- expect-fault'");
    assertProblem(e, file, 9, 25, "unknown key 'adress' in expect-fault; did you mean 'address'?");
    assertProblem(e, file, 10, 34, "'timeout': expected a duration above zero");
    assertProblem(
        e, file, 11, 28, "unknown key 'timout' in expect-no-fault; did you mean 'timeout'?");
    assertProblem(e, file, 12, 26, "expect-no-fault: expected a map with keys timeout");
  }
}

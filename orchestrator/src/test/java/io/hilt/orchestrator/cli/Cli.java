package io.hilt.orchestrator.cli;

import io.hilt.probe.testsupport.ProjectPaths;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;

/** Runs the CLI in-process from the repository root, capturing its streams. */
final class Cli {
  record Result(int exitCode, String out, String err, byte[] outBytes) {}

  private Cli() {}

  static Result run(String... args) {
    return runIn(ProjectPaths.root(), args);
  }

  static Result runIn(Path workingDir, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream outStream = new PrintStream(out, true, StandardCharsets.UTF_8);
    PrintStream errStream = new PrintStream(err, true, StandardCharsets.UTF_8);
    int code =
        Main.execute(
            new CliContext(outStream, errStream, workingDir, Optional.of(ProjectPaths.root())),
            args);
    outStream.flush();
    errStream.flush();
    return new Result(
        code,
        out.toString(StandardCharsets.UTF_8),
        err.toString(StandardCharsets.UTF_8),
        out.toByteArray());
  }
}

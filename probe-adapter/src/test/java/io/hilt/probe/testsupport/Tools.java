package io.hilt.probe.testsupport;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * External tools used by tests (qemu-system-arm, arm-none-eabi-gcc, socat, ser2net...). A test that
 * needs one calls {@link #require(String)}: when the tool is missing it is skipped with a message
 * saying what to install, except under {@code HILT_REQUIRE_TOOLS=1} (set by .ci/run), where it
 * fails, so CI never passes without running it.
 */
public final class Tools {
  public static final String REQUIRE_ENV = "HILT_REQUIRE_TOOLS";

  private Tools() {}

  public static Optional<Path> find(String executable) {
    String path = System.getenv("PATH");
    if (path == null) {
      return Optional.empty();
    }
    for (String dir : path.split(File.pathSeparator)) {
      Path candidate = Path.of(dir, executable);
      if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  public static boolean required() {
    return "1".equals(System.getenv(REQUIRE_ENV));
  }

  /**
   * Returns the tool's path, or skips the calling test (fails it when tools are required).
   *
   * @param debianPackage the package that provides it, named in the message
   */
  public static Path require(String executable, String debianPackage) {
    Optional<Path> found = find(executable);
    if (found.isEmpty()) {
      String message =
          executable
              + " not found on PATH: install the Debian package "
              + debianPackage
              + " (apt-get install "
              + debianPackage
              + ") to run this test";
      if (required()) {
        throw new AssertionError(REQUIRE_ENV + "=1 but " + message);
      }
      assumeTrue(false, "skipped: " + message);
    }
    return found.orElseThrow();
  }
}

package io.hilt.probe.testsupport;

import java.nio.file.Files;
import java.nio.file.Path;

/** Finds the project's folders from tests, whichever module's folder Maven runs them in. */
public final class ProjectPaths {
  private ProjectPaths() {}

  /** The root of the hilt checkout (the folder with the parent pom.xml and firmware/). */
  public static Path root() {
    String configured = System.getProperty("hilt.projectRoot");
    if (configured != null && !configured.isBlank()) {
      return Path.of(configured).toAbsolutePath().normalize();
    }
    Path dir = Path.of("").toAbsolutePath();
    for (Path p = dir; p != null; p = p.getParent()) {
      if (Files.isDirectory(p.resolve("firmware")) && Files.isRegularFile(p.resolve("pom.xml"))) {
        return p;
      }
    }
    throw new IllegalStateException("cannot find the hilt project root above " + dir);
  }

  /** {@code ../shared/vectors} beside the project root. */
  public static Path sharedVectors() {
    return root().resolveSibling("shared").resolve("vectors");
  }

  /** The firmware build output for one CPU, for example {@code firmware/build/cortex-m0plus}. */
  public static Path firmwareBuild(String cpu) {
    return root().resolve("firmware").resolve("build").resolve(cpu);
  }
}

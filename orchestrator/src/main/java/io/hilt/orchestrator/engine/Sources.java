package io.hilt.orchestrator.engine;

import io.hilt.orchestrator.config.SourceLocation;
import org.junit.platform.engine.support.descriptor.FilePosition;
import org.junit.platform.engine.support.descriptor.FileSource;

/** Test sources pointing at YAML positions, so IDEs can jump to a plan or test. */
final class Sources {
  private Sources() {}

  static FileSource of(SourceLocation location) {
    FileSource file = FileSource.from(location.file().toFile());
    if (location.line() > 0) {
      return location.column() > 0
          ? file.withPosition(FilePosition.from(location.line(), location.column()))
          : file.withPosition(FilePosition.from(location.line()));
    }
    return file;
  }
}

package io.hilt.orchestrator.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import picocli.CommandLine;

/** hilt's version, from a resource Maven fills in at build time. */
public final class HiltVersion implements CommandLine.IVersionProvider {
  private static final String RESOURCE = "hilt-version.properties";

  /** The version, for example {@code 0.1.0-SNAPSHOT}. */
  public static String version() {
    try (InputStream in = HiltVersion.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        return "development";
      }
      Properties properties = new Properties();
      properties.load(in);
      return properties.getProperty("version", "development");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + RESOURCE, e);
    }
  }

  @Override
  public String[] getVersion() {
    return new String[] {"hilt " + version()};
  }
}

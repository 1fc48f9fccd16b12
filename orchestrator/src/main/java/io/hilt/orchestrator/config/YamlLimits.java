package io.hilt.orchestrator.config;

/**
 * Bounds on what the YAML reader accepts, so that a hostile file fails fast with a clear error
 * instead of exhausting memory or the stack. Profiles and plans are a few kilobytes.
 *
 * @param maxBytes largest file accepted
 * @param maxDepth deepest nesting of maps and lists
 * @param maxNodes most keys, list items and scalars in one file
 */
public record YamlLimits(int maxBytes, int maxDepth, int maxNodes) {
  public static final YamlLimits DEFAULT = new YamlLimits(1 << 20, 32, 100_000);

  public YamlLimits {
    if (maxBytes <= 0 || maxDepth <= 0 || maxNodes <= 0) {
      throw new IllegalArgumentException("YAML limits must be positive");
    }
  }
}

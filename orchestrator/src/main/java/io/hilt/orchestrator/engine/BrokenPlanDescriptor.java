package io.hilt.orchestrator.engine;

import java.nio.file.Path;
import org.junit.platform.engine.UniqueId;
import org.junit.platform.engine.support.descriptor.AbstractTestDescriptor;
import org.junit.platform.engine.support.descriptor.FileSource;
import org.junit.platform.engine.support.hierarchical.Node;

/**
 * A plan file that did not load. It is a test rather than an empty container: an empty container
 * would be pruned before execution, and reports list tests, so the loader's error would be lost.
 */
final class BrokenPlanDescriptor extends AbstractTestDescriptor
    implements Node<HiltExecutionContext> {
  private final RuntimeException problem;

  BrokenPlanDescriptor(UniqueId uniqueId, Path file, RuntimeException problem) {
    super(uniqueId, displayName(file), FileSource.from(file.toFile()));
    this.problem = problem;
  }

  private static String displayName(Path file) {
    Path name = file.getFileName();
    return name == null ? file.toString() : name.toString();
  }

  @Override
  public Type getType() {
    return Type.TEST;
  }

  @Override
  public HiltExecutionContext execute(
      HiltExecutionContext context, DynamicTestExecutor dynamicTestExecutor) {
    throw problem;
  }
}

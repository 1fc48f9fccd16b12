package io.hilt.orchestrator.engine;

import io.hilt.orchestrator.steps.TestRunner;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.platform.engine.EngineDiscoveryRequest;
import org.junit.platform.engine.ExecutionRequest;
import org.junit.platform.engine.TestDescriptor;
import org.junit.platform.engine.UniqueId;
import org.junit.platform.engine.support.hierarchical.HierarchicalTestEngine;

/**
 * hilt's JUnit Platform engine (id {@value #ID}): plan files are containers, their tests are tests,
 * run on the device profile named by the configuration parameter {@value EngineSettings#PROFILE}.
 * Found by the Launcher through {@code ServiceLoader}, so Maven and IDEs can run plans too; the
 * {@code hilt run} command uses it alone.
 */
public final class HiltTestEngine extends HierarchicalTestEngine<HiltExecutionContext> {
  public static final String ID = "hilt";

  private final TestRunner runner;

  /** The engine as {@code ServiceLoader} creates it: real drivers, real firmware loading. */
  public HiltTestEngine() {
    this(TestRunner.withInstalledDrivers());
  }

  /** An engine running tests with the given runner. */
  public HiltTestEngine(TestRunner runner) {
    this.runner = runner;
  }

  @Override
  public String getId() {
    return ID;
  }

  @Override
  public Optional<String> getGroupId() {
    return Optional.of("io.hilt");
  }

  @Override
  public Optional<String> getArtifactId() {
    return Optional.of("hilt-orchestrator");
  }

  @Override
  public TestDescriptor discover(EngineDiscoveryRequest request, UniqueId uniqueId) {
    EngineSettings settings =
        EngineSettings.from(request.getConfigurationParameters(), Path.of("").toAbsolutePath());
    return new PlanDiscovery(settings).discover(request, uniqueId);
  }

  @Override
  protected HiltExecutionContext createExecutionContext(ExecutionRequest request) {
    return new HiltExecutionContext(
        request.getEngineExecutionListener(), runner, request.getCancellationToken());
  }
}

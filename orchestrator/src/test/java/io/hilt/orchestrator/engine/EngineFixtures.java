package io.hilt.orchestrator.engine;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectFile;

import io.hilt.probe.testsupport.ProjectPaths;
import java.nio.file.Path;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;

/** Runs hilt's engine on the test plans under src/test/resources/plans with the repo's profiles. */
final class EngineFixtures {
  private EngineFixtures() {}

  static Path plan(String name) {
    return ProjectPaths.root()
        .resolve("orchestrator/src/test/resources/plans")
        .resolve(name + ".yaml");
  }

  static EngineTestKit.Builder engine(String profile, Path profilesDir) {
    return EngineTestKit.engine(new HiltTestEngine())
        .configurationParameter(EngineSettings.PROFILE, profile)
        .configurationParameter(EngineSettings.PROFILES_DIR, profilesDir.toString())
        .configurationParameter(EngineSettings.PLANS_ROOT, ProjectPaths.root().toString());
  }

  static EngineTestKit.Builder engine() {
    return engine("sim-cortex-m0plus", ProjectPaths.root().resolve("device-profiles"));
  }

  static EngineExecutionResults run(String... plans) {
    EngineTestKit.Builder builder = engine();
    for (String plan : plans) {
      builder.selectors(selectFile(plan(plan).toFile()));
    }
    return builder.execute();
  }
}

package io.hilt.orchestrator.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.hilt.probe.testsupport.ProjectPaths;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The profiles and plans shipped in the repository are valid. */
class BundledConfigTest {
  private final Path root = ProjectPaths.root();

  @Test
  void everyBundledProfileAndPlanValidates() {
    ValidationResult result =
        new ConfigValidator(root)
            .validate(List.of(root.resolve("device-profiles"), root.resolve("test-plans")));

    assertThat(result.format()).isEmpty();
    assertThat(result.ok()).isTrue();
    assertThat(result.profiles()).contains(root.resolve("device-profiles/sim-cortex-m0plus.yaml"));
    assertThat(result.plans())
        .contains(
            root.resolve("test-plans/smoke.yaml"), root.resolve("test-plans/stack-usage.yaml"));
  }

  @Test
  void theCatalogFindsTheSimulatorProfile() {
    ProfileCatalog catalog = ProfileCatalog.load(root.resolve("device-profiles"));

    assertThat(catalog.require("sim-cortex-m0plus").driver()).isEqualTo("sim");
  }
}

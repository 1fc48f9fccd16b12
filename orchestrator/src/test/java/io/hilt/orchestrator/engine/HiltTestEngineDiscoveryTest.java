package io.hilt.orchestrator.engine;

import static io.hilt.orchestrator.engine.EngineFixtures.plan;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectDirectory;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectFile;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectUniqueId;
import static org.junit.platform.testkit.engine.EventConditions.container;
import static org.junit.platform.testkit.engine.EventConditions.displayName;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.EventConditions.skippedWithReason;
import static org.junit.platform.testkit.engine.EventConditions.test;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.instanceOf;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import io.hilt.orchestrator.config.ConfigException;
import io.hilt.probe.target.TargetException;
import io.hilt.probe.testsupport.ProjectPaths;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.TestDescriptor;
import org.junit.platform.engine.UniqueId;
import org.junit.platform.engine.support.descriptor.FilePosition;
import org.junit.platform.engine.support.descriptor.FileSource;
import org.junit.platform.engine.support.hierarchical.ExclusiveResource;
import org.junit.platform.testkit.engine.EngineDiscoveryResults;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;

class HiltTestEngineDiscoveryTest {
  @Test
  void planIsAContainerOfItsTestsWithSourcePositions() {
    EngineDiscoveryResults discovered =
        EngineFixtures.engine().selectors(selectFile(plan("outcomes").toFile())).discover();

    TestDescriptor engine = discovered.getEngineDescriptor();
    assertThat(engine.getChildren()).hasSize(1);
    TestDescriptor planDescriptor = engine.getChildren().iterator().next();
    assertThat(planDescriptor.getDisplayName()).isEqualTo("outcomes");
    assertThat(planDescriptor.isContainer()).isTrue();
    assertThat(planDescriptor.getSource())
        .get()
        .isInstanceOfSatisfying(
            FileSource.class,
            source -> assertThat(source.getFile().toPath()).isEqualTo(plan("outcomes")));
    List<String> tests =
        planDescriptor.getChildren().stream().map(TestDescriptor::getDisplayName).toList();
    assertThat(tests)
        .containsExactly(
            "banner and clean exit pass",
            "wrong exit code fails",
            "output that never comes fails",
            "self-test with an injected failure exits with its count");
    TestDescriptor first = planDescriptor.getChildren().iterator().next();
    assertThat(first.isTest()).isTrue();
    assertThat(first.getSource())
        .get()
        .isInstanceOfSatisfying(
            FileSource.class,
            source ->
                assertThat(source.getPosition())
                    .get()
                    .extracting(FilePosition::getLine)
                    .isEqualTo(6));
  }

  @Test
  void everyTestHoldsItsBoardExclusively() {
    EngineDiscoveryResults discovered =
        EngineFixtures.engine().selectors(selectFile(plan("stack").toFile())).discover();

    TestDescriptor planDescriptor =
        discovered.getEngineDescriptor().getChildren().iterator().next();
    assertThat(planDescriptor.getChildren())
        .hasSize(3)
        .allSatisfy(
            test ->
                assertThat(((TestCaseDescriptor) test).getExclusiveResources())
                    .containsExactly(
                        new ExclusiveResource(
                            "hilt.board.sim-cortex-m0plus",
                            ExclusiveResource.LockMode.READ_WRITE)));
  }

  @Test
  void directorySelectorFindsEveryYamlFileInPathOrder() {
    EngineDiscoveryResults discovered =
        EngineFixtures.engine()
            .selectors(selectDirectory(plan("outcomes").getParent().toFile()))
            .discover();

    assertThat(discovered.getEngineDescriptor().getChildren())
        .extracting(TestDescriptor::getDisplayName)
        .containsExactly("broken.yaml", "m3-only", "outcomes", "stack", "waits");
  }

  @Test
  void uniqueIdSelectsOneTestOfAPlan() {
    UniqueId id =
        UniqueId.forEngine(HiltTestEngine.ID)
            .append("plan", plan("outcomes").toString())
            .append("test", "wrong exit code fails");

    EngineDiscoveryResults discovered =
        EngineFixtures.engine().selectors(selectUniqueId(id)).discover();

    TestDescriptor planDescriptor =
        discovered.getEngineDescriptor().getChildren().iterator().next();
    assertThat(planDescriptor.getChildren())
        .extracting(TestDescriptor::getUniqueId)
        .containsExactly(id);
  }

  @Test
  void classSelectorsFindNothingAndLoadNoProfiles(@TempDir Path empty) {
    EngineDiscoveryResults discovered =
        EngineFixtures.engine("no-such-profile", empty)
            .selectors(selectClass(HiltTestEngineDiscoveryTest.class))
            .discover();

    assertThat(discovered.getEngineDescriptor().getChildren()).isEmpty();
  }

  @Test
  void planForAnotherCoreIsSkippedWithTheReason() {
    EngineExecutionResults results = EngineFixtures.run("m3-only");

    results
        .containerEvents()
        .assertThatEvents()
        .haveExactly(
            1,
            event(
                container("m3-only"),
                skippedWithReason(
                    "plan requires cortex-m3, profile sim-cortex-m0plus is cortex-m0plus")));
    results.testEvents().assertStatistics(stats -> stats.started(0));
  }

  @Test
  void brokenPlanFailsWithTheLoaderMessageNamingFileLineAndColumn() {
    EngineExecutionResults results = EngineFixtures.run("broken");

    results
        .testEvents()
        .assertThatEvents()
        .haveExactly(
            1,
            event(
                test(displayName("broken.yaml")),
                finishedWithFailure(
                    instanceOf(ConfigException.class),
                    message(m -> m.contains(plan("broken") + ":8:9: ") && m.contains("rest")))));
  }

  @Test
  void unknownProfileFailsEveryPlanInsteadOfRunningNothingSilently() {
    EngineExecutionResults results =
        EngineFixtures.engine("sim-cortex-m7", ProjectPaths.root().resolve("device-profiles"))
            .selectors(selectFile(plan("outcomes").toFile()))
            .execute();

    results
        .containerEvents()
        .assertThatEvents()
        .haveExactly(
            1,
            event(
                container("outcomes"),
                finishedWithFailure(message(m -> m.contains("unknown profile 'sim-cortex-m7'")))));
  }

  @Test
  void missingDriverIsAnInfrastructureErrorOfTheTest(@TempDir Path profiles) throws IOException {
    String sim =
        Files.readString(ProjectPaths.root().resolve("device-profiles/sim-cortex-m0plus.yaml"));
    Files.writeString(
        profiles.resolve("bench-board.yaml"),
        sim.replace("name: sim-cortex-m0plus", "name: bench-board")
            .replace("driver: sim", "driver: no-such-driver"));

    EngineExecutionResults results =
        EngineTestKit.engine(new HiltTestEngine())
            .configurationParameter(EngineSettings.PROFILE, "bench-board")
            .configurationParameter(EngineSettings.PROFILES_DIR, profiles.toString())
            .configurationParameter(EngineSettings.PLANS_ROOT, ProjectPaths.root().toString())
            .selectors(
                selectUniqueId(
                    UniqueId.forEngine(HiltTestEngine.ID)
                        .append("plan", plan("outcomes").toString())
                        .append("test", "banner and clean exit pass")))
            .execute();

    results
        .testEvents()
        .assertThatEvents()
        .haveExactly(
            1,
            event(
                finishedWithFailure(
                    instanceOf(TargetException.class),
                    message(m -> m.contains("needs driver 'no-such-driver'")))));
  }
}

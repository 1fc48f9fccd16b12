package io.hilt.orchestrator.engine;

import io.hilt.orchestrator.config.PlanLoader;
import io.hilt.orchestrator.config.ProfileCatalog;
import io.hilt.orchestrator.config.TestCase;
import io.hilt.orchestrator.config.TestPlan;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.platform.engine.EngineDiscoveryRequest;
import org.junit.platform.engine.TestDescriptor;
import org.junit.platform.engine.UniqueId;
import org.junit.platform.engine.discovery.DirectorySelector;
import org.junit.platform.engine.discovery.FileSelector;
import org.junit.platform.engine.discovery.UniqueIdSelector;
import org.junit.platform.engine.support.descriptor.EngineDescriptor;

/**
 * Turns selectors into descriptors: plan YAML files (file selectors, directory selectors walked for
 * {@code *.yaml}/{@code *.yml}, or unique ids from an earlier run) become plan containers. Nothing
 * that goes wrong here is dropped: a plan that does not load becomes a container that fails with
 * the loader's message, a profile that does not load fails every plan.
 */
final class PlanDiscovery {
  private final EngineSettings settings;

  PlanDiscovery(EngineSettings settings) {
    this.settings = settings;
  }

  TestDescriptor discover(EngineDiscoveryRequest request, UniqueId engineId) {
    EngineDescriptor engine = new EngineDescriptor(engineId, "hilt");
    Map<Path, Set<String>> plans = selectedPlans(request, engineId);
    if (plans.isEmpty()) {
      return engine;
    }
    BoardChoice board = chooseBoard();
    PlanLoader loader = new PlanLoader(settings.plansRoot());
    for (Map.Entry<Path, Set<String>> selected : plans.entrySet()) {
      Path file = selected.getKey();
      UniqueId planId = engineId.append(PlanDescriptor.SEGMENT, file.toString());
      TestPlan plan;
      try {
        plan = loader.load(file);
      } catch (RuntimeException e) {
        engine.addChild(new BrokenPlanDescriptor(planId, file, e));
        continue;
      }
      PlanDescriptor planDescriptor = new PlanDescriptor(planId, plan, board);
      for (TestCase test : plan.tests()) {
        if (selected.getValue().isEmpty() || selected.getValue().contains(test.name())) {
          planDescriptor.addChild(
              new TestCaseDescriptor(
                  planId.append(TestCaseDescriptor.SEGMENT, test.name()), plan, test, board));
        }
      }
      engine.addChild(planDescriptor);
    }
    return engine;
  }

  private BoardChoice chooseBoard() {
    try {
      return new BoardChoice.Found(
          ProfileCatalog.load(settings.profilesDir()).require(settings.profile()));
    } catch (RuntimeException e) {
      return new BoardChoice.Failed(settings.profile(), e);
    }
  }

  /** Plan files in selector order, each with the test names asked for (empty: all). */
  private static Map<Path, Set<String>> selectedPlans(
      EngineDiscoveryRequest request, UniqueId engineId) {
    Map<Path, Set<String>> plans = new LinkedHashMap<>();
    for (FileSelector selector : request.getSelectorsByType(FileSelector.class)) {
      if (PlanFiles.isYaml(selector.getPath())) {
        all(plans, selector.getPath());
      }
    }
    for (DirectorySelector selector : request.getSelectorsByType(DirectorySelector.class)) {
      for (Path file : PlanFiles.under(selector.getPath())) {
        all(plans, file);
      }
    }
    for (UniqueIdSelector selector : request.getSelectorsByType(UniqueIdSelector.class)) {
      selectByUniqueId(plans, engineId, selector.getUniqueId());
    }
    return plans;
  }

  private static void all(Map<Path, Set<String>> plans, Path file) {
    plans.put(normalize(file), new LinkedHashSet<>());
  }

  private static void selectByUniqueId(
      Map<Path, Set<String>> plans, UniqueId engineId, UniqueId id) {
    List<UniqueId.Segment> segments = id.getSegments();
    if (!id.hasPrefix(engineId) || segments.size() < 2) {
      return;
    }
    UniqueId.Segment planSegment = segments.get(1);
    if (!planSegment.getType().equals(PlanDescriptor.SEGMENT)) {
      return;
    }
    Path file = normalize(Path.of(planSegment.getValue()));
    Optional<String> test =
        segments.size() > 2 && segments.get(2).getType().equals(TestCaseDescriptor.SEGMENT)
            ? Optional.of(segments.get(2).getValue())
            : Optional.empty();
    Set<String> tests = plans.get(file);
    if (test.isEmpty()) {
      plans.put(file, new LinkedHashSet<>());
    } else if (tests == null) {
      plans.put(file, new LinkedHashSet<>(List.of(test.get())));
    } else if (!tests.isEmpty()) {
      tests.add(test.get());
    }
  }

  private static Path normalize(Path file) {
    return file.toAbsolutePath().normalize();
  }
}

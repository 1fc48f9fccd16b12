package io.hilt.orchestrator.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.platform.engine.EngineDiscoveryRequest;
import org.junit.platform.engine.EngineExecutionListener;
import org.junit.platform.engine.ExecutionRequest;
import org.junit.platform.engine.TestDescriptor;
import org.junit.platform.engine.TestEngine;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.UniqueId;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.engine.support.descriptor.AbstractTestDescriptor;
import org.junit.platform.engine.support.descriptor.EngineDescriptor;
import org.opentest4j.TestAbortedException;

/**
 * A test engine that plays a script in the shape hilt's engine has (engine, plans as containers,
 * tests), publishing the same report entries, so the reports can be driven by a real JUnit Platform
 * run.
 */
final class ScriptedEngine implements TestEngine {
  /** What a test does when run: return (pass) or throw. */
  interface Body {
    void run() throws Exception;
  }

  record TestScript(
      String name, List<Map<String, String>> entries, Optional<String> skipReason, Body body) {
    static TestScript passing(String name, Map<String, String> entry) {
      return new TestScript(name, List.of(entry), Optional.empty(), () -> {});
    }

    static TestScript throwing(String name, Exception e) {
      return new TestScript(
          name,
          List.of(),
          Optional.empty(),
          () -> {
            throw e;
          });
    }

    static TestScript failing(String name, String message) {
      return new TestScript(
          name,
          List.of(Map.of(ReportKeys.SYSTEM_OUT, "checking " + name + "\n")),
          Optional.empty(),
          () -> {
            throw new org.opentest4j.AssertionFailedError(message);
          });
    }

    static TestScript aborted(String name, String message) {
      return new TestScript(
          name,
          List.of(),
          Optional.empty(),
          () -> {
            throw new TestAbortedException(message);
          });
    }

    static TestScript skipped(String name, String reason) {
      return new TestScript(name, List.of(), Optional.of(reason), () -> {});
    }
  }

  record PlanScript(
      String name,
      Map<String, String> entry,
      Optional<String> skipReason,
      Optional<Exception> failBefore,
      Optional<Exception> failAfter,
      List<TestScript> tests) {
    static PlanScript of(String name, Map<String, String> entry, TestScript... tests) {
      return new PlanScript(
          name, entry, Optional.empty(), Optional.empty(), Optional.empty(), List.of(tests));
    }
  }

  private final List<PlanScript> plans;

  ScriptedEngine(List<PlanScript> plans) {
    this.plans = List.copyOf(plans);
  }

  @Override
  public String getId() {
    return "hilt";
  }

  @Override
  public TestDescriptor discover(EngineDiscoveryRequest request, UniqueId uniqueId) {
    EngineDescriptor engine = new EngineDescriptor(uniqueId, "hilt");
    for (PlanScript plan : plans) {
      Node planNode = new Node(uniqueId.append("plan", plan.name()), plan.name(), true);
      engine.addChild(planNode);
      for (TestScript test : plan.tests()) {
        planNode.addChild(
            new Node(planNode.getUniqueId().append("test", test.name()), test.name(), false));
      }
    }
    return engine;
  }

  @Override
  public void execute(ExecutionRequest request) {
    EngineExecutionListener listener = request.getEngineExecutionListener();
    TestDescriptor engine = request.getRootTestDescriptor();
    listener.executionStarted(engine);
    List<TestDescriptor> planNodes = new ArrayList<>(engine.getChildren());
    for (int p = 0; p < plans.size(); p++) {
      PlanScript plan = plans.get(p);
      TestDescriptor planNode = planNodes.get(p);
      if (plan.skipReason().isPresent()) {
        listener.executionSkipped(planNode, plan.skipReason().get());
        continue;
      }
      listener.executionStarted(planNode);
      if (!plan.entry().isEmpty()) {
        listener.reportingEntryPublished(planNode, ReportEntry.from(plan.entry()));
      }
      if (plan.failBefore().isPresent()) {
        listener.executionFinished(planNode, TestExecutionResult.failed(plan.failBefore().get()));
        continue;
      }
      List<TestDescriptor> testNodes = new ArrayList<>(planNode.getChildren());
      for (int t = 0; t < plan.tests().size(); t++) {
        TestScript test = plan.tests().get(t);
        TestDescriptor testNode = testNodes.get(t);
        if (test.skipReason().isPresent()) {
          listener.executionSkipped(testNode, test.skipReason().get());
          continue;
        }
        listener.executionStarted(testNode);
        test.entries()
            .forEach(e -> listener.reportingEntryPublished(testNode, ReportEntry.from(e)));
        listener.executionFinished(testNode, run(test.body()));
      }
      listener.executionFinished(
          planNode,
          plan.failAfter()
              .map(TestExecutionResult::failed)
              .orElseGet(TestExecutionResult::successful));
    }
    listener.executionFinished(engine, TestExecutionResult.successful());
  }

  private static TestExecutionResult run(Body body) {
    try {
      body.run();
      return TestExecutionResult.successful();
    } catch (TestAbortedException e) {
      return TestExecutionResult.aborted(e);
    } catch (Exception | AssertionError e) {
      return TestExecutionResult.failed(e);
    }
  }

  private static final class Node extends AbstractTestDescriptor {
    private final boolean container;

    Node(UniqueId id, String name, boolean container) {
      super(id, name);
      this.container = container;
    }

    @Override
    public Type getType() {
      return container ? Type.CONTAINER : Type.TEST;
    }
  }
}

package io.hilt.orchestrator.steps;

import io.hilt.orchestrator.config.DeviceProfile;
import io.hilt.orchestrator.config.TestCase;
import io.hilt.orchestrator.config.TestPlan;
import java.util.Objects;

/** One test to run: which board, which plan, which test. */
public record TestInvocation(DeviceProfile profile, TestPlan plan, TestCase test) {
  public TestInvocation {
    Objects.requireNonNull(profile, "profile");
    Objects.requireNonNull(plan, "plan");
    Objects.requireNonNull(test, "test");
  }
}

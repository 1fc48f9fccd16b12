package io.hilt.orchestrator.report;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.platform.engine.UniqueId;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.core.LauncherConfig;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/** Runs a script through a real JUnit Platform launcher with only the given listeners. */
final class Runs {
  private Runs() {}

  static void run(List<ScriptedEngine.PlanScript> plans, TestExecutionListener... listeners) {
    Launcher launcher =
        LauncherFactory.create(
            LauncherConfig.builder()
                .enableTestEngineAutoRegistration(false)
                .enableTestExecutionListenerAutoRegistration(false)
                .enableLauncherSessionListenerAutoRegistration(false)
                .enableLauncherDiscoveryListenerAutoRegistration(false)
                .enablePostDiscoveryFilterAutoRegistration(false)
                .addTestEngines(new ScriptedEngine(plans))
                .build());
    launcher.execute(
        LauncherDiscoveryRequestBuilder.request()
            .selectors(DiscoverySelectors.selectUniqueId(UniqueId.forEngine("hilt")))
            .build(),
        listeners);
  }

  /**
   * A clock that moves 1.234567 s on every reading, so every duration has a fractional part (and a
   * locale with a decimal comma would show it).
   */
  static Clock steppingClock() {
    return new Clock() {
      private final AtomicLong micros = new AtomicLong(1_764_097_200_000_000L);

      @Override
      public ZoneId getZone() {
        return ZoneOffset.UTC;
      }

      @Override
      public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException();
      }

      @Override
      public Instant instant() {
        long now = micros.addAndGet(1_234_567);
        return Instant.ofEpochSecond(now / 1_000_000, (now % 1_000_000) * 1000);
      }
    };
  }
}

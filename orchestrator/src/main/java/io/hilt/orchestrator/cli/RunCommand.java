package io.hilt.orchestrator.cli;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectFile;

import io.hilt.orchestrator.config.ConfigException;
import io.hilt.orchestrator.config.DeviceProfile;
import io.hilt.orchestrator.config.PlanLoader;
import io.hilt.orchestrator.engine.EngineSettings;
import io.hilt.orchestrator.engine.HiltTestEngine;
import io.hilt.orchestrator.report.ConsoleReport;
import io.hilt.orchestrator.report.JUnitXmlReport;
import io.hilt.orchestrator.report.ReportException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.platform.engine.CancellationToken;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.core.LauncherConfig;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherExecutionRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code hilt run}: runs plans through the JUnit Platform with hilt's engine alone. */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = "Run test plans on a device profile; console view and optional JUnit XML.",
    exitCodeListHeading = "%nExit codes (a failure wins over 2 and 3):%n",
    exitCodeList = {
      "0:every test that ran passed",
      "1:a test failed",
      "2:bad usage or input (plan, profile or ELF that does not load)",
      "3:infrastructure error (driver, target, I/O)"
    })
public final class RunCommand implements Callable<Integer> {
  /** How long Ctrl-C waits for the running test to end before the report is written anyway. */
  private static final Duration INTERRUPT_GRACE = Duration.ofSeconds(5);

  private final CliContext context;

  @Parameters(arity = "1..*", paramLabel = "PLAN_OR_DIR", description = "Plan files or folders.")
  private List<Path> plans = new ArrayList<>();

  @Mixin private ProfileOptions profileOptions;

  @Mixin private PlanInputs planInputs;

  @Option(names = "--junit", paramLabel = "FILE", description = "Write JUnit XML here.")
  private Optional<Path> junit = Optional.empty();

  @Option(names = "--no-color", description = "No ANSI colors on the console.")
  private boolean noColor;

  public RunCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    DeviceProfile profile = profileOptions.resolve(context);
    List<Path> files = PlanInputs.expand(context, plans);
    Path plansRoot = planInputs.plansRoot(context, files);
    List<String> problems = validate(files, plansRoot);
    if (!problems.isEmpty()) {
      problems.forEach(problem -> context.err().println(problem));
      context
          .err()
          .println("hilt: " + problems.size() + " problem(s) in the plans; nothing was run");
      return ExitCodes.BAD_INPUT;
    }

    RunTally tally = new RunTally();
    List<TestExecutionListener> listeners = new ArrayList<>();
    listeners.add(tally);
    listeners.add(new ConsoleReport(context.out(), color()));
    Optional<JUnitXmlReport> xml =
        junit.map(file -> new JUnitXmlReport(context.resolve(file), runProperties(profile)));
    xml.ifPresent(listeners::add);

    LauncherDiscoveryRequest request = discoveryRequest(profile, files, plansRoot);
    CancellationToken cancellation = CancellationToken.create();
    CountDownLatch finished = new CountDownLatch(1);
    Thread onInterrupt =
        new Thread(
            () -> {
              cancellation.cancel();
              try {
                if (!finished.await(INTERRUPT_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                  context.err().println("hilt: interrupted; writing the report of what finished");
                }
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              xml.ifPresent(report -> flush(report));
            },
            "hilt-interrupt");
    Runtime.getRuntime().addShutdownHook(onInterrupt);
    try {
      launcher()
          .execute(
              LauncherExecutionRequestBuilder.request(request)
                  .listeners(listeners.toArray(TestExecutionListener[]::new))
                  .cancellationToken(cancellation)
                  .build());
    } finally {
      finished.countDown();
      try {
        Runtime.getRuntime().removeShutdownHook(onInterrupt);
      } catch (IllegalStateException shuttingDown) {
        // the JVM is exiting (Ctrl-C): the hook is running and writes the report
      }
    }
    Optional<ReportException> unwritten = xml.flatMap(JUnitXmlReport::writeFailure);
    if (unwritten.isPresent()) {
      throw unwritten.get();
    }
    return ExitCodes.of(tally);
  }

  private void flush(JUnitXmlReport report) {
    try {
      report.flush();
    } catch (ReportException e) {
      context.err().println("hilt: " + e.getMessage());
    }
  }

  private List<String> validate(List<Path> files, Path plansRoot) {
    PlanLoader loader = new PlanLoader(plansRoot);
    List<String> problems = new ArrayList<>();
    for (Path file : files) {
      try {
        loader.load(file);
      } catch (ConfigException e) {
        e.problems().forEach(problem -> problems.add(problem.toString()));
      }
    }
    return problems;
  }

  private LauncherDiscoveryRequest discoveryRequest(
      DeviceProfile profile, List<Path> files, Path plansRoot) {
    LauncherDiscoveryRequestBuilder builder =
        LauncherDiscoveryRequestBuilder.request()
            .enableImplicitConfigurationParameters(false)
            .configurationParameter(EngineSettings.PROFILE, profile.name())
            .configurationParameter(
                EngineSettings.PROFILES_DIR, profileOptions.profilesDir(context).toString())
            .configurationParameter(EngineSettings.PLANS_ROOT, plansRoot.toString());
    files.forEach(file -> builder.selectors(selectFile(file.toFile())));
    return builder.build();
  }

  private static Launcher launcher() {
    return LauncherFactory.create(
        LauncherConfig.builder()
            .enableTestEngineAutoRegistration(false)
            .enableTestExecutionListenerAutoRegistration(false)
            .enableLauncherSessionListenerAutoRegistration(false)
            .enableLauncherDiscoveryListenerAutoRegistration(false)
            .enablePostDiscoveryFilterAutoRegistration(false)
            .addTestEngines(new HiltTestEngine())
            .build());
  }

  private boolean color() {
    return !noColor && System.console() != null && System.getenv("NO_COLOR") == null;
  }

  private static Map<String, String> runProperties(DeviceProfile profile) {
    Map<String, String> properties = new LinkedHashMap<>();
    properties.put("hilt.version", HiltVersion.version());
    properties.put("profile", profile.name());
    return properties;
  }
}

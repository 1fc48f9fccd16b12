package io.hilt.orchestrator.cli;

import io.hilt.orchestrator.config.ConfigValidator;
import io.hilt.orchestrator.config.Problem;
import io.hilt.orchestrator.config.ValidationResult;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code hilt validate}: loads plans and profiles without running anything. */
@Command(
    name = "validate",
    mixinStandardHelpOptions = true,
    description = {
      "Check plans and device profiles; run nothing. Lists every problem as file:line:col.",
      "Files under device-profiles/ are profiles, under test-plans/ plans; elsewhere a file with"
          + " 'tests' is a plan, one with 'arch', 'driver' or 'memory' a profile."
    })
public final class ValidateCommand implements Callable<Integer> {
  private final CliContext context;

  @Parameters(arity = "1..*", paramLabel = "PATH", description = "Files or folders to check.")
  private List<Path> paths = new ArrayList<>();

  @Mixin private PlanInputs planInputs;

  public ValidateCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    List<Path> resolved = paths.stream().map(context::resolve).toList();
    ValidationResult result =
        new ConfigValidator(planInputs.plansRoot(context, resolved)).validate(resolved);
    if (result.ok()) {
      context
          .out()
          .println(
              "ok: "
                  + result.plans().size()
                  + " plan(s) and "
                  + result.profiles().size()
                  + " profile(s) are valid");
      return ExitCodes.OK;
    }
    for (Problem problem : result.problems()) {
      context.err().println(problem);
    }
    context.err().println("hilt: " + result.problems().size() + " problem(s) found");
    return ExitCodes.BAD_INPUT;
  }
}

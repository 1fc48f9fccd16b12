package io.hilt.orchestrator.cli;

import java.io.PrintWriter;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/** {@code hilt}: runs plans and firmware on boards and simulators. */
@Command(
    name = "hilt",
    mixinStandardHelpOptions = true,
    versionProvider = HiltVersion.class,
    description = "Hardware-in-the-loop test orchestrator: runs test plans and firmware on boards.",
    subcommands = {
      RunCommand.class,
      ExecCommand.class,
      MonitorCommand.class,
      ValidateCommand.class,
      ProfilesCommand.class,
      ProbesCommand.class,
      CommandLine.HelpCommand.class
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:every test passed",
      "1:a test failed",
      "2:bad usage or input (plan, profile or ELF that does not load)",
      "3:infrastructure error (target, driver, I/O)"
    })
public final class Main implements Callable<Integer> {
  @Spec private CommandSpec spec;

  @Option(
      names = {"-v", "--verbose"},
      scope = ScopeType.INHERIT,
      description = "Show the stack trace of an error.")
  private boolean verbose;

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return ExitCodes.BAD_INPUT;
  }

  public static void main(String[] args) {
    System.exit(execute(CliContext.system(), args));
  }

  /** Runs one command line and returns its exit code; never throws, never exits the JVM. */
  public static int execute(CliContext context, String... args) {
    CommandLine cli = new CommandLine(new Main(), new Factory(context));
    cli.setOut(new PrintWriter(context.out(), true));
    cli.setErr(new PrintWriter(context.err(), true));
    cli.setExecutionExceptionHandler(
        (error, commandLine, parseResult) -> report(context, error, parseResult));
    cli.setParameterExceptionHandler(
        (error, arguments) -> {
          PrintWriter err = error.getCommandLine().getErr();
          err.println("hilt: " + error.getMessage());
          err.println(
              "Try '"
                  + error.getCommandLine().getCommandSpec().qualifiedName()
                  + " --help' for more information.");
          err.flush();
          return ExitCodes.of(error);
        });
    return cli.execute(args);
  }

  private static int report(CliContext context, Exception error, ParseResult parseResult) {
    context.err().println("hilt: " + Messages.describe(error));
    if (verbose(parseResult)) {
      error.printStackTrace(context.err());
    } else if (ExitCodes.of(error) == ExitCodes.INFRASTRUCTURE) {
      context.err().println("hilt: run with --verbose for the stack trace");
    }
    context.err().flush();
    return ExitCodes.of(error);
  }

  private static boolean verbose(ParseResult parseResult) {
    for (ParseResult p = parseResult; p != null; p = p.subcommand()) {
      if (p.hasMatchedOption("--verbose")) {
        return true;
      }
    }
    return false;
  }

  /** Creates commands with the {@link CliContext} when they take one. */
  private static final class Factory implements CommandLine.IFactory {
    private final CliContext context;

    Factory(CliContext context) {
      this.context = context;
    }

    @Override
    public <K> K create(Class<K> type) throws Exception {
      Constructor<K> constructor;
      try {
        constructor = type.getDeclaredConstructor(CliContext.class);
      } catch (NoSuchMethodException e) {
        return CommandLine.defaultFactory().create(type);
      }
      try {
        return constructor.newInstance(context);
      } catch (InvocationTargetException e) {
        throw e.getCause() instanceof Exception cause ? cause : e;
      }
    }
  }
}

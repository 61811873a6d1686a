package io.vectorgrad.benchmarks.cli;

import io.vectorgrad.kernels.Kernels;
import io.vectorgrad.training.io.OutputPaths;
import io.vectorgrad.training.spec.SpecException;
import io.vectorgrad.training.trainer.NonFiniteException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

/** Entry point of {@code ./vectorgrad}: the picocli command tree, error reporting and exit statuses. */
@Command(name = "vectorgrad", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
    description = {"Trains, evaluates and benchmarks neural networks on SIMD kernels.",
        "Without a command: train on the embedded spirals data set (a few seconds)."},
    subcommands = {TrainCommand.class, EvaluateCommand.class, ExportCommand.class, GradcheckCommand.class,
        PlanCommand.class, TradeoffCommand.class, BenchCommand.class, JmhCommand.class, InfoCommand.class,
        CompletionCommand.class, HelpCommand.class},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {ExitCodes.OK_TEXT, ExitCodes.FAILURE_TEXT, ExitCodes.USAGE_TEXT, ExitCodes.NON_FINITE_TEXT},
    footer = {"%n'vectorgrad <command> --help' lists a command's options; 'vectorgrad completion' prints a bash"
        + " completion script."})
public final class Main implements Runnable {
  @picocli.CommandLine.Spec
  picocli.CommandLine.Model.CommandSpec spec;

  private Main() {}

  @Override
  public void run() {
    // reached only for 'vectorgrad --' and the like (no arguments at all run 'train')
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  public static void main(String[] argv) {
    System.exit(run(argv, System.out, System.err));
  }

  /** The command tree writing to {@code out} and {@code err}. */
  static CommandLine commandLine(PrintWriter out, PrintWriter err) {
    CommandLine cl = new CommandLine(new Main());
    cl.setOut(out);
    cl.setErr(err);
    cl.setUsageHelpAutoWidth(false);
    cl.setUsageHelpWidth(100);
    cl.setCaseInsensitiveEnumValuesAllowed(true);
    Bounds.Checker.describe(cl.getCommandSpec());
    cl.getSubcommands().get("jmh").setUnmatchedOptionsArePositionalParams(true); // JMH parses its own options
    cl.setParameterExceptionHandler(Main::usageError);
    cl.setExecutionExceptionHandler((ex, line, parsed) -> failure(ex, line, err));
    cl.setExecutionStrategy(parsed -> {
      Bounds.Checker.check(parsed);
      return new CommandLine.RunLast().execute(parsed);
    });
    return cl;
  }

  /** Runs a command line and returns the exit status ({@link ExitCodes}). */
  public static int run(String[] argv, PrintStream out, PrintStream err) {
    PrintWriter o = new PrintWriter(new java.io.OutputStreamWriter(out, StandardCharsets.UTF_8), true);
    PrintWriter e = new PrintWriter(new java.io.OutputStreamWriter(err, StandardCharsets.UTF_8), true);
    try {
      return commandLine(o, e).execute(argv.length == 0 ? new String[] {"train"} : argv);
    } catch (OutOfMemoryError oom) {
      e.println("vectorgrad: out of memory (" + describe(oom) + "); try smaller sizes or more heap, e.g. "
          + "VECTORGRAD_JAVA_OPTS=-Xmx16g");
      return ExitCodes.FAILURE;
    } finally {
      o.flush();
      e.flush();
    }
  }

  /** One line: what was wrong, and where to look. */
  private static int usageError(ParameterException ex, String[] args) {
    CommandLine cl = ex.getCommandLine();
    String msg = ex.getMessage();
    if (ex instanceof UnmatchedArgumentException) {
      UnmatchedArgumentException u = (UnmatchedArgumentException) ex;
      String first = u.getUnmatched().isEmpty() ? "" : u.getUnmatched().get(0);
      if (!cl.getSubcommands().isEmpty() && !first.startsWith("-")) {
        msg = "expected a command: one of " + String.join(", ", cl.getSubcommands().keySet()) + " (got '" + first
            + "')";
      }
      if (!u.getSuggestions().isEmpty()) {
        msg += " (did you mean " + String.join(" or ", u.getSuggestions()) + "?)";
      }
    }
    cl.getErr().println(cl.getCommandSpec().qualifiedName() + ": " + msg.strip().replace('\n', ' ')
        + "; see '" + cl.getCommandSpec().qualifiedName() + " --help'");
    return ExitCodes.USAGE;
  }

  private static int failure(Exception ex, CommandLine line, PrintWriter err) {
    String who = line.getCommandSpec().qualifiedName();
    if (ex instanceof UsageException || ex instanceof SpecException || ex instanceof OutputPaths.Conflict) {
      err.println(who + ": " + describe(ex));
      return ExitCodes.USAGE;
    }
    if (ex instanceof NonFiniteException) {
      NonFiniteException n = (NonFiniteException) ex;
      err.println(who + ": training diverged (step " + n.step() + (n.layer() >= 0 ? ", layers." + n.layer() : "")
          + "): " + n.getMessage() + " (try a smaller --lr, another --optimizer or a bounded --activation)");
      return ExitCodes.NON_FINITE;
    }
    err.println(who + ": " + describe(ex));
    if (Boolean.getBoolean("vectorgrad.debug")) {
      ex.printStackTrace(err);
    }
    return ExitCodes.FAILURE;
  }

  static String describe(Throwable e) {
    if (e instanceof java.nio.file.FileSystemException) {
      // its message is only the path: say what happened to it
      return e.getClass().getSimpleName().replace("Exception", "") + ": " + e.getMessage();
    }
    String msg = e.getMessage();
    return (msg == null || msg.isBlank() ? e.getClass().getSimpleName() : msg).replace('\n', ' ');
  }

  /** {@code --version}: the build, the JVM and the kernel provider this machine gets. */
  static final class Version implements IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = Main.class.getPackage().getImplementationVersion();
      return new String[] {"vectorgrad " + (v == null ? "(development build)" : v),
          "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + "), "
              + Kernels.providerName() + " kernels"};
    }
  }
}

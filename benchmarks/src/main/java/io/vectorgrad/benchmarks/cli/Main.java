package io.vectorgrad.benchmarks.cli;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Entry point of {@code ./vectorgrad}: dispatches to a sub-command. */
public final class Main {
  private Main() {}

  static List<Command> commands() {
    return List.of(new TrainCommand(), new EvaluateCommand(), new GradcheckCommand(), new PlanCommand(),
        new TradeoffCommand(), new BenchCommand(), new JmhCommand());
  }

  public static void main(String[] argv) {
    System.exit(run(argv, System.out, System.err));
  }

  /** Runs a command line and returns the exit status (0 ok, 1 failure, 2 usage error). */
  public static int run(String[] argv, PrintStream out, PrintStream err) {
    Map<String, Command> byName = new LinkedHashMap<>();
    for (Command c : commands()) {
      byName.put(c.name(), c);
    }
    String name = argv.length == 0 ? "train" : argv[0];
    if (name.equals("help") || name.equals("--help") || name.equals("-h")) {
      if (argv.length > 1 && byName.containsKey(argv[1])) {
        out.println(byName.get(argv[1]).usage());
      } else {
        help(out, byName);
      }
      return 0;
    }
    Command command = byName.get(name);
    if (command == null) {
      err.println("vectorgrad: unknown command '" + name + "' (expected one of: "
          + String.join(", ", byName.keySet()) + "; try 'vectorgrad help')");
      return 2;
    }
    String[] rest = argv.length == 0 ? new String[0] : java.util.Arrays.copyOfRange(argv, 1, argv.length);
    if (rest.length == 1 && (rest[0].equals("--help") || rest[0].equals("-h"))) {
      out.println(command.usage());
      return 0;
    }
    try {
      return command.run(rest, out, err);
    } catch (UsageException e) {
      err.println("vectorgrad " + e.getMessage());
      return 2;
    } catch (OutOfMemoryError e) {
      err.println("vectorgrad " + name + ": out of memory (" + describe(e) + "); try smaller sizes or more heap, "
          + "e.g. VECTORGRAD_JAVA_OPTS=-Xmx16g");
      return 1;
    } catch (ArithmeticException e) {
      err.println("vectorgrad " + name + ": the sizes are too large for Java arrays (" + describe(e) + ")");
      return 2;
    } catch (Exception e) {
      err.println("vectorgrad " + name + ": " + describe(e));
      if (Boolean.getBoolean("vectorgrad.debug")) {
        e.printStackTrace(err);
      }
      return 1;
    }
  }

  static String describe(Throwable e) {
    if (e instanceof java.nio.file.FileSystemException) {
      // its message is only the path: say what happened to it
      return e.getClass().getSimpleName().replace("Exception", "") + ": " + e.getMessage();
    }
    String msg = e.getMessage();
    return msg == null || msg.isBlank() ? e.getClass().getSimpleName() : msg;
  }

  private static void help(PrintStream out, Map<String, Command> byName) {
    out.println("usage: vectorgrad <command> [flags]   (no command: train on the embedded default data set)");
    out.println();
    for (Command c : byName.values()) {
      out.printf("  %-10s %s%n", c.name(), c.summary());
    }
    out.println();
    out.println("'vectorgrad help <command>' lists a command's flags.");
  }
}

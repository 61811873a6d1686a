package io.vectorgrad.benchmarks.cli;

import java.io.PrintStream;

/** One {@code vectorgrad} sub-command. */
public interface Command {
  /** The word after {@code vectorgrad}. */
  String name();

  /** One line for {@code vectorgrad help}. */
  String summary();

  /** Full usage text, listing every flag. */
  String usage();

  /**
   * Runs the command (parse {@code argv} with {@link Args#parse}). Bad flags or values throw {@link UsageException}; {@link Main} prints its message on
   * one line and exits with status 2.
   *
   * @return the process exit status
   */
  int run(String[] argv, PrintStream out, PrintStream err) throws Exception;
}

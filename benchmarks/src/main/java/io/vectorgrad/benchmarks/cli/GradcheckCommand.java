package io.vectorgrad.benchmarks.cli;

import java.io.PrintStream;

/** {@code vectorgrad gradcheck}: not built yet. */
final class GradcheckCommand implements Command {
  @Override
  public String name() {
    return "gradcheck";
  }

  @Override
  public String summary() {
    return "Compares analytic gradients with central differences.";
  }

  @Override
  public String usage() {
    return "usage: vectorgrad gradcheck (not available yet)";
  }

  @Override
  public int run(String[] argv, PrintStream out, PrintStream err) {
    err.println("vectorgrad gradcheck: not available in this build yet");
    return 1;
  }
}

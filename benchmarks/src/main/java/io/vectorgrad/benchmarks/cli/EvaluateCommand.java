package io.vectorgrad.benchmarks.cli;

import java.io.PrintStream;

/** {@code vectorgrad evaluate}: not built yet. */
final class EvaluateCommand implements Command {
  @Override
  public String name() {
    return "evaluate";
  }

  @Override
  public String summary() {
    return "Evaluates a saved model on a data set.";
  }

  @Override
  public String usage() {
    return "usage: vectorgrad evaluate (not available yet)";
  }

  @Override
  public int run(String[] argv, PrintStream out, PrintStream err) {
    err.println("vectorgrad evaluate: not available in this build yet");
    return 1;
  }
}

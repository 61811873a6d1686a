package io.vectorgrad.benchmarks.cli;

import java.io.PrintStream;

/** {@code vectorgrad train}: not built yet. */
final class TrainCommand implements Command {
  @Override
  public String name() {
    return "train";
  }

  @Override
  public String summary() {
    return "Trains an MLP (default: spirals, embedded) and reports accuracy.";
  }

  @Override
  public String usage() {
    return "usage: vectorgrad train (not available yet)";
  }

  @Override
  public int run(String[] argv, PrintStream out, PrintStream err) {
    err.println("vectorgrad train: not available in this build yet");
    return 1;
  }
}

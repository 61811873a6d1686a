package io.vectorgrad.benchmarks.cli;

import java.io.PrintStream;

/** {@code vectorgrad plan}: not built yet. */
final class PlanCommand implements Command {
  @Override
  public String name() {
    return "plan";
  }

  @Override
  public String summary() {
    return "Prints a checkpointing plan: kept bytes, recomputed layer forwards, extra FLOPs.";
  }

  @Override
  public String usage() {
    return "usage: vectorgrad plan (not available yet)";
  }

  @Override
  public int run(String[] argv, PrintStream out, PrintStream err) {
    err.println("vectorgrad plan: not available in this build yet");
    return 1;
  }
}

package io.vectorgrad.benchmarks.cli;

import java.io.PrintStream;

/** {@code vectorgrad tradeoff}: not built yet. */
final class TradeoffCommand implements Command {
  @Override
  public String name() {
    return "tradeoff";
  }

  @Override
  public String summary() {
    return "Measures memory against step time for checkpointing policies.";
  }

  @Override
  public String usage() {
    return "usage: vectorgrad tradeoff (not available yet)";
  }

  @Override
  public int run(String[] argv, PrintStream out, PrintStream err) {
    err.println("vectorgrad tradeoff: not available in this build yet");
    return 1;
  }
}

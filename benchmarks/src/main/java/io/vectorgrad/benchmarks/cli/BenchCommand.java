package io.vectorgrad.benchmarks.cli;

import java.io.PrintStream;

/** {@code vectorgrad bench}: not built yet. */
final class BenchCommand implements Command {
  @Override
  public String name() {
    return "bench";
  }

  @Override
  public String summary() {
    return "Quick kernel measurements (bench gemm ...), GFLOPS as JSON.";
  }

  @Override
  public String usage() {
    return "usage: vectorgrad bench (not available yet)";
  }

  @Override
  public int run(String[] argv, PrintStream out, PrintStream err) {
    err.println("vectorgrad bench: not available in this build yet");
    return 1;
  }
}

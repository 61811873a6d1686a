package io.vectorgrad.benchmarks.cli;

import java.io.PrintStream;

/** {@code vectorgrad jmh}: not built yet. */
final class JmhCommand implements Command {
  @Override
  public String name() {
    return "jmh";
  }

  @Override
  public String summary() {
    return "Runs the JMH benchmarks in this jar (arguments go to JMH).";
  }

  @Override
  public String usage() {
    return "usage: vectorgrad jmh (not available yet)";
  }

  @Override
  public int run(String[] argv, PrintStream out, PrintStream err) {
    err.println("vectorgrad jmh: not available in this build yet");
    return 1;
  }
}

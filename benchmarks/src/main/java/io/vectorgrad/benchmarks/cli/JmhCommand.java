package io.vectorgrad.benchmarks.cli;

import java.io.PrintStream;

/**
 * {@code vectorgrad jmh <JMH arguments>}: runs {@code org.openjdk.jmh.Main} on the benchmarks compiled
 * into this jar (their {@code META-INF/BenchmarkList} is shaded in), e.g.
 * {@code vectorgrad jmh BenchmarkGemm -f 1 -wi 2 -i 3 -rf json -rff gemm.json}.
 */
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
    return "usage: vectorgrad jmh [JMH arguments]   e.g. vectorgrad jmh BenchmarkGemm -f 1 -wi 2 -i 3\n"
        + "  Every argument is passed to org.openjdk.jmh.Main ('vectorgrad jmh -h' lists JMH's options,\n"
        + "  'vectorgrad jmh -l' the benchmarks).";
  }

  @Override
  public int run(String[] argv, PrintStream out, PrintStream err) throws Exception {
    if (Thread.currentThread().getContextClassLoader().getResource("META-INF/BenchmarkList") == null) {
      err.println("vectorgrad jmh: no META-INF/BenchmarkList in the class path: build the jar with 'mvn package'");
      return 1;
    }
    org.openjdk.jmh.Main.main(argv);
    return 0;
  }
}

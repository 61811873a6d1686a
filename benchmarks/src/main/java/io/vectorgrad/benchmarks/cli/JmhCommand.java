package io.vectorgrad.benchmarks.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code vectorgrad jmh <JMH arguments>}: runs {@code org.openjdk.jmh.Main} on the benchmarks compiled
 * into this jar (their {@code META-INF/BenchmarkList} is shaded in), e.g.
 * {@code vectorgrad jmh BenchmarkGemm -f 1 -wi 2 -i 3 -rf json -rff gemm.json}.
 */
@Command(name = "jmh", description = {"Runs the JMH benchmarks in this jar (arguments go to JMH).",
    "E.g. vectorgrad jmh BenchmarkGemm -f 1 -wi 2 -i 3; 'vectorgrad jmh -h' lists JMH's options,"
        + " 'vectorgrad jmh -l' the benchmarks."},
    exitCodeListHeading = "%nExit codes:%n", exitCodeList = {ExitCodes.OK_TEXT, ExitCodes.FAILURE_TEXT})
final class JmhCommand implements Callable<Integer> {
  @Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Option(names = "--help", usageHelp = true, description = "Show this help message and exit.")
  boolean help;

  @Parameters(paramLabel = "JMH-ARG", description = "Arguments of org.openjdk.jmh.Main.")
  List<String> args = new ArrayList<>();

  @Override
  public Integer call() throws Exception {
    if (Thread.currentThread().getContextClassLoader().getResource("META-INF/BenchmarkList") == null) {
      spec.commandLine().getErr().println(spec.qualifiedName() + ": no META-INF/BenchmarkList in the class path:"
          + " build the jar with 'mvn package'");
      return ExitCodes.FAILURE;
    }
    org.openjdk.jmh.Main.main(args.toArray(new String[0]));
    return ExitCodes.OK;
  }
}

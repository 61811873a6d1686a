package io.vectorgrad.benchmarks.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code vectorgrad bench KERNEL ...}: quick kernel measurements; {@code gemm} is the one kernel so far. */
@Command(name = "bench", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
    description = "Quick kernel measurements (bench gemm ...), GFLOPS as JSON. For side-by-side JMH numbers use"
        + " 'vectorgrad jmh BenchmarkGemm'.",
    subcommands = BenchGemmCommand.class,
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {ExitCodes.OK_TEXT, ExitCodes.FAILURE_TEXT, ExitCodes.USAGE_TEXT})
final class BenchCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    throw new UsageException("expected a kernel name: 'bench gemm --m M --n N --k K ...'");
  }
}

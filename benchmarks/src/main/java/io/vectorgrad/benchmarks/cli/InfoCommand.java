package io.vectorgrad.benchmarks.cli;

import io.vectorgrad.kernels.KernelInfo;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code vectorgrad info}: what the kernels found and chose on this machine (the facts every figure needs). */
@Command(name = "info", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
    description = {"Prints the CPU, ISA, vector width, cache sizes, JDK, kernel provider and the GEMM blocking"
        + " chosen from them (override with -Dvectorgrad.gemm.kc/mc/nc, -Dvectorgrad.kernels=scalar|panama)."},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {ExitCodes.OK_TEXT, ExitCodes.FAILURE_TEXT, ExitCodes.USAGE_TEXT})
final class InfoCommand implements Callable<Integer> {
  @Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Option(names = "--json", paramLabel = "FILE", description = "Also writes the same facts as JSON to FILE.")
  Path json;

  @Override
  public Integer call() throws Exception {
    new io.vectorgrad.training.io.OutputPaths().output("--json", json).check();
    KernelInfo info = KernelInfo.current();
    spec.commandLine().getOut().println(info);
    if (json != null) {
      JsonOut.write(json, info.toMap());
    }
    return ExitCodes.OK;
  }
}

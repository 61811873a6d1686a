package io.vectorgrad.benchmarks.cli;

import io.vectorgrad.checkpointing.CheckpointPolicies;
import io.vectorgrad.checkpointing.Plan;
import io.vectorgrad.checkpointing.Planner;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code vectorgrad plan}: predicts what checkpointing policies cost on a Dense chain, without running it. */
@Command(name = "plan", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
    description = {"Prints a checkpointing plan: kept bytes, recomputed layer forwards, extra FLOPs.",
        "Peak kept activation bytes as JOL counts them, layer forwards recomputed in total and per block, extra"
            + " GEMM FLOPs, next to store-all's numbers; several policies print one table."},
    exitCodeListHeading = "%nExit codes:%n", exitCodeList = {ExitCodes.OK_TEXT, ExitCodes.USAGE_TEXT})
final class PlanCommand implements Callable<Integer> {
  @Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Option(names = "--depth", paramLabel = "D", required = true, description = "Dense blocks (layers) in the chain.")
  @Bounds(min = 1, max = 1_000_000)
  int depth;

  @Option(names = "--width", paramLabel = "W", required = true,
      description = "Hidden width (floats per sample at every inner boundary).")
  @Bounds(min = 1, max = 1 << 24)
  int width;

  @Option(names = "--batch", paramLabel = "B", required = true, description = "Mini-batch rows.")
  @Bounds(min = 1, max = 1 << 24)
  int batch;

  @Option(names = "--input", paramLabel = "W0", description = "Input width (default: --width).")
  @Bounds(min = 1, max = 1 << 24)
  Integer input;

  @Option(names = "--output", paramLabel = "WN", description = "Output width (default: --width).")
  @Bounds(min = 1, max = 1 << 24)
  Integer output;

  @Option(names = "--checkpoint", paramLabel = "SPEC[,SPEC...]", required = true,
      description = "Policies, comma-separated: " + CheckpointPolicies.FORMS + ".")
  String specs;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    int in = input != null ? input : width;
    int outWidth = output != null ? output : width;
    int[] widths = Planner.widths(depth, width, in, outWidth);
    List<Plan> plans = new ArrayList<>();
    try {
      for (String s : CheckpointPolicies.splitList(specs)) {
        plans.add(Planner.plan(CheckpointPolicies.parse(s), widths, batch));
      }
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
    if (plans.size() == 1) {
      out.print(plans.get(0));
    } else {
      out.printf("checkpoint plans: %d blocks, width %d (input %d, output %d), batch %d%n", depth, width, in,
          outWidth, batch);
      out.print(Plan.table(plans));
      out.printf("store-all keeps %s; peak counts every live activation float[] (JOL sizes), input and output"
          + " included%n", Plan.bytes(plans.get(0).storeAllKeptBytes()));
    }
    return ExitCodes.OK;
  }
}

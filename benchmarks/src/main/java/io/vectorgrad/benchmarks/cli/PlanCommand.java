package io.vectorgrad.benchmarks.cli;

import io.vectorgrad.checkpointing.CheckpointPolicies;
import io.vectorgrad.checkpointing.Plan;
import io.vectorgrad.checkpointing.Planner;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** {@code vectorgrad plan}: predicts what checkpointing policies cost on a Dense chain, without running it. */
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
    return String.join("\n",
        "usage: vectorgrad plan --depth D --width W --batch B [--input W0] [--output WN] --checkpoint SPEC[,SPEC...]",
        "  --depth D         Dense blocks (layers) in the chain",
        "  --width W         hidden width (floats per sample at every inner boundary)",
        "  --batch B         mini-batch rows",
        "  --input W0        input width (default W)",
        "  --output WN       output width (default W)",
        "  --checkpoint SPEC policies, comma-separated: " + CheckpointPolicies.FORMS,
        "Prints the plan (peak kept activation bytes as JOL counts them, layer forwards recomputed in total and",
        "per block, extra GEMM FLOPs) next to store-all's numbers; several policies print one table.");
  }

  @Override
  public int run(String[] argv, PrintStream out, PrintStream err) {
    Args a = Args.parse(name(), argv, Set.of("depth", "width", "batch", "input", "output", "checkpoint"), Set.of());
    if (!a.positional().isEmpty()) {
      throw new UsageException(name() + ": unexpected argument '" + a.positional().get(0) + "'");
    }
    int depth = a.integer("depth", -1, 1, 1_000_000);
    int width = a.integer("width", -1, 1, 1 << 24);
    int batch = a.integer("batch", -1, 1, 1 << 24);
    if (depth < 0 || width < 0 || batch < 0) {
      throw new UsageException(name() + ": --depth, --width and --batch are required");
    }
    int input = a.integer("input", width, 1, 1 << 24);
    int output = a.integer("output", width, 1, 1 << 24);
    String specs = a.required("checkpoint");
    int[] widths = Planner.widths(depth, width, input, output);
    List<Plan> plans = new ArrayList<>();
    try {
      for (String spec : CheckpointPolicies.splitList(specs)) {
        plans.add(Planner.plan(CheckpointPolicies.parse(spec), widths, batch));
      }
    } catch (IllegalArgumentException e) {
      throw new UsageException(name() + ": " + e.getMessage());
    }
    if (plans.size() == 1) {
      out.print(plans.get(0));
    } else {
      out.printf("checkpoint plans: %d blocks, width %d (input %d, output %d), batch %d%n", depth, width, input,
          output, batch);
      out.print(Plan.table(plans));
      out.printf("store-all keeps %s; peak counts every live activation float[] (JOL sizes), input and output"
          + " included%n", Plan.bytes(plans.get(0).storeAllKeptBytes()));
    }
    return 0;
  }
}

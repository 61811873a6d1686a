package io.vectorgrad.benchmarks.cli;

import io.vectorgrad.benchmarks.report.CheckpointingSetup;
import io.vectorgrad.benchmarks.report.ReportFiles;
import io.vectorgrad.benchmarks.report.TradeoffChart;
import io.vectorgrad.benchmarks.report.TradeoffMeasurement;
import io.vectorgrad.benchmarks.report.TradeoffMeasurement.Row;
import io.vectorgrad.checkpointing.CheckpointPolicies;
import io.vectorgrad.checkpointing.Plan;
import io.vectorgrad.kernels.Kernels;
import io.vectorgrad.training.backprop.ActivationSchedule;
import io.vectorgrad.training.layers.NormKind;
import io.vectorgrad.training.io.OutputPaths;
import io.vectorgrad.training.model.Activation;
import io.vectorgrad.training.model.Model;
import io.vectorgrad.training.spec.HeapBudget;
import io.vectorgrad.training.spec.ModelSpec;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code vectorgrad tradeoff}: for each checkpointing policy, the median time of a training step of the real
 * model (forward, backward and SGD update through {@code TrainingStep}), the peak live activation
 * bytes measured with JOL against the planner's prediction, the recomputed layer forwards, and whether the
 * gradients equal store-all's bit for bit. Steps of all policies are interleaved round by round so that
 * machine noise hits them alike.
 */
@Command(name = "tradeoff", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
    description = "Measures memory against step time for checkpointing policies on a chain of --depth Dense+activation"
        + " blocks (or, with --residual, --depth residual blocks) of --width units at --batch rows; writes"
        + " DIR/tradeoff.csv, .md and .png.",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {ExitCodes.OK_TEXT, ExitCodes.FAILURE_TEXT + "; also: gradients differ from store-all or the"
        + " measurement from the plan", ExitCodes.USAGE_TEXT})
final class TradeoffCommand implements Callable<Integer> {
  @Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Option(names = "--depth", paramLabel = "D", required = true, description = "Dense blocks in the chain.")
  @Bounds(min = 1, max = 100_000)
  int depth;

  @Option(names = "--width", paramLabel = "W", required = true, description = "Units per block.")
  @Bounds(min = 1, max = 1 << 20)
  int width;

  @Option(names = "--batch", paramLabel = "B", required = true, description = "Rows per step.")
  @Bounds(min = 1, max = 1 << 20)
  int batch;

  @Option(names = "--activation", paramLabel = "A", converter = Converters.Hidden.class, defaultValue = "sigmoid",
      completionCandidates = Candidates.Activations.class,
      description = "Activation of every block: ${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE}).")
  Activation activation;

  @Option(names = "--residual", description = "Time --depth pre-norm residual blocks of --width (between an entry and"
      + " an exit Dense layer) instead of a plain chain.")
  boolean residual;

  @Option(names = "--norm", paramLabel = "K", converter = Converters.Norm.class, defaultValue = "none",
      completionCandidates = Candidates.Norms.class,
      description = "Normalisation: ${COMPLETION-CANDIDATES}; inside the residual blocks, or after every Dense layer"
          + " of a plain chain (default ${DEFAULT-VALUE}).")
  NormKind norm;

  @Option(names = "--policies", paramLabel = "LIST", required = true, description = "Comma-separated policies, e.g."
      + " none,every:2,every:4,sqrt,revolve:4,budget:12MiB (forms: " + CheckpointPolicies.FORMS + ").")
  String policyList;

  @Option(names = "--out", paramLabel = "DIR", required = true,
      description = "Writes DIR/tradeoff.csv, DIR/tradeoff.md and DIR/tradeoff.png.")
  Path dir;

  @Option(names = "--json", paramLabel = "FILE", description = "Also writes one JSON object per policy to FILE.")
  Path json;

  @Option(names = "--warmup", paramLabel = "N", defaultValue = "2",
      description = "Untimed steps per policy first (default ${DEFAULT-VALUE}).")
  @Bounds(min = 0, max = 1_000_000)
  int warmup;

  @Option(names = "--steps", paramLabel = "N", defaultValue = "5",
      description = "Timed steps per policy; the median is reported (default ${DEFAULT-VALUE}).")
  @Bounds(min = 1, max = 1_000_000)
  int steps;

  @Option(names = "--seed", paramLabel = "N", defaultValue = "1",
      description = "Weights, input and target seed (default ${DEFAULT-VALUE}).")
  long seed;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    Path csvFile = dir.resolve("tradeoff.csv");
    Path mdFile = dir.resolve("tradeoff.md");
    Path pngFile = dir.resolve("tradeoff.png");
    new OutputPaths().output("--out", csvFile).output("--out", mdFile).output("--out", pngFile).output("--json", json)
        .check();
    // parse everything first: a bad policy fails before any work
    List<String> specs;
    List<ActivationSchedule> schedules = new ArrayList<>();
    try {
      specs = CheckpointPolicies.splitList(policyList);
      if (new HashSet<>(specs).size() != specs.size()) {
        throw new IllegalArgumentException("--policies " + policyList + " lists a policy twice");
      }
      for (String s : specs) {
        schedules.add(CheckpointPolicies.parse(s));
      }
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
    ModelSpec shape = residual ? ModelSpec.of(new int[] {width, width, width}, activation, activation)
        .withBlocks(depth, norm) : ModelSpec.chain(depth, width, activation).withBlocks(0, norm);
    // SGD keeps no state; one extra parameter copy holds store-all's reference gradients; each policy's step
    // has its own activation buffers; input, target and the reference output are batch × width each
    HeapBudget.require("tradeoff on " + shape.describe() + " at batch " + batch + " with " + specs.size()
        + " policies", HeapBudget.sum(HeapBudget.sum(shape.trainingBytes(batch, 1),
            HeapBudget.product(shape.activationBytes(batch), specs.size())), HeapBudget.product(batch, width, 3, 4)));
    Model model = shape.build(seed);
    // plans from the model's blocks: exact kept bytes and recompute costs for any block mix
    List<Plan> plans = new ArrayList<>();
    try {
      for (ActivationSchedule a : schedules) {
        plans.add(CheckpointingSetup.plan(a, model, batch));
      }
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
    long storeAllBytes = CheckpointingSetup.plan(CheckpointPolicies.parse("none"), model, batch).peakKeptBytes();

    out.printf(Locale.ROOT, "tradeoff: %s, batch %d, %s kernels, %d GEMM threads; "
        + "%d warm-up + %d timed steps per policy, interleaved round by round (forward, backward, SGD update)%n",
        shape.describe(), batch, Kernels.providerName(), Kernels.defaultThreads(), warmup, steps);
    ProgressBar bar = new ProgressBar(out, "tradeoff", (long) specs.size() * (1 + warmup + steps));
    List<Row> rows = TradeoffMeasurement.measure(model, specs, schedules, plans, batch, warmup, steps, seed,
        bar::update);
    bar.finish("done");
    Row base = rows.stream().filter(r -> r.resolved.equals("none")).findFirst().orElse(null);
    String table = TradeoffReport.markdown(rows, base, storeAllBytes);
    out.print(table);
    String title = String.format(Locale.ROOT, "%d x %d %s%s%s, batch %d: kept activations vs step time", depth,
        width, activation.spec(), residual ? " residual" : "", norm == NormKind.NONE ? "" : " " + norm.spec() + " norm",
        batch);
    ReportFiles.write(csvFile, TradeoffReport.csv(rows, storeAllBytes));
    ReportFiles.write(mdFile, "# " + title + "\n\n" + table);
    List<TradeoffChart.Point> points = new ArrayList<>();
    for (Row r : rows) {
      points.add(new TradeoffChart.Point(r.spec, r.medianMs, r.minMs, r.maxMs, r.measured));
    }
    ReportFiles.write(pngFile, TradeoffChart.png(title, points));
    if (json != null) {
      JsonOut.write(json, TradeoffReport.json(rows));
    }
    out.println("wrote " + csvFile + ", tradeoff.md, tradeoff.png" + (json != null ? " and " + json : ""));
    boolean allIdentical = rows.stream().allMatch(r -> r.identical);
    boolean allMatch = rows.stream().allMatch(r -> r.measured == r.predicted && r.recomputed == r.predictedRecomputed);
    if (!allIdentical || !allMatch) {
      spec.commandLine().getErr().println(spec.qualifiedName() + ": " + (!allIdentical ? "gradients differ from "
          + "store-all" : "") + (!allIdentical && !allMatch ? "; " : "") + (!allMatch ? "measurement differs from the"
          + " plan" : ""));
      return ExitCodes.FAILURE;
    }
    return ExitCodes.OK;
  }
}

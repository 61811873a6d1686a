package io.vectorgrad.benchmarks.cli;

import io.vectorgrad.benchmarks.report.Samples;
import io.vectorgrad.benchmarks.report.CheckpointingSetup;
import io.vectorgrad.benchmarks.report.JolPeakProbe;
import io.vectorgrad.benchmarks.report.ReportFiles;
import io.vectorgrad.benchmarks.report.TradeoffChart;
import io.vectorgrad.checkpointing.CheckpointPolicies;
import io.vectorgrad.checkpointing.Plan;
import io.vectorgrad.checkpointing.Planner;
import io.vectorgrad.kernels.Kernels;
import io.vectorgrad.training.backprop.ActivationSchedule;
import io.vectorgrad.training.backprop.StoreAll;
import io.vectorgrad.training.model.Model;
import io.vectorgrad.training.trainer.TrainingStep;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code vectorgrad tradeoff}: for each checkpointing policy, the median time of a training step of the real
 * model (forward, backward and SGD update through {@code TrainingStep}), the peak live activation
 * bytes measured with JOL against the planner's prediction, the recomputed layer forwards, and whether the
 * gradients equal store-all's bit for bit. Steps of all policies are interleaved round by round so that
 * machine noise hits them alike.
 */
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
    return String.join("\n",
        "usage: vectorgrad tradeoff --depth D --width W --batch B --activation sigmoid|relu|tanh",
        "         --policies SPEC[,SPEC...] --out DIR [--json FILE] [--warmup N] [--steps N] [--seed N]",
        "  --depth D, --width W, --batch B   a chain of D Dense+activation blocks of width W, batch B rows",
        "  --activation A    sigmoid (default), relu or tanh",
        "  --policies LIST   e.g. none,every:2,every:4,sqrt,revolve:4,budget:12MiB (forms: "
            + CheckpointPolicies.FORMS + ")",
        "  --out DIR         writes DIR/tradeoff.csv, DIR/tradeoff.md and DIR/tradeoff.png",
        "  --json FILE       also writes one JSON object per policy",
        "  --warmup N        untimed steps per policy first (default 2)",
        "  --steps N         timed steps per policy; the median is reported (default 5)",
        "  --seed N          weights, input and target seed (default 1)");
  }

  /** One policy's results. */
  static final class Row {
    final String spec;
    final String resolved;
    final TrainingStep step;
    ActivationSchedule.Execution exec;
    final long predicted;
    final long predictedRecomputed;
    long measured;
    long recomputed;
    boolean identical;
    final double[] ms;
    double medianMs;
    double minMs;

    Row(String spec, String resolved, TrainingStep step, Plan plan, int steps) {
      this.spec = spec;
      this.resolved = resolved;
      this.step = step;
      this.predicted = plan.peakKeptBytes();
      this.predictedRecomputed = plan.recomputedForwards();
      this.ms = new double[steps];
    }
  }

  @Override
  public int run(String[] argv, PrintStream out, PrintStream err) throws Exception {
    Args a = Args.parse(name(), argv, Set.of("depth", "width", "batch", "activation", "policies", "out", "json",
        "warmup", "steps", "seed"), Set.of());
    if (!a.positional().isEmpty()) {
      throw new UsageException(name() + ": unexpected argument '" + a.positional().get(0) + "'");
    }
    int depth = a.integer("depth", -1, 1, 100_000);
    int width = a.integer("width", -1, 1, 1 << 20);
    int batch = a.integer("batch", -1, 1, 1 << 20);
    if (depth < 0 || width < 0 || batch < 0) {
      throw new UsageException(name() + ": --depth, --width and --batch are required");
    }
    String activation = a.choice("activation", "sigmoid", "sigmoid", "relu", "tanh");
    String policyList = a.required("policies");
    Path dir = Path.of(a.required("out"));
    Path json = a.has("json") ? Path.of(a.required("json")) : null;
    int warmup = a.integer("warmup", 2, 0, 1_000_000);
    int steps = a.integer("steps", 5, 1, 1_000_000);
    long seed = a.longValue("seed", 1, Long.MIN_VALUE, Long.MAX_VALUE);
    int[] widths = Planner.widths(depth, width, width, width);

    // parse and plan everything first: a bad policy fails before any work
    List<String> specs;
    List<ActivationSchedule> schedules = new ArrayList<>();
    List<Plan> plans = new ArrayList<>();
    long[] costs = CheckpointingSetup.blockCosts(depth, width, activation, batch);
    try {
      specs = CheckpointPolicies.splitList(policyList);
      if (new java.util.HashSet<>(specs).size() != specs.size()) {
        throw new IllegalArgumentException("--policies " + policyList + " lists a policy twice");
      }
      for (String spec : specs) {
        ActivationSchedule s = CheckpointPolicies.parse(spec);
        schedules.add(s);
        plans.add(Planner.plan(s, widths, costs, batch));
      }
    } catch (IllegalArgumentException e) {
      throw new UsageException(name() + ": " + e.getMessage());
    }

    // one model shared by all policies: the probed gradient steps run on the same initial weights
    Model model = CheckpointingSetup.model(depth, width, activation, seed);
    float[] input = CheckpointingSetup.gaussian(batch * width, seed + 1);
    float[] target = CheckpointingSetup.uniform(batch * width, seed + 2);
    TrainingStep reference = CheckpointingSetup.step(model, StoreAll.INSTANCE, batch);
    reference.computeGradients(input, target, batch);
    float[][] refGradients = CheckpointingSetup.copyGradients(model);
    float[] refOutput = reference.output().clone();

    List<Row> rows = new ArrayList<>();
    for (int p = 0; p < specs.size(); p++) {
      rows.add(new Row(specs.get(p), plans.get(p).resolvedSpec(), CheckpointingSetup.step(model, schedules.get(p),
          batch), plans.get(p), steps));
    }
    out.printf(Locale.ROOT, "tradeoff: %d %s Dense layers of width %d, batch %d, %s kernels, %d GEMM threads; "
        + "%d warm-up + %d timed steps per policy (forward, backward, SGD update)%n", depth, activation, width, batch,
        Kernels.providerName(), Kernels.defaultThreads(), warmup, steps);
    ProgressBar bar = new ProgressBar(out, "tradeoff", (long) rows.size() * (1 + warmup + steps));
    long done = 0;
    // 1. one probed gradient computation per policy: JOL peak, forward counters, bit-identity
    JolPeakProbe probe = new JolPeakProbe();
    for (Row r : rows) {
      r.exec = r.step.execution(batch);
      probe.reset();
      r.exec.setProbe(probe);
      r.exec.resetCounters();
      r.step.computeGradients(input, target, batch);
      r.exec.setProbe(null);
      r.measured = probe.peakBytes();
      long calls = 0;
      for (int i = 0; i < depth; i++) {
        calls += r.exec.forwardCalls(i);
      }
      r.recomputed = calls - depth;
      r.identical = CheckpointingSetup.gradientsBitIdentical(model, refGradients)
          && CheckpointingSetup.sameBits(refOutput, r.step.output());
      bar.update(++done, r.spec + " probed");
    }
    // 2. warm-up and timed steps, interleaved across policies
    for (int round = 0; round < warmup + steps; round++) {
      for (Row r : rows) {
        long t0 = System.nanoTime();
        r.step.step(input, target, batch);
        long t1 = System.nanoTime();
        if (round >= warmup) {
          r.ms[round - warmup] = (t1 - t0) / 1e6;
        }
        bar.update(++done, (round < warmup ? "warm-up " : "step ") + r.spec);
      }
    }
    for (Row r : rows) {
      double[] sorted = r.ms.clone();
      Arrays.sort(sorted);
      r.medianMs = Samples.medianOfSorted(sorted);
      r.minMs = sorted[0];
    }
    bar.finish("done");

    Row base = rows.stream().filter(r -> r.resolved.equals("none")).findFirst().orElse(null);
    long storeAllBytes = Planner.storeAllBytes(widths, batch);
    String table = markdown(rows, base, storeAllBytes);
    out.print(table);
    boolean allIdentical = rows.stream().allMatch(r -> r.identical);
    boolean allMatch = rows.stream().allMatch(r -> r.measured == r.predicted && r.recomputed == r.predictedRecomputed);

    String title = String.format(Locale.ROOT, "%d x %d %s, batch %d: kept activations vs step time", depth, width,
        activation, batch);
    ReportFiles.write(dir.resolve("tradeoff.csv"), csv(rows, storeAllBytes));
    ReportFiles.write(dir.resolve("tradeoff.md"), "# " + title + "\n\n" + table);
    List<TradeoffChart.Point> points = new ArrayList<>();
    for (Row r : rows) {
      points.add(new TradeoffChart.Point(r.spec, r.medianMs, r.measured));
    }
    ReportFiles.write(dir.resolve("tradeoff.png"), TradeoffChart.png(title, points));
    if (json != null) {
      List<Object> list = new ArrayList<>();
      for (Row r : rows) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("policy", r.spec);
        m.put("step_ms", r.medianMs);
        m.put("kept_bytes_measured", r.measured);
        m.put("kept_bytes_predicted", r.predicted);
        m.put("recomputed_layer_forwards", r.recomputed);
        m.put("gradients_bit_identical", r.identical);
        list.add(m);
      }
      JsonOut.write(json, list);
    }
    out.println("wrote " + dir.resolve("tradeoff.csv") + ", tradeoff.md, tradeoff.png"
        + (json != null ? " and " + json : ""));
    if (!allIdentical || !allMatch) {
      err.println("vectorgrad tradeoff: " + (!allIdentical ? "gradients differ from store-all" : "")
          + (!allIdentical && !allMatch ? "; " : "") + (!allMatch ? "measurement differs from the plan" : ""));
      return 1;
    }
    return 0;
  }

  static String markdown(List<Row> rows, Row base, long storeAllBytes) {
    StringBuilder sb = new StringBuilder();
    sb.append("| policy | runs as | step ms (median) | min | vs store-all | kept bytes (JOL) | predicted"
        + " | kept vs store-all | recomputed forwards | bit-identical |\n");
    sb.append("|---|---|---:|---:|---:|---:|---:|---:|---:|---|\n");
    for (Row r : rows) {
      sb.append(String.format(Locale.ROOT, "| %s | %s | %.1f | %.1f | %s | %d (%s) | %d | %.1f%% | %d | %s |%n", r.spec,
          r.resolved, r.medianMs, r.minMs,
          base == null ? "n/a" : String.format(Locale.ROOT, "%.2fx", r.medianMs / base.medianMs),
          r.measured, Plan.bytes(r.measured), r.predicted, 100.0 * r.measured / storeAllBytes, r.recomputed,
          r.identical ? "yes" : "NO"));
    }
    return sb.toString();
  }

  /** A CSV field, quoted (specs such as manual:0,3 contain commas). */
  static String csvField(String s) {
    return '"' + s.replace("\"", "\"\"") + '"';
  }

  static String csv(List<Row> rows, long storeAllBytes) {
    StringBuilder sb = new StringBuilder(
        "policy,runs_as,step_ms,step_ms_min,kept_bytes_measured,kept_bytes_predicted,store_all_bytes,recomputed_layer_forwards,"
            + "gradients_bit_identical\n");
    for (Row r : rows) {
      sb.append(String.format(Locale.ROOT, "%s,%s,%.3f,%.3f,%d,%d,%d,%d,%s%n", csvField(r.spec), csvField(r.resolved),
          r.medianMs, r.minMs, r.measured, r.predicted, storeAllBytes, r.recomputed, r.identical));
    }
    return sb.toString();
  }
}

package io.vectorgrad.benchmarks.report;

import io.vectorgrad.checkpointing.Plan;
import io.vectorgrad.training.backprop.ActivationSchedule;
import io.vectorgrad.training.backprop.StoreAll;
import io.vectorgrad.training.model.Model;
import io.vectorgrad.training.trainer.TrainingStep;
import java.util.function.BiConsumer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The measurement behind {@code vectorgrad tradeoff}: one probed gradient computation per policy (JOL peak,
 * forward counters, bit-identity with store-all), then warm-up and timed steps interleaved across policies.
 */
public final class TradeoffMeasurement {
  private TradeoffMeasurement() {}

  /** One policy's results. */
  public static final class Row {
    public final String spec;
    public final String resolved;
    final TrainingStep step;
    ActivationSchedule.Execution exec;
    public final long predicted;
    public final long predictedRecomputed;
    public long measured;
    public long recomputed;
    public boolean identical;
    final double[] ms;
    public double medianMs;
    public double minMs;
    public double maxMs;

    Row(String spec, String resolved, TrainingStep step, Plan plan, int steps) {
      this.spec = spec;
      this.resolved = resolved;
      this.step = step;
      this.predicted = plan.peakKeptBytes();
      this.predictedRecomputed = plan.recomputedForwards();
      this.ms = new double[steps];
    }
  }

  /**
   * Measures every policy on {@code model} (shared by all policies: the probed gradient steps run on the same
   * initial weights); {@code progress} receives the steps done (of {@code specs.size() × (1 + warmup + steps)})
   * and a status.
   */
  public static List<Row> measure(Model model, List<String> specs, List<ActivationSchedule> schedules,
      List<Plan> plans, int batch, int warmup, int steps, long seed, BiConsumer<Long, String> progress) {
    int depth = model.blockCount();
    int width = model.inputSize();
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
      progress.accept(++done, r.spec + " probed");
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
        progress.accept(++done, (round < warmup ? "warm-up " : "step ") + r.spec);
      }
    }
    for (Row r : rows) {
      double[] sorted = r.ms.clone();
      Arrays.sort(sorted);
      r.medianMs = Samples.medianOfSorted(sorted);
      r.minMs = sorted[0];
      r.maxMs = sorted[sorted.length - 1];
    }

    return rows;
  }
}

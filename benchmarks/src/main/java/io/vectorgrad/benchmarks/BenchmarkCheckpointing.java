package io.vectorgrad.benchmarks;

import io.vectorgrad.benchmarks.report.CheckpointingSetup;
import io.vectorgrad.checkpointing.CheckpointPolicies;
import io.vectorgrad.training.trainer.TrainingStep;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One training step (forward, backward, SGD update through {@code TrainingStep}) of a Dense chain per
 * checkpointing policy; the default shape is issue 4's: 64 sigmoid layers of width 1024, batch 256 (about
 * 100 GFLOP per step, so few iterations). Compare policies by the ratio to {@code none} in the same run.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-Xmx4g"})
@State(Scope.Thread)
public class BenchmarkCheckpointing {
  @Param({"none", "every:2", "every:4", "sqrt", "revolve:4", "budget:12MiB"})
  public String policy;

  @Param({"64"})
  public int depth;

  @Param({"1024"})
  public int width;

  @Param({"256"})
  public int batch;

  @Param({"sigmoid"})
  public String activation;

  private TrainingStep step;
  private float[] input;
  private float[] target;

  @Setup
  public void setUp() {
    step = CheckpointingSetup.step(CheckpointingSetup.model(depth, width, activation, 42),
        CheckpointPolicies.parse(policy), batch);
    input = CheckpointingSetup.gaussian(batch * width, 43);
    target = CheckpointingSetup.uniform(batch * width, 44);
  }

  @Benchmark
  public double trainingStep() {
    return step.step(input, target, batch);
  }
}

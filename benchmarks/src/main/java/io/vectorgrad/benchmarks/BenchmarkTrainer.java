package io.vectorgrad.benchmarks;

import io.vectorgrad.training.layers.NormKind;
import io.vectorgrad.training.loss.SoftmaxCrossEntropy;
import io.vectorgrad.training.model.Activation;
import io.vectorgrad.training.spec.LossPairing;
import io.vectorgrad.training.spec.ModelSpec;
import io.vectorgrad.training.model.Model;
import io.vectorgrad.training.optim.Adam;
import io.vectorgrad.training.trainer.TrainingStep;
import java.util.SplittableRandom;
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
 * One training step ({@link TrainingStep#step}: forward, softmax cross-entropy, backward through the
 * StoreAll schedule, gradient norms and NaN check, Adam update) of the network 784-256-128-10
 * (ReLU, ReLU, softmax) at batch 128 on a fixed, seeded mini-batch. Samples/s = batch / step time. Run with
 * {@code -prof gc}: {@code gc.alloc.rate.norm} must be ≈ 0 B/op.
 *
 * <p>{@code -p residual=N -p norm=layer|batch|none} inserts N pre-norm residual blocks after the first hidden
 * layer ({@code ModelSpec.withBlocks}, the CLI's {@code --residual/--norm}). Whether a residual step costs what
 * its GEMM FLOPs suggest: compare {@code -p layers=784-256-10 -p residual=0,8 -p norm=none,layer}; each
 * block adds two 256×256 GEMMs forward and four backward, i.e. {@code 6·2·128·256²} FLOPs per step, against
 * {@code 6·2·128·(784·256 + 256·10)} (block 0's input gradient skipped) for the plain network.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
@State(Scope.Thread)
public class BenchmarkTrainer {
  /** Layer sizes joined by {@code -} (JMH splits {@code -p} values at commas). */
  @Param({"784-256-128-10"})
  public String layers;

  @Param({"128"})
  public int batch;

  /** Pre-norm residual blocks after the first hidden layer (0: the plain chain). */
  @Param({"0"})
  public int residual;

  /** The residual blocks' norm: none, layer or batch. */
  @Param({"layer"})
  public String norm;

  /** GEMM threads; the weights are bit-identical for every value. */
  @Param({"1", "2"})
  public int threads;

  private TrainingStep step;
  private float[] input;
  private float[] targets;

  @Setup
  public void setup() {
    int[] sizes = ModelSpec.parseLayers(layers.replace('-', ','));
    Model model = ModelSpec.forLoss(sizes, Activation.RELU, LossPairing.SOFTMAX_CE)
        .withBlocks(residual, NormKind.fromSpec(norm)).build(42);
    SplittableRandom r = new SplittableRandom(7);
    input = new float[batch * sizes[0]];
    for (int i = 0; i < input.length; i++) {
      input[i] = (float) r.nextDouble();
    }
    int classes = sizes[sizes.length - 1];
    targets = new float[batch * classes];
    for (int i = 0; i < batch; i++) {
      targets[i * classes + r.nextInt(classes)] = 1f;
    }
    step = new TrainingStep(model, SoftmaxCrossEntropy.INSTANCE, new Adam(1e-3f), batch, threads);
  }

  @Benchmark
  public double trainingStep() {
    return step.step(input, targets, batch);
  }
}

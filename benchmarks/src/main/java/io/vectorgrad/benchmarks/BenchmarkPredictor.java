package io.vectorgrad.benchmarks;

import io.vectorgrad.training.model.Activation;
import io.vectorgrad.training.model.Model;
import io.vectorgrad.training.serve.Predictor;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@link Predictor} latency for 784-256-128-10 (ReLU, ReLU, softmax) on one thread: a single sample and a
 * batch of 32. Average time, plus SampleTime for the p50/p99 of the targets (single sample
 * p50 ≤ 20 µs, p99 ≤ 40 µs). Run with {@code -prof gc}: 0 B per call once warm.
 */
@BenchmarkMode({Mode.AverageTime, Mode.SampleTime})
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
@State(Scope.Thread)
public class BenchmarkPredictor {
  private Predictor predictor;
  private float[] one;
  private float[] oneOut;
  private float[] batch;
  private float[] batchOut;

  @Setup
  public void setup() {
    Model model = Model.builder(784).dense(256, Activation.RELU).dense(128, Activation.RELU)
        .dense(10, Activation.SOFTMAX).build(42);
    predictor = new Predictor(model, 32, 1);
    SplittableRandom r = new SplittableRandom(7);
    one = new float[784];
    batch = new float[32 * 784];
    for (int i = 0; i < batch.length; i++) {
      batch[i] = (float) r.nextDouble();
    }
    System.arraycopy(batch, 0, one, 0, 784);
    oneOut = new float[10];
    batchOut = new float[32 * 10];
  }

  @Benchmark
  public float[] single() {
    predictor.predict(one, oneOut);
    return oneOut;
  }

  @Benchmark
  public float[] batch32() {
    predictor.predictBatch(batch, 32, batchOut);
    return batchOut;
  }
}

package io.vectorgrad.benchmarks;

import io.vectorgrad.kernels.spi.ActivationSupport;
import io.vectorgrad.kernels.spi.KernelProvider;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@code io.vectorgrad.kernels.Activations}: the Panama kernels against the scalar provider and against the
 * plain {@code Math.exp}/{@code Math.tanh} float loop the "≥ 10×" target is measured from.
 * Kernels are called through the providers (no argument checks) so that only the kernels are compared.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class BenchmarkActivations {
  /** Element-wise inputs of {@code size} floats. */
  @State(Scope.Thread)
  public static class Vectors {
    @Param({"1024", "65536", "1048576"})
    public int size;

    float[] x;
    float[] out;
    ActivationSupport panama;
    ActivationSupport scalar;

    @Setup(Level.Trial)
    public void setUp() {
      Random rnd = new Random(42);
      x = new float[size];
      out = new float[size];
      for (int i = 0; i < size; i++) {
        x[i] = (float) (rnd.nextGaussian() * 4);
      }
      panama = KernelProvider.panama().activations();
      scalar = KernelProvider.scalar().activations();
    }
  }

  /** A 65536-float matrix of rows of {@code cols} logits (10 classes, or 1000). */
  @State(Scope.Thread)
  public static class Logits {
    @Param({"10", "1000"})
    public int cols;

    int rows;
    float[] x;
    float[] out;
    ActivationSupport panama;
    ActivationSupport scalar;

    @Setup(Level.Trial)
    public void setUp() {
      Random rnd = new Random(43);
      rows = 65536 / cols;
      x = new float[rows * cols];
      out = new float[rows * cols];
      for (int i = 0; i < x.length; i++) {
        x[i] = (float) (rnd.nextGaussian() * 4);
      }
      panama = KernelProvider.panama().activations();
      scalar = KernelProvider.scalar().activations();
    }
  }

  @Benchmark
  public float[] sigmoidPanama(Vectors s) {
    s.panama.sigmoid(s.x, 0, s.out, 0, s.size);
    return s.out;
  }

  @Benchmark
  public float[] sigmoidScalarProvider(Vectors s) {
    s.scalar.sigmoid(s.x, 0, s.out, 0, s.size);
    return s.out;
  }

  /** The baseline of the target: a plain float loop over {@code Math.exp}. */
  @Benchmark
  public float[] sigmoidMathExpLoop(Vectors s) {
    float[] x = s.x;
    float[] out = s.out;
    for (int i = 0; i < x.length; i++) {
      out[i] = 1f / (1f + (float) Math.exp(-x[i]));
    }
    return out;
  }

  @Benchmark
  public float[] tanhPanama(Vectors s) {
    s.panama.tanh(s.x, 0, s.out, 0, s.size);
    return s.out;
  }

  @Benchmark
  public float[] tanhScalarProvider(Vectors s) {
    s.scalar.tanh(s.x, 0, s.out, 0, s.size);
    return s.out;
  }

  /** The baseline of the target: a plain float loop over {@code Math.tanh}. */
  @Benchmark
  public float[] tanhMathTanhLoop(Vectors s) {
    float[] x = s.x;
    float[] out = s.out;
    for (int i = 0; i < x.length; i++) {
      out[i] = (float) Math.tanh(x[i]);
    }
    return out;
  }

  @Benchmark
  public float[] reluPanama(Vectors s) {
    s.panama.relu(s.x, 0, s.out, 0, s.size);
    return s.out;
  }

  @Benchmark
  public float[] reluScalarProvider(Vectors s) {
    s.scalar.relu(s.x, 0, s.out, 0, s.size);
    return s.out;
  }

  @Benchmark
  public float[] softmaxPanama(Logits s) {
    s.panama.softmax(s.x, 0, s.out, 0, s.rows, s.cols);
    return s.out;
  }

  @Benchmark
  public float[] softmaxScalarProvider(Logits s) {
    s.scalar.softmax(s.x, 0, s.out, 0, s.rows, s.cols);
    return s.out;
  }

  /** A plain float softmax loop over {@code Math.exp} (max, exp and sum, divide). */
  @Benchmark
  public float[] softmaxMathExpLoop(Logits s) {
    float[] x = s.x;
    float[] out = s.out;
    int cols = s.cols;
    for (int r = 0, o = 0; r < s.rows; r++, o += cols) {
      float max = Float.NEGATIVE_INFINITY;
      for (int j = 0; j < cols; j++) {
        max = Math.max(max, x[o + j]);
      }
      float sum = 0f;
      for (int j = 0; j < cols; j++) {
        float e = (float) Math.exp(x[o + j] - max);
        out[o + j] = e;
        sum += e;
      }
      for (int j = 0; j < cols; j++) {
        out[o + j] /= sum;
      }
    }
    return out;
  }
}

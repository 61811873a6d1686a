package io.vectorgrad.benchmarks;

import io.vectorgrad.kernels.spi.ElementwiseSupport;
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
 * {@code io.vectorgrad.kernels.Elementwise}: Panama against the scalar provider, and Hadamard against
 * {@code System.arraycopy} of the same number of floats as the memory-bandwidth reference (Hadamard moves
 * 3 streams, the copy 2). Matrix kernels use {@code size / 256} rows of 256 columns.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class BenchmarkElementwise {
  static final int COLS = 256;

  /** Inputs of {@code size} floats. */
  @State(Scope.Thread)
  public static class Data {
    @Param({"1024", "65536", "1048576"})
    public int size;

    float[] x;
    float[] y;
    float[] out;
    float[] row;
    float[] sums;
    ElementwiseSupport panama;
    ElementwiseSupport scalar;

    @Setup(Level.Trial)
    public void setUp() {
      Random rnd = new Random(44);
      x = new float[size];
      y = new float[size];
      out = new float[size];
      for (int i = 0; i < size; i++) {
        x[i] = rnd.nextFloat() * 2 - 1;
        y[i] = rnd.nextFloat() * 2 - 1;
      }
      row = new float[COLS];
      for (int j = 0; j < COLS; j++) {
        row[j] = rnd.nextFloat() * 1e-6f; // small: repeated bias adds stay bounded
      }
      sums = new float[COLS];
      panama = KernelProvider.panama().elementwise();
      scalar = KernelProvider.scalar().elementwise();
    }
  }

  @Benchmark
  public float[] hadamardPanama(Data d) {
    d.panama.hadamard(d.x, 0, d.y, 0, d.out, 0, d.size);
    return d.out;
  }

  @Benchmark
  public float[] hadamardScalarProvider(Data d) {
    d.scalar.hadamard(d.x, 0, d.y, 0, d.out, 0, d.size);
    return d.out;
  }

  /** Memory-bandwidth reference: copy the same number of floats. */
  @Benchmark
  public float[] arraycopyReference(Data d) {
    System.arraycopy(d.x, 0, d.out, 0, d.size);
    return d.out;
  }

  @Benchmark
  public float[] axpyPanama(Data d) {
    d.panama.axpy(1e-7f, d.x, 0, d.out, 0, d.size);
    return d.out;
  }

  @Benchmark
  public float[] axpyScalarProvider(Data d) {
    d.scalar.axpy(1e-7f, d.x, 0, d.out, 0, d.size);
    return d.out;
  }

  @Benchmark
  public float[] columnSumsPanama(Data d) {
    d.panama.columnSums(d.x, 0, COLS, d.sums, 0, d.size / COLS, COLS);
    return d.sums;
  }

  @Benchmark
  public float[] columnSumsScalarProvider(Data d) {
    d.scalar.columnSums(d.x, 0, COLS, d.sums, 0, d.size / COLS, COLS);
    return d.sums;
  }

  @Benchmark
  public float[] addRowVectorPanama(Data d) {
    d.panama.addRowVector(d.row, 0, d.out, 0, COLS, d.size / COLS, COLS);
    return d.out;
  }

  @Benchmark
  public float[] addRowVectorScalarProvider(Data d) {
    d.scalar.addRowVector(d.row, 0, d.out, 0, COLS, d.size / COLS, COLS);
    return d.out;
  }
}

package io.vectorgrad.benchmarks;

import io.vectorgrad.kernels.spi.WorkerPool;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The hand-off cost of {@link WorkerPool#run}: {@code tasks} empty tasks on {@code threads} threads
 * (what a kernel pays on top of its work for going parallel), and the same after {@code gapMicros} of
 * serial work on the caller (the worker has to be woken from its spin or from park).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class BenchmarkWorkerPool {
  @State(Scope.Thread)
  public static class Setting {
    @Param({"2"})
    public int threads;

    @Param({"4"})
    public int tasks;

    @Param({"0", "20", "200"})
    public int gapMicros;

    final IntConsumer empty = t -> { };
  }

  @Benchmark
  public void emptyRun(Setting s, Blackhole bh) {
    if (s.gapMicros > 0) {
      long until = System.nanoTime() + 1000L * s.gapMicros;
      while (System.nanoTime() < until) {
        Blackhole.consumeCPU(16);
      }
    }
    WorkerPool.shared().run(s.tasks, s.threads, s.empty);
  }
}

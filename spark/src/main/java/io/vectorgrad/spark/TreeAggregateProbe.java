package io.vectorgrad.spark;

import java.util.Collections;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;

/**
 * The per-step cost of the design this module does not use: one Spark job per mini-batch that broadcasts
 * the weights, has every partition return a gradient-sized array and sums them with {@code treeAggregate}
 * (what MLlib's optimizers do). Measures the communication and scheduling only: the tasks compute nothing.
 */
public final class TreeAggregateProbe {
  private TreeAggregateProbe() {}

  /**
   * Mean seconds per step over {@code steps} jobs (after one warm-up job) with {@code floats} parameters, on
   * {@code partitions} partitions that hold no data (a parallelized collection would ship its rows with
   * every task, which a step of this design would not have to).
   */
  public static double secondsPerStep(JavaSparkContext sc, int partitions, int floats, int steps) {
    java.util.List<Integer> ids = new java.util.ArrayList<>();
    for (int p = 0; p < partitions; p++) {
      ids.add(p);
    }
    JavaRDD<Integer> data = sc.parallelize(ids, partitions);
    long t0 = 0;
    for (int s = -1; s < steps; s++) {
      if (s == 0) {
        t0 = System.nanoTime();
      }
      Broadcast<float[]> weights = sc.broadcast(new float[floats]);
      float[] sum = data.mapPartitions(it -> Collections.singletonList(new float[weights.value().length]).iterator())
          .treeAggregate(new float[floats], TreeAggregateProbe::add, TreeAggregateProbe::add, 2);
      if (sum.length != floats) {
        throw new IllegalStateException("treeAggregate returned " + sum.length + " floats, expected " + floats);
      }
      weights.destroy();
    }
    return (System.nanoTime() - t0) / 1e9 / steps;
  }

  private static float[] add(float[] a, float[] b) {
    for (int i = 0; i < a.length; i++) {
      a[i] += b[i];
    }
    return a;
  }
}

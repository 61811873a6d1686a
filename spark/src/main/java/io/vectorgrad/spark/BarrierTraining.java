package io.vectorgrad.spark;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.BarrierTaskContext;
import org.apache.spark.ml.linalg.DenseVector;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Row;
import scala.collection.Iterator;
import scala.jdk.javaapi.CollectionConverters;
import scala.runtime.AbstractFunction1;

/**
 * The body of the barrier stage: each task copies its partition's rows into float arrays once, then runs
 * {@link DataParallelTrainer#train} with a {@link SocketExchange} (set up through one
 * {@link BarrierTaskContext#allGather}) as the all-reduce.
 * Barrier semantics: if any task fails, Spark fails and retries the whole stage, and the retry resumes from
 * the last complete epoch when a state directory is set.
 */
final class BarrierTraining extends AbstractFunction1<Iterator<Row>, Iterator<DataParallelTrainer.Result>>
    implements Serializable {
  private static final long serialVersionUID = 1L;
  private final TrainingSettings settings;
  private final int[] rows;

  BarrierTraining(TrainingSettings settings, int[] rows) {
    this.settings = settings;
    this.rows = rows.clone();
  }

  @Override
  public Iterator<DataParallelTrainer.Result> apply(Iterator<Row> it) {
    BarrierTaskContext ctx = BarrierTaskContext.get();
    int part = ctx.partitionId();
    int n = rows[part];
    int in = settings.inputSize();
    float[] x = new float[Math.multiplyExact(n, in)];
    int[] labels = new int[n];
    int r = 0;
    while (it.hasNext()) {
      Row row = it.next();
      if (r == n) {
        throw new IllegalStateException("partition " + part + " has more rows than the " + n + " counted before"
            + " training: the input is not deterministic (cache or checkpoint it before fit)");
      }
      Vector v = row.getAs(0);
      double[] values = v instanceof DenseVector ? ((DenseVector) v).values() : v.toArray();
      for (int i = 0; i < in; i++) {
        x[r * in + i] = (float) values[i];
      }
      labels[r] = (int) row.getDouble(1);
      r++;
    }
    if (r != n) {
      throw new IllegalStateException("partition " + part + " has " + r + " rows, " + n + " were counted before"
          + " training: the input is not deterministic (cache or checkpoint it before fit)");
    }
    DataParallelTrainer.Result result;
    if (rows.length == 1) {
      result = DataParallelTrainer.train(settings, part, rows, x, labels, null);
    } else {
      String address = ctx.getTaskInfos()[0].address(); // host:port of task 0's executor
      String host = address.substring(0, address.lastIndexOf(':'));
      try (SocketExchange ex = new SocketExchange(part, rows.length, host, ctx::allGather,
          ctx::killTaskIfInterrupted)) {
        result = DataParallelTrainer.train(settings, part, rows, x, labels, ex);
      }
    }
    List<DataParallelTrainer.Result> out = new ArrayList<>(1);
    if (result != null) {
      out.add(result);
    }
    return CollectionConverters.asScala(out.iterator());
  }
}

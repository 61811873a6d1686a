package io.vectorgrad.spark;

import io.vectorgrad.training.layers.NormKind;
import io.vectorgrad.training.layers.Parameter;
import io.vectorgrad.training.model.Model;
import io.vectorgrad.training.optim.AbstractOptimizer;
import io.vectorgrad.training.optim.GradientClipping;
import io.vectorgrad.training.optim.Optimizer;
import io.vectorgrad.training.trainer.TrainingStep;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The training loop one task runs on its partition, the same on every task: each step computes the local
 * mini-batch gradient with vectorgrad's kernels, task 0 gathers every task's gradient, forms the global
 * mean {@code Σ_q (m_q / m) g_q} in partition order and sends it back, and every task applies the same
 * update, so all tasks hold the same weights bit for bit. Spark-free: the exchange is an interface
 * ({@link SocketExchange} on a barrier stage; none for a single partition).
 *
 * <p>Batches: partition {@code q} of {@code n_q} rows takes {@code b_q = ceil(B·n_q/N)} rows per step
 * ({@code B} the global batch, {@code N} all rows; {@code b = min(B, N)} for one partition), in the order of
 * a per-partition Fisher–Yates shuffle seeded by {@code seed ^ q·φ}; an epoch has {@code max_q ceil(n_q/b_q)}
 * steps (a partition that has run out contributes no rows). With one partition this is exactly
 * {@link io.vectorgrad.training.trainer.Trainer}'s batch order, and the weight 1 of the only gradient leaves
 * its bits unchanged: the weights equal the single-machine trainer's.
 */
public final class DataParallelTrainer {
  /** Golden-ratio increment: decorrelates the partitions' shuffle seeds; partition 0 keeps the seed itself. */
  static final long SEED_STRIDE = 0x9E3779B97F4A7C15L;
  private static final int HEADER_BYTES = Integer.BYTES + Double.BYTES + Long.BYTES;

  /**
   * The per-step communication among the tasks: a gather of every task's message to task 0, then a
   * broadcast of task 0's result to all ({@link SocketExchange} on a barrier stage).
   */
  public interface Exchange {
    /** On task 0: every task's message in partition order (its own first); on the others: null. */
    byte[][] gather(byte[] message, int length);

    /** Task 0 passes the result and gets it back; the others get task 0's result. */
    byte[] broadcast(byte[] result, int length);

    /**
     * With exactly two tasks: sends this task's message to the other and returns the other's (valid until
     * the next call). The default is a gather followed by task 0's broadcast of its own message; an
     * implementation can send both ways at once ({@link SocketExchange} does).
     */
    default byte[] swap(byte[] message, int length) {
      byte[][] all = gather(message, length);
      if (all != null) {
        byte[] other = all[1]; // before the broadcast: after it the other task may gather its next message
        broadcast(message, length);
        return other;
      }
      return broadcast(null, 0);
    }
  }

  /** What partition 0 reports back to the driver. */
  public static final class Result implements Serializable {
    private static final long serialVersionUID = 1L;
    public final byte[] model;
    public final int firstEpoch;
    public final double[] epochLoss;
    public final double[] epochAccuracy;
    public final double[] epochSeconds;
    public final long steps;
    public final double computeSeconds;
    public final double exchangeSeconds;

    Result(byte[] model, int firstEpoch, double[] epochLoss, double[] epochAccuracy, double[] epochSeconds,
        long steps, double computeSeconds, double exchangeSeconds) {
      this.model = model;
      this.firstEpoch = firstEpoch;
      this.epochLoss = epochLoss;
      this.epochAccuracy = epochAccuracy;
      this.epochSeconds = epochSeconds;
      this.steps = steps;
      this.computeSeconds = computeSeconds;
      this.exchangeSeconds = exchangeSeconds;
    }
  }

  private DataParallelTrainer() {}

  /** Rows per step of each partition: {@code ceil(B·n_q/N)}, at least 1; {@code min(B, N)} for one. */
  static int[] localBatches(int batch, int[] rows) {
    long total = 0;
    for (int r : rows) {
      total += r;
    }
    int[] b = new int[rows.length];
    for (int q = 0; q < rows.length; q++) {
      b[q] = rows.length == 1 ? (int) Math.min(batch, total)
          : (int) Math.max(1, Math.min(rows[q], ((long) batch * rows[q] + total - 1) / total));
    }
    return b;
  }

  /** Steps per epoch: the most any partition needs. */
  static int stepsPerEpoch(int[] rows, int[] localBatches) {
    int s = 0;
    for (int q = 0; q < rows.length; q++) {
      s = Math.max(s, (rows[q] + localBatches[q] - 1) / localBatches[q]);
    }
    return s;
  }

  /**
   * Trains on partition {@code part} ({@code x}: {@code rows[part] × inputSize}, {@code labels}) and
   * returns the result on partition 0, {@code null} on the others.
   */
  public static Result train(TrainingSettings settings, int part, int[] rows, float[] x, int[] labels,
      Exchange exchange) {
    int parts = rows.length;
    if (parts > 1 && settings.normKind() == NormKind.BATCH) {
      throw new IllegalArgumentException("norm=batch across " + parts + " partitions: each task would normalise by "
          + "its own rows and keep its own running statistics; use norm=layer or none, or one partition");
    }
    int n = rows[part];
    int in = settings.inputSize();
    int out = settings.outputSize();
    int[] bs = localBatches(settings.batchSize, rows);
    int b = bs[part];
    int steps = stepsPerEpoch(rows, bs);
    Model model = settings.modelSpec().build(settings.seed);
    Optimizer optimizer = settings.optimizerSpec().create(settings.learningRate, settings.weightDecay);
    TrainingStep step = new TrainingStep(model, settings.lossPairing().loss(), optimizer,
        settings.activationSchedule(), GradientClipping.none(), settings.scheduleSpec().build(steps, settings.epochs),
        b, settings.threads);
    List<Parameter> params = model.parameters();
    long floats = 0;
    for (Parameter p : params) {
      floats += p.size();
    }
    int messageBytes = parts == 1 ? HEADER_BYTES : Math.toIntExact(HEADER_BYTES + 4 * floats);
    ByteBuffer message = ByteBuffer.allocate(messageBytes).order(ByteOrder.LITTLE_ENDIAN);
    ByteBuffer result = ByteBuffer.allocate(part == 0 && parts > 2 ? Math.toIntExact(3 * Double.BYTES + 4 * floats)
        : 0).order(ByteOrder.LITTLE_ENDIAN);
    byte[][] pair = new byte[2][];
    float[] xb = new float[b * in];
    float[] yb = new float[b * out];
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    SplittableRandom rng = new SplittableRandom(settings.seed ^ (part * SEED_STRIDE));

    int firstEpoch = 1;
    Path stateFile = settings.stateDir.isEmpty() ? null : TrainingState.file(settings.stateDir);
    String fingerprint = settings.fingerprint(rows);
    if (stateFile != null) {
      int done = TrainingState.restore(stateFile, fingerprint, model, (AbstractOptimizer) optimizer, step);
      for (int e = 0; e < done; e++) {
        shuffle(order, rng); // replays the shuffles of the finished epochs: the next order is the same
      }
      firstEpoch = done + 1;
    }
    int epochs = Math.max(0, settings.epochs - firstEpoch + 1);
    double[] epochLoss = new double[epochs];
    double[] epochAcc = new double[epochs];
    double[] epochSec = new double[epochs];
    double[] stats = new double[3];
    long computeNanos = 0;
    long exchangeNanos = 0;
    for (int e = 0; e < epochs; e++) {
      long e0 = System.nanoTime();
      shuffle(order, rng);
      double lossSum = 0;
      long correct = 0;
      long seen = 0;
      for (int s = 0; s < steps; s++) {
        long c0 = System.nanoTime();
        int start = s * b;
        int m = Math.max(0, Math.min(b, n - start));
        double loss = 0;
        long hits = 0;
        if (m > 0) {
          java.util.Arrays.fill(yb, 0, m * out, 0f);
          for (int r = 0; r < m; r++) {
            int idx = order[start + r];
            System.arraycopy(x, idx * in, xb, r * in, in);
            int label = labels[idx];
            if (out == 1) {
              yb[r] = label;
            } else {
              yb[r * out + label] = 1f;
            }
          }
          loss = step.computeGradients(xb, yb, m);
          float[] o = step.output();
          for (int r = 0; r < m; r++) {
            if (Model.predictedClass(o, r * out, out) == labels[order[start + r]]) {
              hits++;
            }
          }
        }
        message.clear();
        message.putInt(m).putDouble(loss).putLong(hits);
        if (m > 0 && parts > 1) {
          for (Parameter p : params) {
            message.asFloatBuffer().put(p.gradient(), 0, p.size());
            message.position(message.position() + 4 * p.size());
          }
        }
        long x0 = System.nanoTime();
        double meanLoss;
        if (parts == 1) {
          stats[0] = loss * m;
          stats[1] = hits;
          stats[2] = m;
          meanLoss = loss;
        } else if (parts == 2) {
          // both tasks swap their messages (both directions at once) and each reduces the pair in partition
          // order: the same sums, so the same bits, as task 0 reducing and broadcasting, at half the traffic
          byte[] other = exchange.swap(message.array(), message.position());
          pair[part] = message.array();
          pair[1 - part] = other;
          meanLoss = reduce(pair, params, stats);
        } else {
          byte[][] all = exchange.gather(message.array(), message.position());
          if (part == 0) {
            meanLoss = reduce(all, params, stats);
            exchange.broadcast(result.array(), encodeResult(result, params, stats));
          } else {
            meanLoss = decodeResult(exchange.broadcast(null, 0), params, stats);
          }
        }
        long x1 = System.nanoTime();
        lossSum += stats[0];
        correct += (long) stats[1];
        seen += (long) stats[2];
        if (parts > 1) {
          step.measureGradientNorms(meanLoss);
        }
        step.applyUpdate();
        exchangeNanos += x1 - x0;
        computeNanos += (System.nanoTime() - c0) - (x1 - x0);
      }
      epochLoss[e] = lossSum / seen;
      epochAcc[e] = (double) correct / seen;
      epochSec[e] = (System.nanoTime() - e0) / 1e9;
      if (stateFile != null && part == 0) {
        try {
          TrainingState.save(stateFile, fingerprint, firstEpoch + e, model, (AbstractOptimizer) optimizer, step);
        } catch (IOException ex) {
          throw new UncheckedIOException("writing the training state " + stateFile + ": " + ex.getMessage(), ex);
        }
      }
    }
    if (part != 0) {
      return null;
    }
    return new Result(io.vectorgrad.training.io.ModelFiles.toBytes(model), firstEpoch, epochLoss, epochAcc, epochSec,
        step.steps(), computeNanos / 1e9, exchangeNanos / 1e9);
  }

  /**
   * Replaces the gradients in {@code params} with the row-weighted mean of all tasks' gradients, summed in
   * partition order ({@code all == {null}}: one partition, its own gradients stay as they are). Fills
   * {@code stats} with the step's loss sum, correct predictions and rows; returns the mean loss.
   */
  static double reduce(byte[][] all, List<Parameter> params, double[] stats) {
    ByteBuffer[] msgs = new ByteBuffer[all.length];
    long m = 0;
    double lossSum = 0;
    long hits = 0;
    for (int q = 0; q < all.length; q++) {
      msgs[q] = ByteBuffer.wrap(all[q]).order(ByteOrder.LITTLE_ENDIAN);
      int rows = msgs[q].getInt();
      double loss = msgs[q].getDouble();
      hits += msgs[q].getLong();
      m += rows;
      lossSum += loss * rows;
    }
    boolean first = true;
    for (int q = 0; q < all.length; q++) {
      int rows = msgs[q].getInt(0);
      if (rows == 0) {
        continue;
      }
      float w = (float) ((double) rows / m);
      java.nio.FloatBuffer fb = msgs[q].asFloatBuffer();
      for (Parameter p : params) {
        float[] g = p.gradient();
        int size = p.size();
        if (first) {
          for (int i = 0; i < size; i++) {
            g[i] = w * fb.get();
          }
        } else {
          for (int i = 0; i < size; i++) {
            g[i] += w * fb.get();
          }
        }
      }
      first = false;
    }
    stats[0] = lossSum;
    stats[1] = hits;
    stats[2] = m;
    return lossSum / m;
  }

  /** Task 0's result: the step's loss sum, hits and rows, then the reduced gradients. */
  static int encodeResult(ByteBuffer buf, List<Parameter> params, double[] stats) {
    buf.clear();
    buf.putDouble(stats[0]).putDouble(stats[1]).putDouble(stats[2]);
    for (Parameter p : params) {
      buf.asFloatBuffer().put(p.gradient(), 0, p.size());
      buf.position(buf.position() + 4 * p.size());
    }
    return buf.position();
  }

  /** The other tasks take task 0's result into their gradients; returns the mean loss. */
  static double decodeResult(byte[] result, List<Parameter> params, double[] stats) {
    ByteBuffer buf = ByteBuffer.wrap(result).order(ByteOrder.LITTLE_ENDIAN);
    stats[0] = buf.getDouble();
    stats[1] = buf.getDouble();
    stats[2] = buf.getDouble();
    java.nio.FloatBuffer fb = buf.asFloatBuffer();
    for (Parameter p : params) {
      fb.get(p.gradient(), 0, p.size());
    }
    return stats[0] / stats[2];
  }

  private static void shuffle(int[] order, SplittableRandom rng) {
    for (int i = order.length - 1; i > 0; i--) {
      int j = rng.nextInt(i + 1);
      int t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
  }
}

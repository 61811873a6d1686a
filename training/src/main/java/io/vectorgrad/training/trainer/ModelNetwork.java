package io.vectorgrad.training.trainer;

import io.vectorgrad.training.backprop.BlockNetwork;
import io.vectorgrad.training.layers.Dense;
import io.vectorgrad.training.layers.Dropout;
import io.vectorgrad.training.loss.Loss;
import io.vectorgrad.training.model.Activation;
import io.vectorgrad.training.model.Model;
import java.util.Objects;

/**
 * A {@link Model} with a {@link Loss}, seen by an activation schedule as a chain of blocks: block {@code i}
 * is Dense {@code i}, its activation and its dropout if any. One instance per trainer (not thread-safe);
 * buffers are sized once for {@code maxBatch} rows.
 *
 * <p>{@link #forward} is a pure function of its input, the parameters and the current step (which fixes
 * the dropout masks), so schedules may call it any number of times. The one thing it writes besides
 * {@code out} is a copy of the output block's logits, which the loss reads; that copy is also a pure
 * function of the block input, so recomputing the output block rewrites the same bits.
 *
 * <p>Backward through a dropout block needs the activation output before dropout: ReLU, leaky ReLU and
 * linear read their derivative from the sign of the dropped-out output (exact); sigmoid, tanh and softmax
 * recompute {@code g(in·Wᵀ + b)} into a scratch buffer, which costs one extra GEMM for that block but is
 * exact and keeps the SPI's "backward is a function of in and out" promise.
 */
public final class ModelNetwork implements BlockNetwork {
  private final Model model;
  private final Loss loss;
  private final int maxBatch;
  private final int threads;
  private final int blocks;
  private final Activation outputActivation;
  private final boolean fused;
  private final float[] logits;
  private final float[] recompute;
  private float[] targets;
  private int rows;
  private long step;
  private boolean training = true;
  private double lastLoss = Double.NaN;

  public ModelNetwork(Model model, Loss loss, int maxBatch, int threads) {
    this.model = Objects.requireNonNull(model, "model");
    this.loss = Objects.requireNonNull(loss, "loss");
    if (maxBatch < 1 || threads < 1) {
      throw new IllegalArgumentException("maxBatch=" + maxBatch + ", threads=" + threads + ": expected both >= 1");
    }
    this.maxBatch = maxBatch;
    this.threads = threads;
    this.blocks = model.denseCount();
    this.outputActivation = model.activation(blocks - 1);
    loss.checkCompatible(outputActivation);
    this.fused = loss.fusedWith(outputActivation);
    this.logits = new float[Math.multiplyExact(maxBatch, model.outputSize())];
    int recomputeWidth = 0;
    for (int i = 0; i < blocks; i++) {
      Dropout d = model.dropout(i);
      if (d != null && d.rate() > 0f && !model.activation(i).derivativeFromSign()) {
        recomputeWidth = Math.max(recomputeWidth, model.dense(i).outputSize());
      }
    }
    this.recompute = recomputeWidth == 0 ? null : new float[Math.multiplyExact(maxBatch, recomputeWidth)];
  }

  public Model model() {
    return model;
  }

  public Loss loss() {
    return loss;
  }

  public int maxBatch() {
    return maxBatch;
  }

  /** Boundary widths {@code [input, out_0, ..., out_{n−1}]}, as {@code ActivationSchedule.prepare} wants. */
  public int[] widths() {
    int[] w = new int[blocks + 1];
    for (int b = 0; b <= blocks; b++) {
      w[b] = width(b);
    }
    return w;
  }

  /** Sets the mini-batch size and its targets ({@code rows × outputSize}, kept by reference). */
  public void setBatch(float[] targets, int rows) {
    if (rows < 1 || rows > maxBatch) {
      throw new IllegalArgumentException("batch of " + rows + " rows: expected 1.." + maxBatch);
    }
    Objects.requireNonNull(targets, "targets");
    if (targets.length < (long) rows * model.outputSize()) {
      throw new IllegalArgumentException("targets hold " + targets.length + " floats, expected rows×outputSize = "
          + rows + "×" + model.outputSize());
    }
    this.targets = targets;
    this.rows = rows;
  }

  /** The training step number: it selects the dropout masks. */
  public void setStep(long step) {
    this.step = step;
  }

  public long step() {
    return step;
  }

  /** Dropout on (training, the default) or off (the identity). */
  public void setTraining(boolean training) {
    this.training = training;
  }

  /** Loss computed by the last {@link #outputGradient}. */
  public double lastLoss() {
    return lastLoss;
  }

  /** Logits of the output block from its last forward ({@code batchSize() × outputSize}). */
  public float[] logits() {
    return logits;
  }

  @Override
  public int blocks() {
    return blocks;
  }

  @Override
  public int batchSize() {
    return rows;
  }

  @Override
  public int width(int boundary) {
    Objects.checkIndex(boundary, blocks + 1);
    return boundary == 0 ? model.inputSize() : model.dense(boundary - 1).outputSize();
  }

  @Override
  public void forward(int block, float[] in, float[] out) {
    int w = model.dense(block).outputSize();
    boolean last = block == blocks - 1;
    model.forwardBlock(block, in, last ? logits : out, out, rows, threads);
    Dropout d = model.dropout(block);
    if (training && d != null) {
      d.apply(step, block, out, rows * w);
    }
  }

  @Override
  public void outputGradient(float[] output, float[] dOutput) {
    int cols = model.outputSize();
    lastLoss = loss.value(output, logits, targets, rows, cols);
    loss.gradient(output, targets, dOutput, rows, cols);
  }

  @Override
  public void backward(int block, float[] in, float[] out, float[] dOut, float[] dIn) {
    Dense dense = model.dense(block);
    int w = dense.outputSize();
    Activation act = model.activation(block);
    boolean last = block == blocks - 1;
    if (!(last && fused)) {
      float[] a = out;
      Dropout d = model.dropout(block);
      if (training && d != null && d.rate() > 0f) {
        d.backward(step, block, dOut, rows * w);
        if (!act.derivativeFromSign()) {
          model.forwardBlock(block, in, recompute, recompute, rows, threads);
          a = recompute;
        }
      }
      act.backward(a, dOut, dOut, rows, w);
    }
    dense.backward(in, dOut, dIn, rows, threads);
  }
}

package io.vectorgrad.training.trainer;

import io.vectorgrad.training.backprop.BlockNetwork;
import io.vectorgrad.training.layers.Block;
import io.vectorgrad.training.layers.TrainingPass;
import io.vectorgrad.training.loss.Loss;
import io.vectorgrad.training.model.Model;
import java.util.Objects;

/**
 * A {@link Model} with a {@link Loss}, seen by an activation schedule as its chain of {@link Block}s. One
 * instance per trainer (not thread-safe); buffers are sized once for {@code maxBatch} rows.
 *
 * <p>{@link #forward} is a pure function of its input, the parameters and the current step (which fixes
 * the dropout masks), so schedules may call it any number of times. The one thing it writes besides
 * {@code out} is a copy of the output block's logits, which the loss reads; that copy is also a pure
 * function of the block input, so recomputing the output block rewrites the same bits. Each block's kept
 * buffer is {@code outputWidth + savedWidth} floats per row ({@link #keptWidth}), which is what
 * {@link #widths()} gives the schedule.
 */
public final class ModelNetwork implements BlockNetwork {
  private final Model model;
  private final Loss loss;
  private final int maxBatch;
  private final int threads;
  private final Block[] blocks;
  private final boolean fused;
  private final float[] logits;
  private final TrainingPass pass;
  private float[] targets;
  private int rows;
  private double lastLoss = Double.NaN;

  public ModelNetwork(Model model, Loss loss, int maxBatch, int threads) {
    this.model = Objects.requireNonNull(model, "model");
    this.loss = Objects.requireNonNull(loss, "loss");
    if (maxBatch < 1 || threads < 1) {
      throw new IllegalArgumentException("maxBatch=" + maxBatch + ", threads=" + threads + ": expected both >= 1");
    }
    this.maxBatch = maxBatch;
    this.threads = threads;
    this.blocks = model.blocks().toArray(new Block[0]);
    loss.checkCompatible(model.outputActivation());
    this.fused = loss.fusedWith(model.outputActivation());
    this.logits = new float[Math.multiplyExact(maxBatch, model.outputSize())];
    int scratch = model.scratchWidth();
    this.pass = new TrainingPass(scratch == 0 ? null : new float[Math.multiplyExact(maxBatch, scratch)]);
  }

  /** Threads this network's kernels (and the optimizer step driving it) run on. */
  public int threads() {
    return threads;
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

  /**
   * Kept floats per row at each boundary {@code [input, kept_0, ..., kept_{n−1}]}, as
   * {@code ActivationSchedule.prepare} wants (for a plain Dense chain, the layer widths).
   */
  public int[] widths() {
    int[] w = new int[blocks.length + 1];
    for (int b = 0; b <= blocks.length; b++) {
      w[b] = keptWidth(b);
    }
    return w;
  }

  /** Recompute cost of each block at {@code rows} rows, in FLOPs ({@link Block#forwardFlops}). */
  public long[] blockCosts(int rows) {
    long[] c = new long[blocks.length];
    for (int i = 0; i < c.length; i++) {
      c[i] = blocks[i].forwardFlops(rows);
    }
    return c;
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
    pass.setStep(step);
  }

  public long step() {
    return pass.step();
  }

  /** Training mode (the default: dropout on, BatchNorm on batch statistics) or inference behaviour. */
  public void setTraining(boolean training) {
    pass.setTraining(training);
  }

  /** Whether backward updates BatchNorm running statistics (default true; off for gradient checks). */
  public void setUpdateStatistics(boolean update) {
    pass.setUpdateStatistics(update);
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
    return blocks.length;
  }

  @Override
  public int batchSize() {
    return rows;
  }

  @Override
  public int width(int boundary) {
    Objects.checkIndex(boundary, blocks.length + 1);
    return boundary == 0 ? model.inputSize() : blocks[boundary - 1].outputWidth();
  }

  @Override
  public int keptWidth(int boundary) {
    Objects.checkIndex(boundary, blocks.length + 1);
    return boundary == 0 ? model.inputSize()
        : Math.addExact(blocks[boundary - 1].outputWidth(), blocks[boundary - 1].savedWidth());
  }

  @Override
  public void forward(int block, float[] in, float[] out) {
    pass.setBlock(block);
    blocks[block].forward(in, out, block == blocks.length - 1 ? logits : null, rows, threads, pass);
  }

  @Override
  public void outputGradient(float[] output, float[] dOutput) {
    int cols = model.outputSize();
    lastLoss = loss.value(output, logits, targets, rows, cols);
    loss.gradient(output, targets, dOutput, rows, cols);
  }

  /** The loss of a forward pass whose output (and logits) are current, without a gradient. */
  public double loss(float[] output) {
    return loss.value(output, logits, targets, rows, model.outputSize());
  }

  @Override
  public void backward(int block, float[] in, float[] out, float[] dOut, float[] dIn) {
    pass.setBlock(block);
    pass.setFusedOutput(fused && block == blocks.length - 1);
    blocks[block].backward(in, out, dOut, dIn, rows, threads, pass);
  }
}

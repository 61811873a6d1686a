package io.vectorgrad.training.optim;

import io.vectorgrad.kernels.Elementwise;
import io.vectorgrad.kernels.spi.WorkerPool;
import io.vectorgrad.training.layers.Parameter;
import io.vectorgrad.training.model.Model;
import java.util.Arrays;
import java.util.Objects;

/**
 * The lifecycle of {@link Optimizer}: binding, per-tensor state, the step counter, and the optional L2
 * weight decay {@code g ← g + λ·p} of the gradient-based optimizers (SGD, momentum). Tensor {@code t} is
 * {@code model.parameters().get(t)}.
 *
 * <p>The update is element-wise, so a step cuts every tensor into blocks of {@link #BLOCK} elements (a
 * multiple of every vector width, so only a tensor's last block has a scalar tail, as without blocks) and,
 * when the model has at least {@link #PARALLEL_MIN_ELEMENTS} parameters, runs the blocks on the shared
 * {@link WorkerPool}: each element is computed by the same operations whatever the thread count.
 */
public abstract class AbstractOptimizer implements Optimizer {
  /** Elements per update block; {@code -Dvectorgrad.optimizer.block=N} overrides (rounded up to 64). */
  public static final int BLOCK =
      (Math.max(64, Integer.getInteger("vectorgrad.optimizer.block", 16384)) + 63) / 64 * 64;
  /**
   * Parameters below which a step stays on the calling thread (the hand-off would cost more than the
   * update); {@code -Dvectorgrad.optimizer.parallelMinElements=N} overrides.
   */
  public static final int PARALLEL_MIN_ELEMENTS = Integer.getInteger("vectorgrad.optimizer.parallelMinElements", 65536);

  private final float learningRate;
  private final int statesPerTensor;
  private final float l2;
  private Model bound;
  private Parameter[] params;
  /** state[s][tensor]: the s-th state array (velocity, first moment, ...) of each tensor. */
  protected float[][][] state;
  private long steps;
  /** Update blocks: tensor and first element of each; built by {@link #init}. */
  private int[] blockTensor = new int[0];
  private int[] blockStart = new int[0];
  private long totalElements;
  private float stepRate;
  /** Runs update block {@code b} at {@link #stepRate}; one instance, so a step allocates nothing. */
  private final java.util.function.IntConsumer blockTask = this::updateBlock;

  protected AbstractOptimizer(float learningRate, int statesPerTensor) {
    this(learningRate, statesPerTensor, 0f);
  }

  /** {@code l2}: the L2 weight-decay coefficient λ added to the gradient before the update (0 = none). */
  protected AbstractOptimizer(float learningRate, int statesPerTensor, float l2) {
    if (!(l2 >= 0f) || Float.isInfinite(l2)) {
      throw new IllegalArgumentException("weight decay=" + l2 + ": expected a finite value >= 0");
    }
    this.l2 = l2;
    if (!(learningRate > 0f) || Float.isInfinite(learningRate)) {
      throw new IllegalArgumentException("learning rate=" + learningRate + ": expected a finite value > 0");
    }
    this.learningRate = learningRate;
    this.statesPerTensor = statesPerTensor;
  }

  @Override
  public float learningRate() {
    return learningRate;
  }

  @Override
  public final void init(Model model) {
    Objects.requireNonNull(model, "model");
    params = model.parameters().toArray(new Parameter[0]);
    state = new float[statesPerTensor][params.length][];
    for (int s = 0; s < statesPerTensor; s++) {
      for (int t = 0; t < params.length; t++) {
        state[s][t] = new float[params[t].size()];
      }
    }
    int blocks = 0;
    totalElements = 0;
    for (Parameter p : params) {
      blocks += (p.size() + BLOCK - 1) / BLOCK;
      totalElements += p.size();
    }
    blockTensor = new int[blocks];
    blockStart = new int[blocks];
    int b = 0;
    for (int t = 0; t < params.length; t++) {
      for (int from = 0; from < params[t].size(); from += BLOCK) {
        blockTensor[b] = t;
        blockStart[b] = from;
        b++;
      }
    }
    bound = model;
    steps = 0;
  }

  @Override
  public final void step(Model model, float lr) {
    step(model, lr, 1);
  }

  @Override
  public final void step(Model model, float lr, int threads) {
    if (model != bound) {
      init(model);
    }
    if (!(lr >= 0f) || Float.isInfinite(lr)) {
      throw new IllegalArgumentException("learning rate=" + lr + " at optimizer step " + steps
          + ": expected a finite value >= 0");
    }
    if (threads < 1) {
      throw new IllegalArgumentException("threads=" + threads + ": expected >= 1");
    }
    steps++;
    beginStep(steps);
    stepRate = lr;
    if (threads == 1 || totalElements < PARALLEL_MIN_ELEMENTS) {
      for (int b = 0; b < blockTensor.length; b++) {
        updateBlock(b);
      }
    } else {
      WorkerPool.shared().run(blockTensor.length, threads, blockTask);
    }
  }

  private void updateBlock(int b) {
    int t = blockTensor[b];
    Parameter p = params[t];
    int from = blockStart[b];
    int to = Math.min(p.size(), from + BLOCK);
    if (l2 != 0f) {
      // L2 regularisation λ/2·‖p‖² adds λ·p to the gradient (in place: the gradient arrays then hold it)
      Elementwise.axpy(l2, p.values(), from, p.gradient(), from, to - from);
    }
    update(t, p.values(), p.gradient(), stepRate, from, to);
  }

  /** The L2 weight-decay coefficient (0 = none). */
  public float weightDecay() {
    return l2;
  }

  /** Called once per step before the tensor updates, with the 1-based step number. */
  protected void beginStep(long step) {}

  /**
   * Updates elements {@code [from, to)} of one tensor in place from its gradient; may run on a worker
   * thread, concurrently with other ranges (of this tensor or others).
   */
  protected abstract void update(int tensor, float[] param, float[] grad, float lr, int from, int to);

  /**
   * The live state arrays, {@code [s][tensor]} (s: velocity, first moment, ...), for saving and restoring a
   * training state; {@code null} before binding.
   */
  public final float[][][] stateArrays() {
    return state;
  }

  /** Sets the step count after the state arrays were restored from a saved training state. */
  public final void resumeAt(long steps) {
    if (steps < 0) {
      throw new IllegalArgumentException("steps=" + steps + ": expected >= 0");
    }
    this.steps = steps;
  }

  @Override
  public long steps() {
    return steps;
  }

  @Override
  public void reset() {
    steps = 0;
    if (state != null) {
      for (float[][] perTensor : state) {
        for (float[] a : perTensor) {
          Arrays.fill(a, 0f);
        }
      }
    }
  }

  static float checkRange(String name, double value, double lo, double hi) {
    if (!(value >= lo && value <= hi)) {
      throw new IllegalArgumentException(name + "=" + value + ": expected " + lo + " <= " + name + " <= " + hi);
    }
    return (float) value;
  }
}

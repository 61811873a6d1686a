package io.vectorgrad.training.optim;

import io.vectorgrad.kernels.Elementwise;
import io.vectorgrad.training.layers.Parameter;
import io.vectorgrad.training.model.Model;
import java.util.Arrays;
import java.util.Objects;

/**
 * The lifecycle of {@link Optimizer}: binding, per-tensor state, the step counter, and the optional L2
 * weight decay {@code g ← g + λ·p} of the gradient-based optimizers (SGD, momentum). Tensor {@code t} is
 * {@code model.parameters().get(t)}.
 */
public abstract class AbstractOptimizer implements Optimizer {
  private final float learningRate;
  private final int statesPerTensor;
  private final float l2;
  private Model bound;
  private Parameter[] params;
  /** state[s][tensor]: the s-th state array (velocity, first moment, ...) of each tensor. */
  protected float[][][] state;
  private long steps;

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
    bound = model;
    steps = 0;
  }

  @Override
  public final void step(Model model, float lr) {
    if (model != bound) {
      init(model);
    }
    if (!(lr >= 0f) || Float.isInfinite(lr)) {
      throw new IllegalArgumentException("learning rate=" + lr + " at optimizer step " + steps
          + ": expected a finite value >= 0");
    }
    steps++;
    beginStep(steps);
    for (int t = 0; t < params.length; t++) {
      Parameter p = params[t];
      if (l2 != 0f) {
        // L2 regularisation λ/2·‖p‖² adds λ·p to the gradient (in place: the gradient arrays then hold it)
        Elementwise.axpy(l2, p.values(), 0, p.gradient(), 0, p.size());
      }
      update(t, p.values(), p.gradient(), lr);
    }
  }

  /** The L2 weight-decay coefficient (0 = none). */
  public float weightDecay() {
    return l2;
  }

  /** Called once per step before the tensor updates, with the 1-based step number. */
  protected void beginStep(long step) {}

  /** Updates one tensor in place from its gradient. */
  protected abstract void update(int tensor, float[] param, float[] grad, float lr);

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

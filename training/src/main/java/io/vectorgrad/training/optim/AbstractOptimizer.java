package io.vectorgrad.training.optim;

import io.vectorgrad.training.layers.Dense;
import io.vectorgrad.training.model.Model;
import java.util.Arrays;
import java.util.Objects;

/**
 * The lifecycle of {@link Optimizer}: binding, per-tensor state, the step counter. Tensors are numbered
 * {@code 2i} (weights of Dense {@code i}) and {@code 2i + 1} (its bias).
 */
public abstract class AbstractOptimizer implements Optimizer {
  private final float learningRate;
  private final int statesPerTensor;
  private Model bound;
  /** state[s][tensor]: the s-th state array (velocity, first moment, ...) of each tensor. */
  protected float[][][] state;
  private long steps;

  protected AbstractOptimizer(float learningRate, int statesPerTensor) {
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
    int tensors = 2 * model.denseCount();
    state = new float[statesPerTensor][tensors][];
    for (int s = 0; s < statesPerTensor; s++) {
      for (int i = 0; i < model.denseCount(); i++) {
        state[s][2 * i] = new float[model.dense(i).weights().length];
        state[s][2 * i + 1] = new float[model.dense(i).bias().length];
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
    for (int i = 0; i < model.denseCount(); i++) {
      Dense d = model.dense(i);
      update(2 * i, d.weights(), d.weightGradients(), lr);
      update(2 * i + 1, d.bias(), d.biasGradients(), lr);
    }
  }

  /** Called once per step before the tensor updates, with the 1-based step number. */
  protected void beginStep(long step) {}

  /** Updates one tensor in place from its gradient. */
  protected abstract void update(int tensor, float[] param, float[] grad, float lr);

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

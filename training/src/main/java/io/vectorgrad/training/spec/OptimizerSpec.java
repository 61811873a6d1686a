package io.vectorgrad.training.spec;

import io.vectorgrad.training.optim.AdamW;
import io.vectorgrad.training.optim.Optimizer;
import io.vectorgrad.training.optim.Optimizers;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The optimizers a user can name, with their default hyper-parameters (see {@link Optimizers}). */
public enum OptimizerSpec {
  SGD("sgd", 0), MOMENTUM("momentum", 1), NESTEROV("nesterov", 1), ADAM("adam", 2), ADAMW("adamw", 2);

  /** Accepted names, in declaration order. */
  public static final List<String> NAMES = names();
  /** AdamW's default decoupled weight decay. */
  public static final double DEFAULT_WEIGHT_DECAY = 0.01;

  private final String spec;
  private final int stateCopies;

  OptimizerSpec(String spec, int stateCopies) {
    this.spec = spec;
    this.stateCopies = stateCopies;
  }

  private static List<String> names() {
    List<String> l = new ArrayList<>();
    for (OptimizerSpec o : values()) {
      l.add(o.spec);
    }
    return List.copyOf(l);
  }

  public String spec() {
    return spec;
  }

  /** Per-parameter state arrays the optimizer keeps (velocity, moments): for memory estimates. */
  public int stateCopies() {
    return stateCopies;
  }

  /** Whether a weight decay can be given ({@code adamw} only). */
  public boolean takesWeightDecay() {
    return this == ADAMW;
  }

  public static OptimizerSpec parse(String name) {
    String s = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
    for (OptimizerSpec o : values()) {
      if (o.spec.equals(s)) {
        return o;
      }
    }
    throw new SpecException("optimizer '" + name + "' is not one of: " + String.join(", ", NAMES));
  }

  /**
   * A new optimizer with learning rate {@code lr}; {@code weightDecay} is NaN for the default and may only be
   * given for {@code adamw}.
   */
  public Optimizer create(double lr, double weightDecay) {
    if (!(lr > 0) || !Double.isFinite(lr)) {
      throw new SpecException("learning rate " + lr + " must be a positive finite number");
    }
    if (!Double.isNaN(weightDecay) && !takesWeightDecay()) {
      throw new SpecException("a weight decay applies to optimizer adamw only, not " + spec);
    }
    if (this == ADAMW) {
      double wd = Double.isNaN(weightDecay) ? DEFAULT_WEIGHT_DECAY : weightDecay;
      if (!(wd >= 0 && wd <= 1)) {
        throw new SpecException("weight decay " + weightDecay + " is not between 0 and 1");
      }
      return new AdamW((float) lr, 0.9f, 0.999f, 1e-8f, (float) wd);
    }
    return Optimizers.fromSpec(spec, (float) lr);
  }
}
